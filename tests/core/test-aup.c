/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-aup"

#include "config.h"

#include <glib/gstdio.h>

#include "sok-aup.h"
#include "sok-health.h"
#include "sok-language.h"
#include "sok-paths.h"
#include "sok-store.h"

static char *
new_data_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("aup-XXXXXX", &error);
  char *dir;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "data", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static char *
dup_shipped_with_translations (const char *band)
{
  g_autofree char *path = g_strdup_printf ("%s/aup/%s.ini", sok_paths_get_shipped_dir (), band);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* The shipped file in English only (without its text[cy]=… lines), as a school that
 * writes its own rules in English would save it. */
static char *
dup_shipped (const char *band)
{
  g_autofree char *contents = dup_shipped_with_translations (band);
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  GString *english = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      const char *bracket = strchr (lines[i], '[');
      const char *eq = strchr (lines[i], '=');

      if (bracket != NULL && eq != NULL && bracket < eq && lines[i][0] != '[')
        continue;
      g_string_append (english, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (english, '\n');
    }

  return g_string_free (english, FALSE);
}

static void
write_override (const char *data_dir,
                const char *band,
                const char *contents)
{
  g_autofree char *dir = g_build_filename (data_dir, "aup", NULL);
  g_autofree char *file = g_strdup_printf ("%s.ini", band);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
replace (const char *text,
         const char *old,
         const char *new)
{
  g_auto (GStrv) parts = g_strsplit (text, old, 2);

  g_assert_nonnull (parts[1]);
  return g_strconcat (parts[0], new, parts[1], NULL);
}

/* @text without its first @n [Rule …] groups. */
static char *
cut_rules (const char *text,
           guint       n)
{
  g_autofree char *out = g_strdup (text);

  for (guint i = 0; i < n; i++)
    {
      char *start = strstr (out, "[Rule ");
      char *end;

      g_assert_nonnull (start);
      end = strstr (start + 1, "\n[");
      g_assert_nonnull (end);
      memmove (start, end + 1, strlen (end + 1) + 1);
    }
  return g_steal_pointer (&out);
}

static void
test_aup_early_has_be_safe_online_rules (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokAup) aup = sok_aup_load (NULL, SOK_AGE_BAND_EARLY, NULL, &error);
  const char *rules[] = {
    "I only go online with a grown up.",
    "I am kind online.",
    "I keep information about me safe.",
    "I tell a grown up if something online makes me unhappy.",
  };
  const char *icons[] = {
    "rule-online-with-grown-up", "rule-kind-online", "rule-keep-info-safe", "rule-tell-grown-up",
  };

  g_assert_no_error (error);
  g_assert_cmpint (sok_aup_get_band (aup), ==, SOK_AGE_BAND_EARLY);
  g_assert_cmpstr (sok_aup_get_title (aup), ==, "Be Safe Online");
  g_assert_cmpstr (sok_aup_get_locale (aup), ==, "en");
  g_assert_false (sok_aup_get_is_override (aup));
  g_assert_null (sok_aup_get_override_error (aup));
  g_assert_cmpuint (sok_aup_get_n_rules (aup), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpstr (sok_aup_get_rule_text (aup, i), ==, rules[i]);
      g_assert_cmpstr (sok_aup_get_rule_icon (aup, i), ==, icons[i]);
    }
  g_assert_cmpstr (sok_aup_get_rule_recording (aup, 0), ==, "recordings/early-1.ogg");
  g_assert_nonnull (strstr (sok_aup_get_agreement (aup), "keep myself and others safe online"));
  g_assert_cmpuint (strlen (sok_aup_get_sha256 (aup)), ==, 64);
}

static void
test_aup_junior_is_a_fuller_agreement (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokAup) aup = sok_aup_load (NULL, SOK_AGE_BAND_JUNIOR, NULL, &error);
  g_autoptr (GString) all = g_string_new (NULL);
  const char *topics[] = { "password", "ask a grown-up", "kind and respectful",
                           "personal information", "never meet", "trusted adult",
                           "school checks", "break these rules" };

  g_assert_no_error (error);
  g_assert_cmpuint (sok_aup_get_n_rules (aup), >=, 8);
  g_assert_cmpuint (sok_aup_get_n_rules (aup), <=, 12);
  for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
    {
      g_assert_true (g_str_has_prefix (sok_aup_get_rule_text (aup, i), "I "));
      g_assert_true (g_str_has_prefix (sok_aup_get_rule_icon (aup, i), "rule-"));
      g_string_append_printf (all, "%s\n", sok_aup_get_rule_text (aup, i));
    }
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      g_test_message ("topic: %s", topics[i]);
      g_assert_nonnull (strstr (all->str, topics[i]));
    }
  g_assert_cmpstr (sok_aup_get_sha256 (aup), !=, "");
}

