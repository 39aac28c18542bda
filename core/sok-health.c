/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-health"

#include "config.h"

#include <fontconfig/fontconfig.h>

#include "sok-aup.h"
#include "sok-config.h"
#include "sok-health.h"
#include "sok-kiosk.h"
#include "sok-outbox.h"
#include "sok-paths.h"
#include "sok-report-content.h"
#include "sok-seal.h"
#include "sok-staff.h"
#include "sok-store.h"

static void
health_item_free (gpointer data)
{
  SokHealthItem *item = data;

  g_free (item->check);
  g_free (item->message);
  g_free (item->fix);
  g_free (item);
}

/**
 * sok_health_add:
 * @fix: (nullable): what a person should do, when the level is not OK
 */
void
sok_health_add (GPtrArray      *items,
                const char     *check,
                SokHealthLevel  level,
                const char     *fix,
                const char     *format,
                ...)
{
  SokHealthItem *item;
  va_list args;

  g_return_if_fail (items != NULL);
  g_return_if_fail (check != NULL);

  item = g_new0 (SokHealthItem, 1);
  item->check = g_strdup (check);
  item->level = level;
  item->fix = g_strdup (fix);
  va_start (args, format);
  item->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (items, item);
}

const char *
sok_health_level_to_string (SokHealthLevel level)
{
  switch (level)
    {
    case SOK_HEALTH_OK:
      return "ok";
    case SOK_HEALTH_WARNING:
      return "warning";
    case SOK_HEALTH_PROBLEM:
    default:
      return "problem";
    }
}

gboolean
sok_health_all_ok (GPtrArray *items)
{
  g_return_val_if_fail (items != NULL, FALSE);

  for (guint i = 0; i < items->len; i++)
    if (((SokHealthItem *)g_ptr_array_index (items, i))->level == SOK_HEALTH_PROBLEM)
      return FALSE;

  return TRUE;
}

static void
check_data_dir (const char *data_dir,
                GPtrArray  *items)
{
  g_autoptr (GError) error = NULL;

  if (!sok_store_check_data_dir (data_dir, &error))
    sok_health_add (items, "data-dir", SOK_HEALTH_PROBLEM, NULL, "%s", error->message);
  else
    sok_health_add (items, "data-dir", SOK_HEALTH_OK, NULL,
                    "%s is private to the kiosk's user", data_dir);
}

static void
check_settings (const char *data_dir,
                GPtrArray  *items)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = sok_config_load (data_dir, &error);

  if (config == NULL)
    {
      sok_health_add (items, "settings", SOK_HEALTH_PROBLEM,
                      "Correct it with “sokctl config set KEY VALUE”.", "%s", error->message);
      return;
    }

  if (*sok_config_get_school_name (config) == '\0')
    sok_health_add (items, "settings", SOK_HEALTH_PROBLEM,
                    "Run “sokctl config set school-name NAME”.",
                    "The school's name is not set");
  else if (*sok_config_get_queue (config) == '\0')
    sok_health_add (items, "settings", SOK_HEALTH_PROBLEM,
                    "Run “sokctl config set queue sqlite:/PATH” or a postgresql:// address.",
                    "No DSL queue is set, so reports could not be delivered");
  else
    sok_health_add (items, "settings", SOK_HEALTH_OK, NULL, "kiosk.conf is valid");
}

static void
check_database (const char *data_dir,
                GPtrArray  *items)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autofree char *db_path = g_build_filename (data_dir, "kiosk.db", NULL);
  g_autofree char *problems = NULL;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      sok_health_add (items, "database", SOK_HEALTH_PROBLEM,
                      "Run “sokctl init --school NAME”.", "%s does not exist", db_path);
      return;
    }

  if (!(store = sok_store_open (data_dir, &error)))
    {
      sok_health_add (items, "database", SOK_HEALTH_PROBLEM, NULL, "%s", error->message);
      return;
    }

  if (!sok_store_check_integrity (store, &problems, &error))
    sok_health_add (items, "database", SOK_HEALTH_PROBLEM, NULL, "%s", error->message);
  else if (problems != NULL)
    sok_health_add (items, "database", SOK_HEALTH_PROBLEM,
                    "Stop the kiosk, copy kiosk.db aside, and restore it from a backup.",
                    "%s failed its integrity check: %s", db_path, problems);
  else
    sok_health_add (items, "database", SOK_HEALTH_OK, NULL,
                    "kiosk.db passed its integrity check (schema %d)",
                    sok_store_get_schema_version (store));
}

