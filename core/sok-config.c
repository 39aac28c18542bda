/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-config"

#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "sok-config.h"
#include "sok-fingerprint.h"
#include "sok-language.h"
#include "sok-queue-uri.h"
#include "sok-seal.h"

#define GROUP "kiosk"

struct _SokConfig
{
  GObject   parent_instance;

  char     *dir;
  GKeyFile *keyfile;
};

G_DEFINE_FINAL_TYPE (SokConfig, sok_config, G_TYPE_OBJECT)

G_DEFINE_QUARK (sok-config-error-quark, sok_config_error)

typedef gboolean (*ValidateFunc) (const char  *value,
                                  char       **reason);

typedef struct
{
  const char   *key;
  const char   *fallback;
  ValidateFunc  validate;
  const char   *description;
} KeySpec;

static gboolean
parse_uint (const char *value,
            guint64     min,
            guint64     max,
            guint64    *out)
{
  return g_ascii_string_to_unsigned (value, 10, min, max, out, NULL);
}

static gboolean
has_control_character (const char *value)
{
  for (const char *p = value; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
validate_school_name (const char  *value,
                      char       **reason)
{
  g_autofree char *stripped = g_strstrip (g_strdup (value));

  if (!g_utf8_validate (value, -1, NULL))
    *reason = g_strdup ("it is not valid UTF-8 text");
  else if (has_control_character (value))
    *reason = g_strdup ("it holds a control character (a tab, line break or the like); "
                        "give the name on one line of plain text");
  else if (*stripped == '\0')
    *reason = g_strdup ("it is empty; give the school's name as pupils know it");
  else if (g_utf8_strlen (value, -1) > 80)
    *reason = g_strdup ("it is longer than 80 characters and would not fit the home screen");
  else
    return TRUE;

  return FALSE;
}

static gboolean
validate_kiosk_id (const char  *value,
                   char       **reason)
{
  gsize len = strlen (value);

  if (len == 0 || len > 64)
    {
      *reason = g_strdup ("it must be 1 to 64 characters long");
      return FALSE;
    }

  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      {
        *reason = g_strdup ("it may hold only letters, digits, “-”, “_” and “.”");
        return FALSE;
      }

  return TRUE;
}

static gboolean
validate_idle_seconds (const char  *value,
                       char       **reason)
{
  guint64 n;

  if (!parse_uint (value, 30, 3600, &n))
    {
      *reason = g_strdup ("it must be a whole number of seconds from 30 to 3600");
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_follow_up_days (const char  *value,
                         char       **reason)
{
  guint64 n;

  if (!parse_uint (value, 1, 365, &n))
    {
      *reason = g_strdup ("it must be a whole number of days from 1 to 365");
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_queue (const char  *value,
                char       **reason)
{
  if (g_str_has_prefix (value, "sqlite:"))
    {
      if (!g_path_is_absolute (value + strlen ("sqlite:")))
        {
          *reason = g_strdup ("a SQLite queue needs an absolute path, as in sqlite:/var/lib/sok/dsl-queue.db");
          return FALSE;
        }
      return TRUE;
    }

  if (g_str_has_prefix (value, "postgresql://") || g_str_has_prefix (value, "postgres://"))
    return TRUE;

  *reason = g_strdup ("it must start with “sqlite:/” or “postgresql://”");
  return FALSE;
}

static gboolean
validate_public_key (const char  *value,
                     char       **reason)
{
  g_autofree guchar *raw = NULL;
  gsize len = 0;

  if (*value == '\0')
    return TRUE;

  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      {
        *reason = g_strdup ("it is not base64 text; paste the whole of the DSL's dsl.pub file");
        return FALSE;
      }

  raw = g_base64_decode (value, &len);
  if (len != 32)
    {
      *reason = g_strdup_printf ("it decodes to %zu bytes, but a DSL public key has 32; "
                                 "paste the whole of the DSL's dsl.pub file", len);
      return FALSE;
    }

  return TRUE;
}

/* Six words of the fingerprint list, as sok_fingerprint_dup_words() writes them. */
static gboolean
validate_confirmed (const char  *value,
                    char       **reason)
{
  g_auto (GStrv) parts = NULL;

  if (*value == '\0')
    return TRUE;

  parts = g_strsplit (value, " ", -1);
  if (g_strv_length (parts) == SOK_FINGERPRINT_N_WORDS)
    {
      guint found = 0;

      for (guint i = 0; parts[i]; i++)
        for (guint w = 0; w < 256; w++)
          if (g_str_equal (parts[i], sok_fingerprint_get_word (w)))
            {
              found++;
              break;
            }
      if (found == SOK_FINGERPRINT_N_WORDS)
        return TRUE;
    }

  *reason = g_strdup_printf ("it must be the %d fingerprint words of the DSL key, as "
                             "“sokctl config set dsl-public-key” shows them",
                             SOK_FINGERPRINT_N_WORDS);
  return FALSE;
}

static gboolean
validate_url (const char  *value,
              char       **reason)
{
  if (*value == '\0')
    return TRUE;

  if ((!g_str_has_prefix (value, "https://") && !g_str_has_prefix (value, "http://")) ||
      strchr (value, ' ') != NULL || !g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
    {
      *reason = g_strdup ("it must be a web address starting with https://");
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_bool (const char  *value,
               char       **reason)
{
  if (g_str_equal (value, "true") || g_str_equal (value, "false"))
    return TRUE;

  *reason = g_strdup ("it must be true or false");
  return FALSE;
}

/* The languages a kiosk offers, the default first: only those it has catalogues and
 * content for, so that a child never taps a language and finds English. */
static gboolean
validate_languages (const char  *value,
                    char       **reason)
{
  g_auto (GStrv) parts = g_strsplit (value, ";", -1);
  g_autofree char *available = sok_language_dup_available_list ();
  guint n = 0;

  for (guint i = 0; parts[i]; i++)
    {
      const char *p = g_strstrip (parts[i]);

      if (*p == '\0')
        continue;
      n++;
      if (!sok_language_is_available (p))
        {
          *reason = g_strdup_printf ("the kiosk has no language “%s”; it has %s. Write "
                                     "them separated by “;”, the default first, as in "
                                     "en_GB;cy_GB", p, available);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (parts[j], p))
          {
            *reason = g_strdup_printf ("“%s” is given twice; give each language once", p);
            return FALSE;
          }
    }

  if (n == 0)
    {
      *reason = g_strdup_printf ("give at least one language, the default first; the kiosk "
                                 "has %s", available);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_retention (const char  *value,
                    char       **reason)
{
  guint64 n;

  if (!parse_uint (value, 1, 50, &n))
    {
      *reason = g_strdup ("it must be a whole number of years from 1 to 50");
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_staff_idle (const char  *value,
                     char       **reason)
{
  guint64 n;

  if (!parse_uint (value, 30, 1800, &n))
    {
      *reason = g_strdup ("it must be a whole number of seconds from 30 to 1800");
      return FALSE;
    }

  return TRUE;
}

/* "MIN-MAX", in whole minutes: the range a non-urgent report's delivery is put off by,
 * at random (see sok-sync.c). */
static gboolean
parse_delay_range (const char  *value,
                   guint       *min_out,
                   guint       *max_out,
                   char       **reason)
{
  g_auto (GStrv) parts = g_strsplit (value, "-", -1);
  guint64 lo, hi;

  if (g_strv_length (parts) != 2 ||
      !parse_uint (g_strstrip (parts[0]), 0, SOK_CONFIG_DELIVERY_DELAY_LONGEST, &lo) ||
      !parse_uint (g_strstrip (parts[1]), 0, SOK_CONFIG_DELIVERY_DELAY_LONGEST, &hi))
    {
      if (reason)
        *reason = g_strdup_printf ("it must be a range of whole minutes from 0 to %u, the "
                                   "shorter first, as in 10-40",
                                   SOK_CONFIG_DELIVERY_DELAY_LONGEST);
      return FALSE;
    }
  if (lo > hi)
    {
      if (reason)
        *reason = g_strdup_printf ("the shorter wait comes first, as in %" G_GUINT64_FORMAT
                                   "-%" G_GUINT64_FORMAT, hi, lo);
      return FALSE;
    }
  if (lo == hi && lo != 0)
    {
      /* The arrival, less a known delay, is the moment of Send. */
      if (reason)
        *reason = g_strdup ("a delay of exactly the same length every time would tell the "
                            "queue's server the moment of Send all the same; give a range, "
                            "as in 10-40 (or 0-0 to deliver at once)");
      return FALSE;
    }

  if (min_out)
    *min_out = (guint)lo;
  if (max_out)
    *max_out = (guint)hi;
  return TRUE;
}

static gboolean
validate_delivery_delay (const char  *value,
                         char       **reason)
{
  return parse_delay_range (value, NULL, NULL, reason);
}

static const KeySpec keys[] = {
  { "school-name", "", validate_school_name,
    "The school's name, shown on the home screen and certificates" },
  { "kiosk-id", "", validate_kiosk_id,
    "This kiosk's name in the DSL queue (made by init)" },
  { "idle-seconds", "90", validate_idle_seconds,
    "Seconds without a touch before “Are you still there?” (30–3600)" },
  { "staff-idle-seconds", "120", validate_staff_idle,
    "Seconds without a touch before staff mode closes (30–1800)" },
  { "follow-up-days", "30", validate_follow_up_days,
    "Days a secret picture code and the DSL's replies to it are kept (1–365)" },
  { "queue", "", validate_queue,
    "Where reports are delivered: sqlite:/PATH or postgresql://…" },
  { "delivery-delay-minutes", "10-40", validate_delivery_delay,
    "Minutes a non-urgent report waits before delivery, chosen at random in this range "
    "(MIN-MAX; 0-0 delivers at once); urgent reports always go at once" },
  { "dsl-public-key", "", validate_public_key,
    "The DSL's public key (the text of dsl.pub); reports are sealed to it" },
  { "dsl-key-confirmed", "", validate_confirmed,
    "The DSL key's fingerprint words, once checked against the DSL's console" },
  { "parent-aup-url", "", validate_url,
    "The school's web page for parents about the pupil AUP (for certificates)" },
  { "languages", "en_GB", validate_languages,
    "Languages offered on the kiosk, separated by “;”, the default first "
    "(en_GB, cy_GB, pl_PL, ur_PK)" },
  { "read-aloud-early", "true", validate_bool,
    "Read early-years screens aloud as soon as they are shown (true/false)" },
  { "retention-years", "7", validate_retention,
    "School years to keep agreements after the one they were made in (1–50)" },
  { "case-retention-years", "6", validate_retention,
    "Years to keep the DSL queue's closed cases after they were closed (1–50)" },
};

static const KeySpec *
find_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].key, key))
      return &keys[i];

  return NULL;
}

static void
sok_config_finalize (GObject *object)
{
  SokConfig *self = (SokConfig *)object;

  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->keyfile, g_key_file_unref);

  G_OBJECT_CLASS (sok_config_parent_class)->finalize (object);
}

static void
sok_config_class_init (SokConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sok_config_finalize;
}

static void
sok_config_init (SokConfig *self)
{
  self->keyfile = g_key_file_new ();
}

/**
 * sok_config_new:
 * @dir: the data directory that holds kiosk.conf
 *
 * Returns: (transfer full): settings with every key at its default, not yet saved.
 */
SokConfig *
sok_config_new (const char *dir)
{
  SokConfig *self;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (SOK_TYPE_CONFIG, NULL);
  self->dir = g_strdup (dir);

  return self;
}

/**
 * sok_config_load:
 * @dir: the data directory that holds kiosk.conf
 *
 * Reads and checks `DIR/kiosk.conf`. Every unknown key and every bad value is named in
 * the error (one per line), with the reason.
 *
 * Returns: (transfer full): the settings, or %NULL with @error set in %SOK_CONFIG_ERROR.
 */
SokConfig *
sok_config_load (const char  *dir,
                 GError     **error)
{
  g_autoptr (SokConfig) self = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GString) problems = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  g_auto (GStrv) groups = NULL;
  g_auto (GStrv) names = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  self = sok_config_new (dir);
  path = g_build_filename (dir, "kiosk.conf", NULL);

  /* GKeyFile drops the "\r" of CRLF lines but keeps it at the end of a last line with
   * no newline, as a Windows editor may save it: end such a file with a newline. */
  if (g_file_get_contents (path, &text, &len, &local_error) && len > 0 && text[len - 1] == '\r')
    text[len - 1] = '\n';

  if (text == NULL ||
      !g_key_file_load_from_data (self->keyfile, text, len, G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_MISSING,
                     "%s does not exist. Run “sokctl --data-dir %s init --school NAME” "
                     "to set up this kiosk.", path, dir);
      else
        g_set_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_PARSE,
                     "%s cannot be read: %s. Fix the line it names, or move the file "
                     "aside and run “sokctl init” again.", path, local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (self->keyfile, NULL);
  for (guint i = 0; groups[i]; i++)
    if (!g_str_equal (groups[i], GROUP))
      g_string_append_printf (problems, "\n%s: unknown section [%s]; only [%s] is read",
                              path, groups[i], GROUP);

  names = g_key_file_get_keys (self->keyfile, GROUP, NULL, NULL);
  for (guint i = 0; names != NULL && names[i]; i++)
    {
      const KeySpec *spec = find_key (names[i]);
      g_autofree char *value = NULL;
      g_autofree char *reason = NULL;

      if (spec == NULL)
        {
          g_string_append_printf (problems, "\n%s: unknown key “%s”; “sokctl config get” "
                                  "lists the keys there are", path, names[i]);
          continue;
        }

      value = g_key_file_get_string (self->keyfile, GROUP, names[i], NULL);
      if (value == NULL || !spec->validate (value, &reason))
        g_string_append_printf (problems, "\n%s: “%s” has a bad value: %s", path, names[i],
                                reason ? reason : "it cannot be read");
    }

  if (problems->len > 0)
    {
      g_set_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE,
                   "The kiosk's settings have problems:%s", problems->str);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * sok_config_save:
 *
 * Writes kiosk.conf atomically with mode 0600, so a power cut leaves either the old or
 * the new settings, never half of them.
 */
gboolean
sok_config_save (SokConfig  *self,
                 GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;

  g_return_val_if_fail (SOK_IS_CONFIG (self), FALSE);

  path = g_build_filename (self->dir, "kiosk.conf", NULL);
  text = g_key_file_to_data (self->keyfile, &len, NULL);

  if (!g_file_set_contents_full (path, text, (gssize)len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_WRITE,
                   "Could not save the settings to %s: %s. The old settings are kept.",
                   path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

const char * const *
sok_config_list_keys (void)
{
  static const char *names[G_N_ELEMENTS (keys) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      names[i] = keys[i].key;

  return names;
}

const char *
sok_config_describe_key (const char *key)
{
  const KeySpec *spec = find_key (key);

  return spec ? spec->description : NULL;
}

gboolean
sok_config_is_known_key (const char *key)
{
  return find_key (key) != NULL;
}

const char *
sok_config_get_dir (SokConfig *self)
{
  g_return_val_if_fail (SOK_IS_CONFIG (self), NULL);

  return self->dir;
}

static char *
lookup (SokConfig  *self,
        const char *key)
{
  const KeySpec *spec = find_key (key);
  g_autofree char *reason = NULL;
  char *value;

  g_assert (spec != NULL);

  value = g_key_file_get_string (self->keyfile, GROUP, key, NULL);
  if (value == NULL || !spec->validate (value, &reason))
    {
      g_free (value);
      value = g_strdup (spec->fallback);
    }

  return value;
}

/* Typed getters hand out strings owned by the keyfile cache below, kept per key so
 * that callers can hold them for the life of the object. */
static const char *
cached (SokConfig  *self,
        const char *key)
{
  g_autofree char *quark_name = g_strconcat ("sok-config-", key, NULL);
  char *value = lookup (self, key);

  g_object_set_data_full (G_OBJECT (self), quark_name, value, g_free);

  return value;
}

/**
 * sok_config_dup_value:
 *
 * Returns: (transfer full): the value of @key as text (its default when unset), or
 *   %NULL with @error set when @key is unknown.
 */
char *
sok_config_dup_value (SokConfig   *self,
                      const char  *key,
                      GError     **error)
{
  g_return_val_if_fail (SOK_IS_CONFIG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (find_key (key) == NULL)
    {
      g_set_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_UNKNOWN_KEY,
                   "“%s” is not a setting; “sokctl config get” lists the ones there are",
                   key);
      return NULL;
    }

  return lookup (self, key);
}

const char *
sok_config_get_school_name (SokConfig *self)
{
  g_return_val_if_fail (SOK_IS_CONFIG (self), NULL);

  return cached (self, "school-name");
}

const char *
sok_config_get_kiosk_id (SokConfig *self)
{
  g_return_val_if_fail (SOK_IS_CONFIG (self), NULL);

  return cached (self, "kiosk-id");
}

/* How long a picture code and its replies are kept (sok-follow-up.h). */
guint
sok_config_get_follow_up_days (SokConfig *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (SOK_IS_CONFIG (self), 30);

  value = lookup (self, "follow-up-days");
  return (guint)g_ascii_strtoull (value, NULL, 10);
}

guint
sok_config_get_idle_seconds (SokConfig *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (SOK_IS_CONFIG (self), 90);

  value = lookup (self, "idle-seconds");
  return (guint)g_ascii_strtoull (value, NULL, 10);
}

/* How many school years after the one it was made in an agreement is kept. */
guint
sok_config_get_retention_years (SokConfig *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (SOK_IS_CONFIG (self), 7);

  value = lookup (self, "retention-years");
  return (guint)g_ascii_strtoull (value, NULL, 10);
}

/* How many years after it was closed the DSL queue keeps a case. */
guint
sok_config_get_case_retention_years (SokConfig *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (SOK_IS_CONFIG (self), 6);

  value = lookup (self, "case-retention-years");
  return (guint)g_ascii_strtoull (value, NULL, 10);
}

guint
sok_config_get_staff_idle_seconds (SokConfig *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (SOK_IS_CONFIG (self), 120);

  value = lookup (self, "staff-idle-seconds");
  return (guint)g_ascii_strtoull (value, NULL, 10);
}

const char *
sok_config_get_queue (SokConfig *self)
{
  g_return_val_if_fail (SOK_IS_CONFIG (self), NULL);

  return cached (self, "queue");
}

/**
 * sok_config_get_delivery_delay:
 * @min_minutes: (out): the shortest wait
 * @max_minutes: (out): the longest wait
 *
 * The range, in minutes, within which a non-urgent report's delivery is put off at
 * random (the “delivery-delay-minutes” setting, 10–40 unless set).
 */
void
sok_config_get_delivery_delay (SokConfig *self,
                               guint     *min_minutes,
                               guint     *max_minutes)
{
  g_autofree char *value = NULL;

  g_return_if_fail (SOK_IS_CONFIG (self));
  g_return_if_fail (min_minutes != NULL && max_minutes != NULL);

  value = lookup (self, "delivery-delay-minutes");
  if (!parse_delay_range (value, min_minutes, max_minutes, NULL))
    g_assert_not_reached ();  /* lookup() gives the default for a bad value */
}

const char *
sok_config_get_dsl_public_key (SokConfig *self)
{
  g_return_val_if_fail (SOK_IS_CONFIG (self), NULL);

  return cached (self, "dsl-public-key");
}

/**
 * sok_config_get_dsl_key_confirmed:
 *
 * Returns: %TRUE when someone checked the DSL key's fingerprint words against the
 *   DSL's console (`sokctl config set dsl-public-key … --fingerprint WORDS`, or yes at
 *   the terminal's question) for the key set now
 */
gboolean
sok_config_get_dsl_key_confirmed (SokConfig *self)
{
  g_autofree char *words = NULL;
  const char *key;
  const char *confirmed;

  g_return_val_if_fail (SOK_IS_CONFIG (self), FALSE);

  key = cached (self, "dsl-public-key");
  confirmed = cached (self, "dsl-key-confirmed");
  words = *key != '\0' ? sok_seal_dup_fingerprint_words (key) : NULL;
  return words != NULL && g_strcmp0 (words, confirmed) == 0;
}

const char *
sok_config_get_parent_aup_url (SokConfig *self)
{
  g_return_val_if_fail (SOK_IS_CONFIG (self), NULL);

  return cached (self, "parent-aup-url");
}

gboolean
sok_config_get_read_aloud_early (SokConfig *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (SOK_IS_CONFIG (self), FALSE);

  value = lookup (self, "read-aloud-early");
  return g_str_equal (value, "true");
}

char **
sok_config_dup_languages (SokConfig *self)
{
  g_autofree char *value = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) parts = NULL;

  g_return_val_if_fail (SOK_IS_CONFIG (self), NULL);

  value = lookup (self, "languages");
  parts = g_strsplit (value, ";", -1);
  for (guint i = 0; parts[i]; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);

  return g_strv_builder_end (builder);
}

/**
 * sok_config_set_value:
 *
 * Checks @value for @key and sets it in memory; call sok_config_save() to keep it.
 * An unknown key or a bad value is refused with the reason, and nothing changes.
 */
gboolean
sok_config_set_value (SokConfig   *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  const KeySpec *spec;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (SOK_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (!(spec = find_key (key)))
    {
      g_set_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_UNKNOWN_KEY,
                   "“%s” is not a setting; “sokctl config get” lists the ones there are",
                   key);
      return FALSE;
    }

  if (!spec->validate (value, &reason))
    {
      /* The queue's address may hold a password: never repeat it. */
      g_autofree char *shown = g_str_equal (key, "queue") ? sok_queue_redact_uri (value)
                                                          : g_strdup (value);

      g_set_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE,
                   "“%s” cannot be set to “%s”: %s", key, shown, reason);
      return FALSE;
    }

  if (g_str_equal (key, "dsl-public-key") && *value != '\0')
    {
      g_autoptr (GError) local_error = NULL;
      g_autofree char *words = NULL;
      g_autofree char *confirmed = NULL;

      if (!sok_seal_check_dsl_public_key (value, &local_error))
        {
          g_set_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE,
                       "“%s” cannot be set to “%s”: %s", key, value, local_error->message);
          return FALSE;
        }

      /* A confirmation is of one key's words: a new key must be checked anew. */
      words = sok_seal_dup_fingerprint_words (value);
      confirmed = g_key_file_get_string (self->keyfile, GROUP, "dsl-key-confirmed", NULL);
      if (confirmed != NULL && g_strcmp0 (words, confirmed) != 0)
        g_key_file_remove_key (self->keyfile, GROUP, "dsl-key-confirmed", NULL);
    }

  if (g_str_equal (key, "dsl-key-confirmed") && *value != '\0')
    {
      g_autofree char *current = g_key_file_get_string (self->keyfile, GROUP, "dsl-public-key", NULL);
      g_autofree char *words = current ? sok_seal_dup_fingerprint_words (current) : NULL;

      if (words == NULL || !g_str_equal (words, value))
        {
          g_set_error (error, SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_INVALID_VALUE,
                       "“%s” cannot be set to “%s”: they are not the fingerprint words of "
                       "the DSL key set on this kiosk (%s)", key, value,
                       words ? words : "none is set");
          return FALSE;
        }
    }

  g_key_file_set_string (self->keyfile, GROUP, key, value);

  return TRUE;
}