static void
test_aup_version_ignores_spacing_but_not_words (void)
{
  g_autofree char *dir = new_data_dir ();
  g_autofree char *shipped = dup_shipped ("early");
  g_autofree char *spaced = replace (shipped, "text=I am kind online.",
                                     "text=  I  am kind\\t online.   ");
  g_autofree char *decomposed = NULL;
  g_autofree char *changed = replace (shipped, "text=I am kind online.", "text=I am always kind online.");
  g_autoptr (SokAup) original = sok_aup_load (NULL, SOK_AGE_BAND_EARLY, NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SokAup) a = NULL;
  g_autoptr (SokAup) b = NULL;

  write_override (dir, "early", spaced);
  a = sok_aup_load (dir, SOK_AGE_BAND_EARLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sok_aup_get_is_override (a));
  g_assert_cmpstr (sok_aup_get_rule_text (a, 1), ==, "I am kind online.");
  g_assert_cmpstr (sok_aup_get_sha256 (a), ==, sok_aup_get_sha256 (original));

  write_override (dir, "early", changed);
  b = sok_aup_load (dir, SOK_AGE_BAND_EARLY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sok_aup_get_sha256 (b), !=, sok_aup_get_sha256 (original));
  g_assert_nonnull (strstr (sok_aup_get_content (b), "rule kind-online=I am always kind online.\n"));

  /* The hash is the SHA-256 of the documented normalised content. */
  {
    g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                          sok_aup_get_content (b), -1);
    g_assert_cmpstr (sum, ==, sok_aup_get_sha256 (b));
    g_assert_true (g_str_has_prefix (sok_aup_get_content (b),
                                     "band=early\nlocale=en\ntitle=Be Safe Online\n"));
  }

  /* NFC: "é" written as e + combining accent is the same version as "é". */
  {
    g_autofree char *composed = replace (shipped, "text=I am kind online.", "text=I am kind online, café.");
    g_autoptr (SokAup) c = NULL;
    g_autoptr (SokAup) d = NULL;

    decomposed = replace (shipped, "text=I am kind online.", "text=I am kind online, cafe\xCC\x81.");
    write_override (dir, "early", composed);
    c = sok_aup_load (dir, SOK_AGE_BAND_EARLY, NULL, &error);
    write_override (dir, "early", decomposed);
    d = sok_aup_load (dir, SOK_AGE_BAND_EARLY, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sok_aup_get_sha256 (c), ==, sok_aup_get_sha256 (d));
  }
}