static void
check_fonts (const char *data_dir,
             GPtrArray  *items)
{
  /* The kiosk's words must render in a real font with the glyphs pupils' names need. */
  FcPattern *pattern;
  FcPattern *match;
  FcResult result = FcResultNoMatch;
  FcChar8 *file = NULL;
  FcCharSet *charset = NULL;
  static const FcChar32 needed[] = { 'A', 'z', 0x00E2 /* â */, 0x015B /* ś */, 0x2019 /* ’ */ };
  gboolean ok = FALSE;

  if (!FcInit ())
    {
      sok_health_add (items, "fonts", SOK_HEALTH_PROBLEM, "Install the fontconfig package.",
                      "fontconfig could not start");
      return;
    }

  pattern = FcNameParse ((const FcChar8 *)"sans-serif");
  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);

  if (match != NULL &&
      FcPatternGetString (match, FC_FILE, 0, &file) == FcResultMatch &&
      FcPatternGetCharSet (match, FC_CHARSET, 0, &charset) == FcResultMatch)
    {
      ok = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
        ok = ok && FcCharSetHasChar (charset, needed[i]);
    }

  if (ok)
    sok_health_add (items, "fonts", SOK_HEALTH_OK, NULL, "Text is drawn with %s",
                    (const char *)file);
  else
    sok_health_add (items, "fonts", SOK_HEALTH_PROBLEM,
                    "Install a font: apt-get install fonts-dejavu-core.",
                    "No font was found that can write pupils' names");

  if (match != NULL)
    FcPatternDestroy (match);
  FcPatternDestroy (pattern);
}

static void
check_icons (const char *data_dir,
             GPtrArray  *items)
{
  static const char * const required[] = {
    "tile-promise", "tile-tell", "hide", "listen", "back", "next", "still-here",
  };
  const char *dir = sok_paths_get_icons_dir ();
  g_autoptr (GString) missing = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autofree char *file = g_strconcat (required[i], ".svg", NULL);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", file);
    }

  if (missing->len > 0)
    sok_health_add (items, "icons", SOK_HEALTH_PROBLEM,
                    "Reinstall the safe-online-kiosk package.",
                    "Pictures are missing from %s: %s", dir, missing->str);
  else
    sok_health_add (items, "icons", SOK_HEALTH_OK, NULL, "The kiosk's pictures are in %s", dir);
}

static void
check_report_content (const char *data_dir,
                      GPtrArray  *items)
{
  g_autoptr (SokReportContent) content = sok_report_content_load (data_dir, NULL);
  const GError *override_error;

  if (content == NULL)
    {
      sok_health_add (items, "content", SOK_HEALTH_PROBLEM,
                      "Reinstall the safe-online-kiosk package.",
                      "The shipped report choices (report/report.ini) are missing or broken");
      return;
    }

  if ((override_error = sok_report_content_get_override_error (content)))
    sok_health_add (items, "content", SOK_HEALTH_WARNING,
                    "Correct the school's file, or remove it to use the shipped one.",
                    "%s. The shipped report choices are used meanwhile", override_error->message);
  else
    sok_health_add (items, "content", SOK_HEALTH_OK, NULL, "The report choices are sound");
}

static void
check_content (const char *data_dir,
               GPtrArray  *items)
{
  static const SokAgeBand bands[] = { SOK_AGE_BAND_EARLY, SOK_AGE_BAND_JUNIOR };
  guint overrides = 0;
  gboolean all_ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SokAup) shipped = NULL;
      g_autofree char *path = NULL;
      g_autofree char *relative = g_strdup_printf ("aup/%s.ini", sok_age_band_to_string (bands[i]));
      g_autofree char *shipped_path = g_build_filename (sok_paths_get_shipped_dir (), relative, NULL);

      /* The shipped rules are what a broken school file falls back to. */
      if (!(shipped = sok_aup_load_file (shipped_path, bands[i], NULL, &error)))
        {
          sok_health_add (items, "content", SOK_HEALTH_PROBLEM,
                          "Reinstall the safe-online-kiosk package.",
                          "The shipped %s AUP cannot be used: %s",
                          sok_age_band_to_string (bands[i]), error->message);
          all_ok = FALSE;
          continue;
        }

      if (!sok_aup_check_override (data_dir, bands[i], &path, &error))
        {
          sok_health_add (items, "content", SOK_HEALTH_PROBLEM,
                          "Correct the school's file, or remove it to use the shipped rules.",
                          "The school's %s AUP was refused, so the shipped rules are used "
                          "meanwhile: %s", sok_age_band_to_string (bands[i]), error->message);
          all_ok = FALSE;
        }
      else if (path != NULL)
        overrides++;
    }

  if (all_ok)
    sok_health_add (items, "content", SOK_HEALTH_OK, NULL,
                    "The pupils' AUPs are sound (%u of the school's own)", overrides);
}

/* Reports: without the DSL's public key the kiosk accepts none (a child is asked to
 * tell a grown-up in person), which a new kiosk may well be waiting for, so it is a
 * warning rather than a problem. Reports that wait because delivery fails are a
 * warning with the reason. */