static void
test_aup_broken_school_file_refused (void)
{
  g_autofree char *shipped = dup_shipped ("early");
  g_autofree char *junior = dup_shipped ("junior");
  g_autoptr (SokAup) original = sok_aup_load (NULL, SOK_AGE_BAND_EARLY, NULL, NULL);
  struct { const char *name; char *contents; const char *says; } cases[] = {
    { "unknown key", replace (shipped, "icon=rule-kind-online", "icon=rule-kind-online\ncolour=red"),
      "line 19: “colour” is not a key of [Rule kind-online]" },
    { "missing text", replace (shipped, "text=I am kind online.\n", ""),
      "line 16: [Rule kind-online] has no text" },
    { "empty text", replace (shipped, "text=I am kind online.", "text=   "),
      "line 17: “text” is empty" },
    { "unknown icon", replace (shipped, "icon=rule-kind-online", "icon=rule-unicorn"),
      "line 18: there is no picture called “rule-unicorn”" },
    { "overlong text", replace (shipped, "text=I am kind online.",
                                "text=I am kind online and I am kind online and I am kind online "
                                "and I am kind online and I am kind online and I am kind online "
                                "and I am kind online and I am kind online."),
      "line 17: “text” is 164 characters long; at most 160" },
    { "too few rules", cut_rules (shipped, 2), "needs at least 3 rules" },
    { "too many rules", g_strconcat (shipped, "\n[Rule a]\ntext=A.\nicon=rule-kind-online\n"
                                              "[Rule b]\ntext=B.\nicon=rule-kind-online\n"
                                              "[Rule c]\ntext=C.\nicon=rule-kind-online\n", NULL),
      "line 37: the early AUP may have at most 6 rules" },
    { "wrong band", g_strdup (junior), "band is “junior”" },
    { "not a key=value line", replace (shipped, "[Rule kind-online]", "[Rule kind-online]\nbe kind"),
      "line 17: expected “key=value”, a [section] or a # comment" },
    { "not UTF-8", replace (shipped, "I am kind online.", "I am kind online \xE9."),
      "line 17: the text is not UTF-8; save the file as UTF-8" },
    { "key set twice", replace (shipped, "icon=rule-kind-online", "icon=rule-kind-online\nicon=rule-kind-online"),
      "line 19: “icon” is set twice in [Rule kind-online] (first on line 18)" },
    { "unknown group", g_strconcat (shipped, "[Extras]\nx=1\n", NULL),
      "line 30: [Extras] is not a group of this file" },
    { "recording outside the data directory",
      replace (shipped, "recordings/early-2.ogg", "../../etc/passwd"),
      "line 19: recording must be a file name inside the data directory" },
    { "no [AUP] group", replace (shipped, "[AUP]", "[Rules]"), "no [AUP] group" },
    { "a group twice", g_strconcat (shipped, "\n[Rule kind-online]\ntext=Again.\n", NULL),
      "line 31: the section [Rule kind-online] is already on line 16" },
    { "a key name with a space", replace (shipped, "icon=rule-kind-online", "my icon=rule-kind-online"),
      "line 18: “my icon” is not a key name" },
    { "a control character", replace (shipped, "I am kind online.", "I am kind\x01online."),
      "line 17: “text” holds a control character" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = new_data_dir ();
      g_autofree char *path = g_build_filename (dir, "aup", "early.ini", NULL);
      g_autofree char *checked_path = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) check_error = NULL;
      g_autoptr (SokAup) aup = NULL;
      const GError *refused;

      g_test_message ("case: %s", cases[i].name);
      write_override (dir, "early", cases[i].contents);

      /* The shipped rules are used meanwhile, and the reason is kept for staff. */
      g_test_expect_message ("sok-aup", G_LOG_LEVEL_WARNING, "*school's AUP file was refused*");
      aup = sok_aup_load (dir, SOK_AGE_BAND_EARLY, NULL, &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
      g_assert_false (sok_aup_get_is_override (aup));
      g_assert_cmpstr (sok_aup_get_sha256 (aup), ==, sok_aup_get_sha256 (original));
      refused = sok_aup_get_override_error (aup);
      g_assert_nonnull (refused);
      g_test_message ("  → %s", refused->message);
      g_assert_true (g_str_has_prefix (refused->message, path));
      g_assert_nonnull (strstr (refused->message, cases[i].says));

      g_assert_false (sok_aup_check_override (dir, SOK_AGE_BAND_EARLY, &checked_path, &check_error));
      g_assert_cmpstr (checked_path, ==, path);
      g_assert_cmpstr (check_error->message, ==, refused->message);

      g_free (cases[i].contents);
    }
}

static void
test_aup_translation_used_only_when_complete (void)
{
  g_autofree char *dir = new_data_dir ();
  g_autofree char *shipped = dup_shipped ("early");
  g_autoptr (GString) welsh = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SokAup) cy = NULL;
  g_autoptr (SokAup) partial = NULL;
  g_autoptr (SokAup) en = NULL;
  g_auto (GStrv) lines = g_strsplit (shipped, "\n", -1);

  /* A Welsh text beside every English one (the words matter less than the keys). */
  for (guint i = 0; lines[i]; i++)
    {
      g_string_append_printf (welsh, "%s\n", lines[i]);
      if (g_str_has_prefix (lines[i], "text=") || g_str_has_prefix (lines[i], "title=") ||
          g_str_has_prefix (lines[i], "intro=") || g_str_has_prefix (lines[i], "agreement="))
        {
          char *eq = strchr (lines[i], '=');
          g_string_append_printf (welsh, "%.*s[cy]=CY %s\n", (int)(eq - lines[i]), lines[i], eq + 1);
        }
    }

  write_override (dir, "early", welsh->str);
  cy = sok_aup_load (dir, SOK_AGE_BAND_EARLY, "cy_GB.UTF-8", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sok_aup_get_locale (cy), ==, "cy");
  g_assert_cmpstr (sok_aup_get_rule_text (cy, 1), ==, "CY I am kind online.");
  en = sok_aup_load (dir, SOK_AGE_BAND_EARLY, "en_GB.UTF-8", &error);
  g_assert_cmpstr (sok_aup_get_rule_text (en, 1), ==, "I am kind online.");
  g_assert_cmpstr (sok_aup_get_sha256 (cy), !=, sok_aup_get_sha256 (en));

  /* One text without Welsh: the whole AUP is shown in English, never mixed. */
  {
    g_autofree char *missing = replace (welsh->str, "text[cy]=CY I am kind online.\n", "");

    write_override (dir, "early", missing);
    partial = sok_aup_load (dir, SOK_AGE_BAND_EARLY, "cy", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sok_aup_get_locale (partial), ==, "en");
    g_assert_cmpstr (sok_aup_get_rule_text (partial, 0), ==, "I only go online with a grown up.");
  }
}

/* The shipped rules in every language the kiosk offers: complete, so never shown in
 * English to a child who chose another language, and each its own version. */
static void
test_aup_shipped_in_every_language (void)
{
  const SokAgeBand bands[] = { SOK_AGE_BAND_EARLY, SOK_AGE_BAND_JUNIOR };
  const char * const *languages = sok_language_get_available ();

  for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
    {
      g_autoptr (SokAup) en = sok_aup_load (NULL, bands[b], "en_GB", NULL);
      g_autoptr (GHashTable) versions = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                g_free, NULL);

      g_assert_cmpstr (sok_aup_get_locale (en), ==, "en");
      g_hash_table_add (versions, g_strdup (sok_aup_get_sha256 (en)));
      for (guint l = 1; languages[l]; l++)
        {
          g_autoptr (GError) error = NULL;
          g_autoptr (SokAup) aup = sok_aup_load (NULL, bands[b], languages[l], &error);

          g_test_message ("%s %s", sok_age_band_to_string (bands[b]), languages[l]);
          g_assert_no_error (error);
          g_assert_cmpstr (sok_aup_get_locale (aup), ==,
                           sok_language_get_content_tag (languages[l]));
          g_assert_cmpuint (sok_aup_get_n_rules (aup), ==, sok_aup_get_n_rules (en));
          g_assert_cmpstr (sok_aup_get_title (aup), !=, sok_aup_get_title (en));
          for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
            g_assert_cmpstr (sok_aup_get_rule_text (aup, i), !=, sok_aup_get_rule_text (en, i));
          g_assert_false (g_hash_table_contains (versions, sok_aup_get_sha256 (aup)));
          g_hash_table_add (versions, g_strdup (sok_aup_get_sha256 (aup)));
        }
    }
}

/* A school that changes only the Polish words makes a new Polish version: pupils who
 * promised in English or Welsh promised to words that have not changed. */
static void
test_aup_school_changes_one_language (void)
{
  g_autofree char *dir = new_data_dir ();
  g_autofree char *shipped = dup_shipped_with_translations ("early");
  g_autofree char *changed = replace (shipped, "text[pl]=W sieci jestem miły dla innych.",
                                      "text[pl]=W internecie jestem miły.");
  g_autoptr (SokAup) en_before = sok_aup_load (NULL, SOK_AGE_BAND_EARLY, "en_GB", NULL);
  g_autoptr (SokAup) cy_before = sok_aup_load (NULL, SOK_AGE_BAND_EARLY, "cy_GB", NULL);
  g_autoptr (SokAup) pl_before = sok_aup_load (NULL, SOK_AGE_BAND_EARLY, "pl_PL", NULL);
  g_autoptr (SokAup) en = NULL;
  g_autoptr (SokAup) cy = NULL;
  g_autoptr (SokAup) pl = NULL;
  g_autoptr (GError) error = NULL;

  write_override (dir, "early", changed);
  en = sok_aup_load (dir, SOK_AGE_BAND_EARLY, "en_GB", &error);
  cy = sok_aup_load (dir, SOK_AGE_BAND_EARLY, "cy_GB", &error);
  pl = sok_aup_load (dir, SOK_AGE_BAND_EARLY, "pl_PL", &error);
  g_assert_no_error (error);
  g_assert_true (sok_aup_get_is_override (pl));
  g_assert_cmpstr (sok_aup_get_rule_text (pl, 1), ==, "W internecie jestem miły.");
  g_assert_cmpstr (sok_aup_get_sha256 (en), ==, sok_aup_get_sha256 (en_before));
  g_assert_cmpstr (sok_aup_get_sha256 (cy), ==, sok_aup_get_sha256 (cy_before));
  g_assert_cmpstr (sok_aup_get_sha256 (pl), !=, sok_aup_get_sha256 (pl_before));
}