static void
check_reports (const char *data_dir,
               GPtrArray  *items)
{
  g_autoptr (SokConfig) config = sok_config_load (data_dir, NULL);
  g_autoptr (SokStore) store = NULL;
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  const char *public_key;

  /* check_settings has said what is wrong with the settings. */
  if (config == NULL)
    return;

  public_key = sok_config_get_dsl_public_key (config);
  if (public_key == NULL || *public_key == '\0')
    sok_health_add (items, "reports", SOK_HEALTH_WARNING,
                    "On the DSL's computer run “sokctl keys generate --out DIR "
                    "--passphrase-file FILE”, then here “sokctl config set dsl-public-key "
                    "\"$(cat DIR/dsl.pub)\"”.",
                    "No DSL public key is set, so the kiosk refuses reports: a child who "
                    "tries is asked to tell a grown-up in person");
  else if ((fingerprint = sok_seal_dup_fingerprint (public_key)) == NULL)
    sok_health_add (items, "reports", SOK_HEALTH_PROBLEM,
                    "Set it again with “sokctl config set dsl-public-key \"$(cat dsl.pub)\"”.",
                    "The DSL public key is not valid, so the kiosk refuses reports");
  else if (*sok_config_get_kiosk_id (config) == '\0')
    sok_health_add (items, "reports", SOK_HEALTH_WARNING,
                    "Run “sokctl config set kiosk-id NAME”.",
                    "This kiosk has no kiosk-id, so it refuses reports");
  else if (!sok_seal_check_dsl_public_key (public_key, &error))
    {
      sok_health_add (items, "reports", SOK_HEALTH_PROBLEM,
                      "Set it again with “sokctl config set dsl-public-key \"$(cat dsl.pub)\"”.",
                      "The DSL public key cannot be the DSL's: %s", error->message);
      g_clear_error (&error);
    }
  else
    {
      g_autofree char *words = sok_seal_dup_fingerprint_words (public_key);
      g_autofree char *fix = g_strdup_printf ("Check that the DSL console's About screen (or "
                                              "“sokctl keys fingerprint dsl.pub” on the DSL's "
                                              "computer) shows the same words, then run "
                                              "“sokctl config set dsl-key-confirmed \"%s\"”.",
                                              words);

      sok_health_add (items, "reports", SOK_HEALTH_OK, NULL,
                      "Reports are sealed to the DSL key with fingerprint %s", fingerprint);
      /* A key pasted from the wrong file, or swapped by someone, seals every report
       * where the DSL cannot open it: until a person has compared the words with the
       * DSL's console, keep saying so. */
      if (sok_config_get_dsl_key_confirmed (config))
        sok_health_add (items, "dsl-words", SOK_HEALTH_OK, NULL,
                        "The DSL key's words “%s” were checked against the DSL's console",
                        words);
      else
        sok_health_add (items, "dsl-words", SOK_HEALTH_WARNING, fix,
                        "Nobody has yet confirmed the DSL key's fingerprint words “%s”",
                        words);
    }

  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR) ||
      !(store = sok_store_open (data_dir, &error)) ||
      !sok_outbox_get_status (store, &status, &error))
    return;  /* check_database has said why */

  if (status.waiting > 0 && status.last_error != NULL)
    sok_health_add (items, "outbox", SOK_HEALTH_WARNING,
                    "Fix the cause, then run “sokctl sync”; “sokctl outbox status” tells more.",
                    "%u %s waiting, safely, because delivery to the DSL queue failed: %s",
                    status.waiting, status.waiting == 1 ? "report is" : "reports are",
                    status.last_error);
  else
    sok_health_add (items, "outbox", SOK_HEALTH_OK, NULL, "%u %s waiting for delivery",
                    status.waiting, status.waiting == 1 ? "report is" : "reports are");
}

/* The kiosk must hold only the DSL's public key: a locked box with a slot. The
 * private key, even encrypted, belongs only where the DSL console runs; on a kiosk
 * it would be one guessed passphrase away from every report. Looks for the file
 * `sokctl keys generate` writes, in the data directory and the folders in it. */