static void
test_aup_version_stored_once (void)
{
  g_autofree char *dir = new_data_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = sok_store_open (dir, &error);
  g_autoptr (SokAup) early = sok_aup_load (dir, SOK_AGE_BAND_EARLY, NULL, &error);
  g_autoptr (SokAup) again = sok_aup_load (dir, SOK_AGE_BAND_EARLY, NULL, &error);
  g_autoptr (SokAup) junior = sok_aup_load (dir, SOK_AGE_BAND_JUNIOR, NULL, &error);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 a = 0, b = 0, c = 0;

  g_assert_no_error (error);
  g_assert_true (sok_aup_ensure_version (store, early, &a, &error));
  g_assert_true (sok_aup_ensure_version (store, again, &b, &error));
  g_assert_true (sok_aup_ensure_version (store, junior, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (a, ==, b);
  g_assert_cmpint (a, !=, c);

  stmt = sok_store_prepare (store, "SELECT band, sha256, content FROM aup_versions WHERE id = ?", NULL);
  sqlite3_bind_int64 (stmt, 1, a);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "early");
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 1), ==, sok_aup_get_sha256 (early));
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 2), ==, sok_aup_get_content (early));
}

static void
test_aup_recording_found_in_data_dir (void)
{
  g_autofree char *dir = new_data_dir ();
  g_autofree char *recordings = g_build_filename (dir, "recordings", NULL);
  g_autofree char *file = g_build_filename (recordings, "early-2.ogg", NULL);
  g_autoptr (SokAup) aup = sok_aup_load (dir, SOK_AGE_BAND_EARLY, NULL, NULL);
  g_autofree char *missing = sok_aup_dup_rule_recording_path (aup, dir, 1);
  g_autofree char *found = NULL;

  g_assert_null (missing);
  g_assert_cmpint (g_mkdir_with_parents (recordings, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "OggS", 4, NULL));
  found = sok_aup_dup_rule_recording_path (aup, dir, 1);
  g_assert_cmpstr (found, ==, file);
}

/* The shipped file as a school's editor might save it: CRLF line ends, tabs and runs
 * of spaces around and inside the words, blank lines between groups. */
static char *
respace (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      const char *eq = strchr (lines[i], '=');

      if (g_str_has_prefix (lines[i], "text=") || g_str_has_prefix (lines[i], "intro="))
        {
          g_autofree char *spaced = NULL;
          g_auto (GStrv) words = g_strsplit (eq + 1, " ", -1);

          spaced = g_strjoinv (" \t  ", words);
          g_string_append_printf (out, "%.*s=\t %s   \r\n\r\n", (int)(eq - lines[i]), lines[i],
                                  spaced);
        }
      else if (lines[i + 1] != NULL || *lines[i] != '\0')
        g_string_append_printf (out, "%s\r\n", lines[i]);
    }
  return g_string_free (out, FALSE);
}

static void
test_aup_version_ignores_line_ends_and_tabs (void)
{
  const SokAgeBand bands[] = { SOK_AGE_BAND_EARLY, SOK_AGE_BAND_JUNIOR };

  for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
    {
      const char *name = sok_age_band_to_string (bands[b]);
      g_autofree char *dir = new_data_dir ();
      g_autofree char *shipped = dup_shipped (name);
      g_autofree char *crlf = respace (shipped);
      g_autoptr (SokAup) original = sok_aup_load (NULL, bands[b], NULL, NULL);
      g_autoptr (SokAup) school = NULL;
      g_autoptr (GError) error = NULL;

      /* The rewrite really changed the bytes. */
      g_assert_nonnull (strstr (crlf, "\r\n"));
      g_assert_nonnull (strstr (crlf, " \t  "));
      g_assert_cmpstr (crlf, !=, shipped);

      write_override (dir, name, crlf);
      school = sok_aup_load (dir, bands[b], NULL, &error);
      g_assert_no_error (error);
      g_assert_true (sok_aup_get_is_override (school));
      g_assert_null (sok_aup_get_override_error (school));
      g_assert_cmpuint (sok_aup_get_n_rules (school), ==, sok_aup_get_n_rules (original));
      for (guint i = 0; i < sok_aup_get_n_rules (school); i++)
        g_assert_cmpstr (sok_aup_get_rule_text (school, i), ==,
                         sok_aup_get_rule_text (original, i));
      g_assert_cmpstr (sok_aup_get_content (school), ==, sok_aup_get_content (original));
      g_assert_cmpstr (sok_aup_get_sha256 (school), ==, sok_aup_get_sha256 (original));
    }
}

static void
test_aup_version_changes_with_any_word (void)
{
  g_autofree char *shipped = dup_shipped ("junior");
  g_autoptr (SokAup) original = sok_aup_load (NULL, SOK_AGE_BAND_JUNIOR, NULL, NULL);
  /* One word changed in each kind of text, and two rules swapped. */
  struct { const char *old; const char *new; } edits[] = {
    { "title=Our Online Safety Agreement", "title=Our Online Safety Promise" },
    { "intro=These rules help us", "intro=These rules help everyone" },
    { "agreement=I will follow these rules", "agreement=I will keep these rules" },
    { "I will ask a grown-up before I go online.", "I will ask a teacher before I go online." },
    { "[Rule own-login]", "[Rule my-login]" },
    { "[Rule own-login]\ntext=I will only use my own username and password, and I will keep my "
      "password private.\nicon=rule-own-login\nrecording=recordings/junior-1.ogg\n\n"
      "[Rule ask-before-online]\ntext=I will ask a grown-up before I go online.\n"
      "icon=rule-ask-before-online\nrecording=recordings/junior-2.ogg\n",
      "[Rule ask-before-online]\ntext=I will ask a grown-up before I go online.\n"
      "icon=rule-ask-before-online\nrecording=recordings/junior-2.ogg\n\n"
      "[Rule own-login]\ntext=I will only use my own username and password, and I will keep my "
      "password private.\nicon=rule-own-login\nrecording=recordings/junior-1.ogg\n" },
  };
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_hash_table_add (seen, g_strdup (sok_aup_get_sha256 (original)));
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *dir = new_data_dir ();
      g_autofree char *changed = replace (shipped, edits[i].old, edits[i].new);
      g_autoptr (SokAup) aup = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("edit: %s", edits[i].new);
      write_override (dir, "junior", changed);
      aup = sok_aup_load (dir, SOK_AGE_BAND_JUNIOR, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (sok_aup_get_is_override (aup));
      /* Every edit is a version of its own. */
      g_assert_false (g_hash_table_contains (seen, sok_aup_get_sha256 (aup)));
      g_hash_table_add (seen, g_strdup (sok_aup_get_sha256 (aup)));
    }
}

static void
test_aup_shipped_pictures_exist (void)
{
  const SokAgeBand bands[] = { SOK_AGE_BAND_EARLY, SOK_AGE_BAND_JUNIOR };
  const char *source = g_getenv ("SOK_SOURCE_ROOT");

  g_assert_nonnull (source);
  for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SokAup) aup = sok_aup_load (NULL, bands[b], NULL, &error);
      g_autoptr (GHashTable) icons = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_no_error (error);
      for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
        {
          const char *icon = sok_aup_get_rule_icon (aup, i);
          g_autofree char *file = g_strconcat (icon, ".svg", NULL);
          g_autofree char *path = g_build_filename (source, "assets", "icons", file, NULL);
          g_autofree char *svg = NULL;

          /* A drawn picture of its own, not one shared with another rule. */
          g_test_message ("%s", path);
          g_assert_true (g_file_get_contents (path, &svg, NULL, &error));
          g_assert_no_error (error);
          g_assert_nonnull (strstr (svg, "<svg"));
          g_assert_nonnull (strstr (svg, "viewBox"));
          g_assert_false (g_hash_table_contains (icons, icon));
          g_hash_table_add (icons, (gpointer)icon);
        }
    }
}