static void
check_private_key (const char *data_dir,
                   GPtrArray  *items)
{
  g_autoptr (GDir) dir = g_dir_open (data_dir, 0, NULL);
  g_autofree char *found = NULL;
  const char *name;

  found = g_build_filename (data_dir, "dsl.key", NULL);
  if (!g_file_test (found, G_FILE_TEST_EXISTS))
    g_clear_pointer (&found, g_free);

  while (found == NULL && dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (data_dir, name, "dsl.key", NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        found = g_steal_pointer (&path);
    }

  if (found != NULL)
    sok_health_add (items, "dsl-key", SOK_HEALTH_PROBLEM,
                    "Move it (and a backup) to the computer where the DSL console runs, "
                    "then delete it here.",
                    "The DSL's private key is on this kiosk (%s); a kiosk must hold only "
                    "the public key", found);
  else
    sok_health_add (items, "dsl-key", SOK_HEALTH_OK, NULL,
                    "The kiosk holds no DSL private key");
}

/* Staff: a member locked by ten wrong PINs in a day cannot open staff mode until IT
 * unlocks them. Saying who is locked lets IT act before they are asked. */
static void
check_staff (const char *data_dir,
             GPtrArray  *items)
{
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GPtrArray) members = NULL;
  guint locked = 0;

  if (!(store = sok_store_open (data_dir, NULL)) || !(members = sok_staff_list (store, NULL)))
    return;  /* check_database has said why */

  /* A new kiosk may well have nobody yet; staff mode then stays closed, which is safe. */
  if (members->len == 0)
    {
      sok_health_add (items, "staff", SOK_HEALTH_OK, NULL,
                      "No member of staff has a PIN yet (“sokctl staff add” adds one), so "
                      "staff mode stays closed");
      return;
    }

  for (guint i = 0; i < members->len; i++)
    {
      SokStaffMember *member = g_ptr_array_index (members, i);
      g_autofree char *fix = NULL;

      if (!member->locked)
        continue;
      locked++;
      fix = g_strdup_printf ("Check with them that the wrong PINs were theirs, then run "
                             "“sokctl staff unlock \"%s\"”.", member->name);
      sok_health_add (items, "staff", SOK_HEALTH_WARNING, fix,
                      "%s cannot open staff mode: locked after %d wrong PINs within 24 hours",
                      member->name, SOK_STAFF_MAX_FAILED_PER_DAY);
    }

  if (locked == 0)
    sok_health_add (items, "staff", SOK_HEALTH_OK, NULL,
                    members->len == 1 ? "%u member of staff can open staff mode"
                                      : "%u members of staff can open staff mode",
                    members->len);
}

/* The kiosk's own signing key: without it reports still go, unsigned, and the DSL's
 * console marks every one of them, so it is a warning. A damaged key is a problem. */
static void
check_kiosk_key (const char *data_dir,
                 GPtrArray  *items)
{
  g_autoptr (SokKioskKey) key = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *public_key = NULL;
  g_autofree char *words = NULL;
  g_autofree char *hex = NULL;

  key = sok_kiosk_key_load (data_dir, &error);
  if (key == NULL)
    {
      if (g_error_matches (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_NOT_ENROLLED))
        sok_health_add (items, "kiosk-key", SOK_HEALTH_WARNING,
                        "Run “sokctl kiosk enrol”, then ask the DSL to approve the words it "
                        "shows (“sokctl queue kiosks approve WORDS” or the console's Kiosks).",
                        "This kiosk is not enrolled: its reports are sent unsigned and the "
                        "DSL's console marks each one");
      else
        sok_health_add (items, "kiosk-key", SOK_HEALTH_PROBLEM,
                        "Move the file aside, run “sokctl kiosk enrol”, and ask the DSL to "
                        "approve the new key.", "%s", error->message);
      return;
    }

  public_key = sok_kiosk_key_dup_public_key_base64 (key);
  words = sok_kiosk_dup_fingerprint_words (public_key);
  hex = sok_kiosk_dup_fingerprint_hex (public_key);
  sok_health_add (items, "kiosk-key", SOK_HEALTH_OK, NULL,
                  "This kiosk signs its reports; its fingerprint is “%s” (%s)", words, hex);
}

/* The checks, in the order a person should fix what they find. Each area of the
 * kiosk adds its own here. */
static const SokHealthCheckFunc checks[] = {
  check_data_dir,
  check_settings,
  check_database,
  check_fonts,
  check_icons,
  check_report_content,
  check_content,
  check_reports,
  check_kiosk_key,
  check_private_key,
  check_staff,
};

/**
 * sok_health_run:
 * @data_dir: the kiosk's data directory
 *
 * Checks the installation: data directory permissions, settings, database integrity,
 * fonts, pictures and content. Read-only: it changes nothing.
 *
 * Returns: (transfer full) (element-type SokHealthItem): what was found.
 */
GPtrArray *
sok_health_run (const char *data_dir)
{
  GPtrArray *items;

  g_return_val_if_fail (data_dir != NULL, NULL);

  items = g_ptr_array_new_with_free_func (health_item_free);

  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      sok_health_add (items, "data-dir", SOK_HEALTH_PROBLEM,
                      "Run “sokctl --data-dir DIR init --school NAME”.",
                      "%s does not exist", data_dir);
      return items;
    }

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    checks[i] (data_dir, items);

  return items;
}