static void
test_aup_junior_statements_are_promises (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokAup) aup = sok_aup_load (NULL, SOK_AGE_BAND_JUNIOR, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
    {
      const char *text = sok_aup_get_rule_text (aup, i);

      g_test_message ("%s", text);
      g_assert_true (g_str_has_prefix (text, "I will "));
      g_assert_true (g_str_has_suffix (text, "."));
      g_assert_cmpuint (g_utf8_strlen (text, -1), <=, SOK_AUP_MAX_RULE_CHARS);
    }
}

/* The "content" line of a health check that speaks of the pupils' AUPs. */
static SokHealthItem *
find_aup_health (GPtrArray *items)
{
  SokHealthItem *found = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      SokHealthItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->check, "content") && strstr (item->message, "AUP") != NULL)
        {
          g_assert_null (found);
          found = item;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static void
test_health_content_names_broken_file (void)
{
  g_autofree char *dir = new_data_dir ();
  g_autofree char *shipped = dup_shipped ("junior");
  g_autofree char *broken = replace (shipped, "icon=rule-no-meeting", "icon=rule-unicorn");
  g_autofree char *path = g_build_filename (dir, "aup", "junior.ini", NULL);
  g_autoptr (GPtrArray) before = sok_health_run (dir);
  g_autoptr (GPtrArray) after = NULL;
  SokHealthItem *item;

  item = find_aup_health (before);
  g_assert_cmpint (item->level, ==, SOK_HEALTH_OK);
  g_assert_nonnull (strstr (item->message, "AUPs are sound (0 of the school's own)"));

  write_override (dir, "junior", broken);
  after = sok_health_run (dir);
  item = find_aup_health (after);
  g_test_message ("%s", item->message);
  g_assert_cmpint (item->level, ==, SOK_HEALTH_PROBLEM);
  g_assert_false (sok_health_all_ok (after));
  g_assert_nonnull (strstr (item->message, path));
  g_assert_nonnull (strstr (item->message, "aup/junior.ini line 33: there is no picture called "
                                           "“rule-unicorn”"));
  g_assert_nonnull (strstr (item->message, "shipped rules are used meanwhile"));
  g_assert_nonnull (item->fix);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/aup/shipped/early-has-the-four-be-safe-online-rules",
                   test_aup_early_has_be_safe_online_rules);
  g_test_add_func ("/aup/shipped/junior-is-a-fuller-agreement", test_aup_junior_is_a_fuller_agreement);
  g_test_add_func ("/aup/shipped/in-every-language", test_aup_shipped_in_every_language);
  g_test_add_func ("/aup/school/changing-one-language-keeps-the-others",
                   test_aup_school_changes_one_language);
  g_test_add_func ("/aup/version/ignores-spacing-but-not-words",
                   test_aup_version_ignores_spacing_but_not_words);
  g_test_add_func ("/aup/override/broken-school-file-refused-with-line-and-shipped-used",
                   test_aup_broken_school_file_refused);
  g_test_add_func ("/aup/locale/translation-used-only-when-complete",
                   test_aup_translation_used_only_when_complete);
  g_test_add_func ("/aup/version/ignores-line-ends-and-tabs",
                   test_aup_version_ignores_line_ends_and_tabs);
  g_test_add_func ("/aup/version/changes-with-any-word-or-order",
                   test_aup_version_changes_with_any_word);
  g_test_add_func ("/aup/shipped/every-rule-has-its-own-picture", test_aup_shipped_pictures_exist);
  g_test_add_func ("/aup/shipped/junior-statements-start-i-will",
                   test_aup_junior_statements_are_promises);
  g_test_add_func ("/aup/version/stored-once-in-aup-versions", test_aup_version_stored_once);
  g_test_add_func ("/aup/recording/found-in-data-dir", test_aup_recording_found_in_data_dir);
  g_test_add_func ("/health/content/names-broken-school-file", test_health_content_names_broken_file);

  return g_test_run ();
}
