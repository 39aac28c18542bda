/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-aup"

#include "config.h"

#include "sok-aup.h"
#include "sok-content-file.h"
#include "sok-paths.h"

/* A pupils' Acceptable Use Policy for one age band, read from a GKeyFile
 * (data/aup/<band>.ini; the format is described in data/aup/README.md).
 *
 * Every text is normalised when it is read (NFC, trimmed, runs of white space made
 * one space), and the normalised texts are what the kiosk shows and what the
 * version hash covers, so two files that differ only in spacing are one version. */

typedef struct
{
  char *id;
  char *text;
  char *icon;
  char *recording;
} Rule;

struct _SokAup
{
  GObject     parent_instance;

  SokAgeBand  band;
  char       *locale;
  char       *path;
  gboolean    is_override;
  GError     *override_error;
  char       *title;
  char       *intro;
  char       *agreement;
  GArray     *rules;       /* of Rule */
  char       *content;
  char       *sha256;
};

G_DEFINE_FINAL_TYPE (SokAup, sok_aup, G_TYPE_OBJECT)

G_DEFINE_QUARK (sok-aup-error-quark, sok_aup_error)

/* Pictures a rule may name when the icons are not installed where they can be
 * checked (see ICONS.md); when they are, any SVG in the icons folder will do. */
static const char * const known_icons[] = {
  "rule-online-with-grown-up", "rule-kind-online", "rule-keep-info-safe",
  "rule-tell-grown-up", "rule-own-login", "rule-ask-before-online",
  "rule-kind-respectful", "rule-private-info", "rule-no-meeting",
  "rule-tell-trusted-adult", "rule-school-checks", "rule-think-before-sharing",
  "rule-trusted-sites", "rule-rules-broken", "tile-promise", "tile-tell", "listen",
  "agree", "sign", "thank-you", "school", "tell-in-person", "class", "certificate",
  NULL
};

static void
rule_clear (gpointer data)
{
  Rule *rule = data;

  g_free (rule->id);
  g_free (rule->text);
  g_free (rule->icon);
  g_free (rule->recording);
}

static void
sok_aup_finalize (GObject *object)
{
  SokAup *self = (SokAup *)object;

  g_free (self->locale);
  g_free (self->path);
  g_clear_error (&self->override_error);
  g_free (self->title);
  g_free (self->intro);
  g_free (self->agreement);
  g_array_unref (self->rules);
  g_free (self->content);
  g_free (self->sha256);

  G_OBJECT_CLASS (sok_aup_parent_class)->finalize (object);
}

static void
sok_aup_class_init (SokAupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sok_aup_finalize;
}

static void
sok_aup_init (SokAup *self)
{
  self->rules = g_array_new (FALSE, TRUE, sizeof (Rule));
  g_array_set_clear_func (self->rules, rule_clear);
}

/**
 * sok_age_band_for_year_group:
 * @year_group: 0 for Reception, 1 to 6 for Years 1 to 6
 *
 * Returns: %SOK_AGE_BAND_EARLY for Reception to Year 2, %SOK_AGE_BAND_JUNIOR for
 *   Years 3 to 6.
 */
SokAgeBand
sok_age_band_for_year_group (int year_group)
{
  return year_group <= 2 ? SOK_AGE_BAND_EARLY : SOK_AGE_BAND_JUNIOR;
}

/* The band's name as files, the database and sokctl spell it: "early" or "junior". */
const char *
sok_age_band_to_string (SokAgeBand band)
{
  return band == SOK_AGE_BAND_EARLY ? "early" : "junior";
}

gboolean
sok_age_band_from_string (const char *text,
                          SokAgeBand *band)
{
  g_return_val_if_fail (band != NULL, FALSE);

  if (g_strcmp0 (text, "early") == 0)
    *band = SOK_AGE_BAND_EARLY;
  else if (g_strcmp0 (text, "junior") == 0)
    *band = SOK_AGE_BAND_JUNIOR;
  else
    return FALSE;

  return TRUE;
}

/* NFC, trimmed, every run of white space one space. */
static char *
normalise_text (const char *text)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  if (nfc == NULL)
    return g_string_free (out, FALSE);

  for (const char *p = nfc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *path,
      guint        line,
      const char  *format,
      ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail (GError     **error,
      int          code,
      const char  *path,
      guint        line,
      const char  *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SOK_AUP_ERROR, code, "%s line %u: %s", path, line, reason);
  return FALSE;
}

static gboolean
is_key_name (const char *key)
{
  const char *p = key;

  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '-')
    p++;
  if (*p == '\0')
    return TRUE;
  if (*p != '[')
    return FALSE;
  p++;
  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '_' || *p == '@' || *p == '.' || *p == '-')
    p++;
  return p[0] == ']' && p[1] == '\0';
}

static gboolean
is_rule_id (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

static gboolean
icon_exists (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".svg", NULL);
  g_autofree char *path = g_build_filename (sok_paths_get_icons_dir (), file, NULL);

  if (!is_rule_id (name))
    return FALSE;

  return g_file_test (path, G_FILE_TEST_IS_REGULAR) || g_strv_contains (known_icons, name);
}

/* Splits "text[cy]" into "text" and "cy". */
static char *
key_base (const char  *key,
          char       **locale)
{
  const char *bracket = strchr (key, '[');

  if (locale)
    *locale = bracket ? g_strndup (bracket + 1, strlen (bracket + 1) - 1) : NULL;
  return bracket ? g_strndup (key, (gsize)(bracket - key)) : g_strdup (key);
}

/* Checks every key of @group against the keys allowed there, and every text value
 * (in every language) against its length limit. */
static gboolean
check_keys (const char         *path,
            SokContentFile     *file,
            const char         *group,
            const char * const *plain_keys,
            const char * const *text_keys,
            const guint        *text_limits,
            GError            **error)
{
  GKeyFile *keyfile = sok_content_file_get_keyfile (file);
  g_auto (GStrv) keys = g_key_file_get_keys (keyfile, group, NULL, NULL);

  for (guint k = 0; keys && keys[k]; k++)
    {
      g_autofree char *locale = NULL;
      g_autofree char *base = key_base (keys[k], &locale);
      guint line = sok_content_file_line_of (file, group, keys[k]);
      int text_index = -1;

      if (!is_key_name (keys[k]))
        return fail (error, SOK_AUP_ERROR_SYNTAX, path, line,
                     "“%s” is not a key name (letters, digits and - only, then an "
                     "optional [language] as in text[cy])", keys[k]);

      for (guint t = 0; text_keys[t]; t++)
        if (g_str_equal (text_keys[t], base))
          text_index = (int)t;

      if (text_index < 0 && (locale != NULL || !g_strv_contains (plain_keys, base)))
        {
          g_autofree char *allowed_plain = g_strjoinv (", ", (char **)plain_keys);
          g_autofree char *allowed_text = g_strjoinv (", ", (char **)text_keys);

          return fail (error, SOK_AUP_ERROR_INVALID, path, line,
                       "“%s” is not a key of [%s]; it may have %s%s%s (texts may be "
                       "translated as text[cy])", keys[k], group, allowed_plain,
                       *allowed_plain && *allowed_text ? ", " : "", allowed_text);
        }

      if (text_index >= 0)
        {
          g_autoptr (GError) local_error = NULL;
          g_autofree char *raw = g_key_file_get_value (keyfile, group, keys[k], NULL);
          g_autofree char *value = g_key_file_get_string (keyfile, group, keys[k],
                                                          &local_error);
          g_autofree char *text = NULL;
          glong chars;

          if (value == NULL)
            return fail (error, SOK_AUP_ERROR_SYNTAX, path, line, "%s: %s", keys[k],
                         local_error->message);
          text = normalise_text (value);
          chars = g_utf8_strlen (text, -1);
          if (chars == 0)
            return fail (error, SOK_AUP_ERROR_INVALID, path, line, "“%s” is empty", keys[k]);
          if ((guint)chars > text_limits[text_index])
            return fail (error, SOK_AUP_ERROR_INVALID, path, line,
                         "“%s” is %ld characters long; at most %u fit on the kiosk's "
                         "screen", keys[k], chars, text_limits[text_index]);
          for (const char *p = text; *p; p = g_utf8_next_char (p))
            if (g_unichar_iscntrl (g_utf8_get_char (p)))
              return fail (error, SOK_AUP_ERROR_INVALID, path, line,
                           "“%s” holds a control character", keys[k]);
        }
    }

  return TRUE;
}

static gboolean
locale_is_english (const char *locale)
{
  return locale == NULL || *locale == '\0' || g_str_equal (locale, "C") ||
         g_str_equal (locale, "POSIX") || g_str_has_prefix (locale, "en");
}

/* The text of @key in @locale, or in English when @locale is NULL. */
static char *
dup_text (GKeyFile   *keyfile,
          const char *group,
          const char *key,
          const char *locale)
{
  g_autofree char *value = NULL;

  if (locale != NULL)
    value = g_key_file_get_locale_string (keyfile, group, key, locale, NULL);
  else
    value = g_key_file_get_string (keyfile, group, key, NULL);

  return value ? normalise_text (value) : NULL;
}

/* Finds the translation every text of the file has for @locale (as "cy" for
 * "cy_GB.UTF-8"), or NULL when any text lacks one: the kiosk never mixes languages. */
static char *
find_complete_locale (GKeyFile   *keyfile,
                      const char *locale)
{
  g_auto (GStrv) groups = g_key_file_get_groups (keyfile, NULL);
  g_autofree char *found = NULL;

  if (locale_is_english (locale))
    return NULL;

  for (guint g = 0; groups[g]; g++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (keyfile, groups[g], NULL, NULL);

      for (guint k = 0; keys[k]; k++)
        {
          g_autofree char *used = NULL;

          if (strchr (keys[k], '[') != NULL || !(g_str_equal (keys[k], "text") ||
              g_str_equal (keys[k], "title") || g_str_equal (keys[k], "intro") ||
              g_str_equal (keys[k], "agreement")))
            continue;

          used = g_key_file_get_locale_for_key (keyfile, groups[g], keys[k], locale);
          if (used == NULL)
            return NULL;
          if (found == NULL)
            found = g_steal_pointer (&used);
        }
    }

  return g_steal_pointer (&found);
}

static void
compute_version (SokAup *self)
{
  GString *content = g_string_new (NULL);

  /* The normalised content, documented in data/aup/README.md: one line per text, in
   * order, each "name=text"; the SHA-256 of its UTF-8 bytes is the version. */
  g_string_append_printf (content, "band=%s\n", sok_age_band_to_string (self->band));
  g_string_append_printf (content, "locale=%s\n", self->locale);
  g_string_append_printf (content, "title=%s\n", self->title);
  g_string_append_printf (content, "intro=%s\n", self->intro);
  g_string_append_printf (content, "agreement=%s\n", self->agreement);
  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = &g_array_index (self->rules, Rule, i);

      g_string_append_printf (content, "rule %s=%s\n", rule->id, rule->text);
    }

  self->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content->str,
                                                (gssize)content->len);
  self->content = g_string_free (content, FALSE);
}

/**
 * sok_aup_load_file:
 * @path: an AUP file
 * @band: the band the file must be for
 * @locale: (nullable): the language to show, as "cy" or "cy_GB.UTF-8"; %NULL for English
 *
 * Reads and checks one AUP file. A translation is used only when every text of the
 * file has one for @locale; otherwise the whole AUP is in English.
 *
 * Returns: (transfer full): the AUP, or %NULL with @error set in %SOK_AUP_ERROR to a
 *   message naming @path, the line and the reason.
 */
SokAup *
sok_aup_load_file (const char  *path,
                   SokAgeBand   band,
                   const char  *locale,
                   GError     **error)
{
  static const char * const aup_plain[] = { "band", NULL };
  static const char * const aup_texts[] = { "title", "intro", "agreement", NULL };
  static const guint aup_limits[] = {
    SOK_AUP_MAX_TITLE_CHARS, SOK_AUP_MAX_SENTENCE_CHARS, SOK_AUP_MAX_SENTENCE_CHARS
  };
  static const char * const rule_plain[] = { "icon", "recording", NULL };
  static const char * const rule_texts[] = { "text", NULL };
  static const guint rule_limits[] = { SOK_AUP_MAX_RULE_CHARS };
  g_autoptr (SokAup) self = NULL;
  g_autoptr (SokContentFile) file = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *band_value = NULL;
  g_autofree char *use_locale = NULL;
  g_auto (GStrv) groups = NULL;
  GKeyFile *keyfile;
  guint aup_line;
  guint min_rules = band == SOK_AGE_BAND_EARLY ? SOK_AUP_EARLY_MIN_RULES : SOK_AUP_JUNIOR_MIN_RULES;
  guint max_rules = band == SOK_AGE_BAND_EARLY ? SOK_AUP_EARLY_MAX_RULES : SOK_AUP_JUNIOR_MAX_RULES;

  g_return_val_if_fail (path != NULL, NULL);

  /* The content file checks the shape of every line (and keeps every translation),
   * so that each error below can name its line. */
  if (!(file = sok_content_file_load (path, &local_error)))
    {
      g_set_error_literal (error, SOK_AUP_ERROR,
                           g_error_matches (local_error, SOK_CONTENT_ERROR,
                                            SOK_CONTENT_ERROR_READ) ? SOK_AUP_ERROR_NOT_FOUND
                                                                    : SOK_AUP_ERROR_SYNTAX,
                           local_error->message);
      return NULL;
    }
  keyfile = sok_content_file_get_keyfile (file);
  groups = g_key_file_get_groups (keyfile, NULL);

  aup_line = g_key_file_has_group (keyfile, "AUP") ? sok_content_file_line_of (file, "AUP", NULL)
                                                   : 0;
  if (aup_line == 0)
    {
      fail (error, SOK_AUP_ERROR_INVALID, path, 1,
            "the file has no [AUP] group with its band, title and agreement");
      return NULL;
    }

  self = g_object_new (SOK_TYPE_AUP, NULL);
  self->band = band;
  self->path = g_strdup (path);

  for (guint g = 0; groups[g]; g++)
    {
      const char *group = groups[g];
      guint line = sok_content_file_line_of (file, group, NULL);

      if (g_str_equal (group, "AUP"))
        {
          if (!check_keys (path, file, group, aup_plain, aup_texts, aup_limits, error))
            return NULL;
          continue;
        }

      if (!g_str_has_prefix (group, "Rule ") || !is_rule_id (group + strlen ("Rule ")))
        {
          fail (error, SOK_AUP_ERROR_INVALID, path, line,
                "[%s] is not a group of this file; it may have [AUP] and [Rule ID] groups, "
                "where ID is made of small letters, digits and -", group);
          return NULL;
        }

      if (!check_keys (path, file, group, rule_plain, rule_texts, rule_limits, error))
        return NULL;
    }

  band_value = g_key_file_get_string (keyfile, "AUP", "band", NULL);
  if (band_value == NULL)
    {
      fail (error, SOK_AUP_ERROR_INVALID, path, aup_line,
            "[AUP] needs band=%s", sok_age_band_to_string (band));
      return NULL;
    }
  g_strstrip (band_value);
  if (!g_str_equal (band_value, sok_age_band_to_string (band)))
    {
      fail (error, SOK_AUP_ERROR_INVALID, path, sok_content_file_line_of (file, "AUP", "band"),
            "band is “%s”, but this file is read for the %s band; write band=%s",
            band_value, sok_age_band_to_string (band), sok_age_band_to_string (band));
      return NULL;
    }

  for (guint k = 0; aup_texts[k]; k++)
    if (!g_key_file_has_key (keyfile, "AUP", aup_texts[k], NULL))
      {
        fail (error, SOK_AUP_ERROR_INVALID, path, aup_line, "[AUP] has no %s", aup_texts[k]);
        return NULL;
      }

  use_locale = find_complete_locale (keyfile, locale);
  self->locale = g_strdup (use_locale ? use_locale : "en");
  self->title = dup_text (keyfile, "AUP", "title", use_locale);
  self->intro = dup_text (keyfile, "AUP", "intro", use_locale);
  self->agreement = dup_text (keyfile, "AUP", "agreement", use_locale);

  for (guint g = 0; groups[g]; g++)
    {
      const char *group = groups[g];
      guint line = sok_content_file_line_of (file, group, NULL);
      Rule rule = { 0 };

      if (!g_str_has_prefix (group, "Rule "))
        continue;

      if (self->rules->len == max_rules)
        {
          fail (error, SOK_AUP_ERROR_INVALID, path, line,
                "the %s AUP may have at most %u rules; this is rule %u",
                sok_age_band_to_string (band), max_rules, max_rules + 1);
          return NULL;
        }

      if (!g_key_file_has_key (keyfile, group, "text", NULL))
        {
          fail (error, SOK_AUP_ERROR_INVALID, path, line, "[%s] has no text", group);
          return NULL;
        }
      if (!g_key_file_has_key (keyfile, group, "icon", NULL))
        {
          fail (error, SOK_AUP_ERROR_INVALID, path, line,
                "[%s] has no icon; every rule needs a picture", group);
          return NULL;
        }

      rule.id = g_strdup (group + strlen ("Rule "));
      rule.text = dup_text (keyfile, group, "text", use_locale);
      rule.icon = g_strstrip (g_key_file_get_string (keyfile, group, "icon", NULL));
      rule.recording = g_key_file_get_string (keyfile, group, "recording", NULL);
      if (rule.recording != NULL)
        g_strstrip (rule.recording);
      g_array_append_val (self->rules, rule);

      if (!icon_exists (rule.icon))
        {
          fail (error, SOK_AUP_ERROR_INVALID, path, sok_content_file_line_of (file, group, "icon"),
                "there is no picture called “%s” (the pictures are in %s)", rule.icon,
                sok_paths_get_icons_dir ());
          return NULL;
        }

      if (rule.recording != NULL &&
          (*rule.recording == '\0' || g_path_is_absolute (rule.recording) ||
           strstr (rule.recording, "..") != NULL))
        {
          fail (error, SOK_AUP_ERROR_INVALID, path, sok_content_file_line_of (file, group, "recording"),
                "recording must be a file name inside the data directory, as "
                "recordings/%s-1.ogg", sok_age_band_to_string (band));
          return NULL;
        }
    }

  if (self->rules->len < min_rules)
    {
      fail (error, SOK_AUP_ERROR_INVALID, path, aup_line,
            "the %s AUP needs at least %u rules ([Rule ID] groups); this file has %u",
            sok_age_band_to_string (band), min_rules, self->rules->len);
      return NULL;
    }

  compute_version (self);

  return g_steal_pointer (&self);
}

static char *
dup_relative (SokAgeBand band)
{
  return g_strdup_printf ("aup/%s.ini", sok_age_band_to_string (band));
}

/**
 * sok_aup_load:
 * @data_dir: (nullable): the kiosk's data directory, where the school's own
 *   `aup/<band>.ini` may replace the shipped one
 * @band: which AUP
 * @locale: (nullable): the language to show, %NULL for English
 *
 * Loads the AUP for @band: the school's own file when it has one and it is sound,
 * else the shipped one. When the school's file is refused, the shipped one is
 * returned and sok_aup_get_override_error() says why, for staff.
 *
 * Returns: (transfer full): the AUP, or %NULL with @error set when even the shipped
 *   file cannot be used (a broken installation).
 */
SokAup *
sok_aup_load (const char  *data_dir,
              SokAgeBand   band,
              const char  *locale,
              GError     **error)
{
  g_autofree char *relative = dup_relative (band);
  g_autofree char *path = NULL;
  g_autofree char *shipped = NULL;
  g_autoptr (GError) override_error = NULL;
  gboolean is_override = FALSE;
  SokAup *aup;

  path = sok_paths_dup_content_path (data_dir, relative, &is_override);
  if (is_override)
    {
      aup = sok_aup_load_file (path, band, locale, &override_error);
      if (aup != NULL)
        {
          aup->is_override = TRUE;
          return aup;
        }
      g_warning ("The school's AUP file was refused; the shipped one is used: %s",
                 override_error->message);
    }

  shipped = g_build_filename (sok_paths_get_shipped_dir (), relative, NULL);
  aup = sok_aup_load_file (shipped, band, locale, error);
  if (aup != NULL)
    aup->override_error = g_steal_pointer (&override_error);

  return aup;
}

/**
 * sok_aup_check_override:
 * @out_path: (out) (optional) (transfer full): the school's file, when it has one
 *
 * Checks the school's own AUP file for @band, for `sokctl doctor` and staff mode.
 * Returns %TRUE when the school has no file of its own or it is sound; %FALSE with
 * @error naming the file, line and reason otherwise.
 */
gboolean
sok_aup_check_override (const char  *data_dir,
                        SokAgeBand   band,
                        char       **out_path,
                        GError     **error)
{
  g_autofree char *relative = dup_relative (band);
  g_autofree char *path = NULL;
  g_autoptr (SokAup) aup = NULL;
  gboolean is_override = FALSE;

  g_return_val_if_fail (data_dir != NULL, FALSE);

  path = sok_paths_dup_content_path (data_dir, relative, &is_override);
  if (!is_override)
    {
      if (out_path)
        *out_path = NULL;
      return TRUE;
    }

  aup = sok_aup_load_file (path, band, NULL, error);
  if (out_path)
    *out_path = g_steal_pointer (&path);

  return aup != NULL;
}

SokAgeBand
sok_aup_get_band (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), SOK_AGE_BAND_EARLY);
  return self->band;
}

/* The language the texts are in: "en", or the translation's locale as "cy". */
const char *
sok_aup_get_locale (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), NULL);
  return self->locale;
}

const char *
sok_aup_get_path (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), NULL);
  return self->path;
}

gboolean
sok_aup_get_is_override (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), FALSE);
  return self->is_override;
}

/**
 * sok_aup_get_override_error:
 *
 * Returns: (nullable) (transfer none): why the school's own file was refused, when
 *   it was; the AUP then holds the shipped rules.
 */
const GError *
sok_aup_get_override_error (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), NULL);
  return self->override_error;
}

const char *
sok_aup_get_title (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), NULL);
  return self->title;
}

const char *
sok_aup_get_intro (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), NULL);
  return self->intro;
}

/* The sentence a pupil agrees to on the agreement screen. */
const char *
sok_aup_get_agreement (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), NULL);
  return self->agreement;
}

guint
sok_aup_get_n_rules (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), 0);
  return self->rules->len;
}

static Rule *
get_rule (SokAup *self,
          guint   index)
{
  g_return_val_if_fail (SOK_IS_AUP (self), NULL);
  g_return_val_if_fail (index < self->rules->len, NULL);
  return &g_array_index (self->rules, Rule, index);
}

const char *
sok_aup_get_rule_id (SokAup *self,
                     guint   index)
{
  Rule *rule = get_rule (self, index);
  return rule ? rule->id : NULL;
}

const char *
sok_aup_get_rule_text (SokAup *self,
                       guint   index)
{
  Rule *rule = get_rule (self, index);
  return rule ? rule->text : NULL;
}

/* The rule's picture: the name of an SVG in sok_paths_get_icons_dir(), without .svg. */
const char *
sok_aup_get_rule_icon (SokAup *self,
                       guint   index)
{
  Rule *rule = get_rule (self, index);
  return rule ? rule->icon : NULL;
}

/* The recording's name as the file gives it (relative), or %NULL. */
const char *
sok_aup_get_rule_recording (SokAup *self,
                            guint   index)
{
  Rule *rule = get_rule (self, index);
  return rule ? rule->recording : NULL;
}

/**
 * sok_aup_dup_rule_recording_path:
 * @data_dir: (nullable): the kiosk's data directory
 *
 * Returns: (transfer full) (nullable): the recording of rule @index, looked for in
 *   @data_dir and then among the shipped files; %NULL when there is none, in which
 *   case the kiosk reads the rule aloud with its speech synthesiser.
 */
char *
sok_aup_dup_rule_recording_path (SokAup     *self,
                                 const char *data_dir,
                                 guint       index)
{
  Rule *rule = get_rule (self, index);
  g_autofree char *path = NULL;

  if (rule == NULL || rule->recording == NULL)
    return NULL;

  path = sok_paths_dup_content_path (data_dir, rule->recording, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  return g_steal_pointer (&path);
}

/* The normalised content the version hash covers (see data/aup/README.md). */
const char *
sok_aup_get_content (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), NULL);
  return self->content;
}

/* The version: SHA-256 of sok_aup_get_content(), 64 lower-case hex digits. */
const char *
sok_aup_get_sha256 (SokAup *self)
{
  g_return_val_if_fail (SOK_IS_AUP (self), NULL);
  return self->sha256;
}

/**
 * sok_aup_ensure_version:
 * @out_version_id: (out): the row of aup_versions holding @aup's exact words
 *
 * Stores @aup's normalised content in aup_versions the first time it is shown, so
 * that every agreement points at the words agreed to. Call it when the first rule
 * is shown; calling it again for the same words returns the same row.
 */
gboolean
sok_aup_ensure_version (SokStore  *store,
                        SokAup    *aup,
                        gint64    *out_version_id,
                        GError   **error)
{
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (sqlite3_stmt) select = NULL;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (SOK_IS_AUP (aup), FALSE);
  g_return_val_if_fail (out_version_id != NULL, FALSE);

  insert = sok_store_prepare (store,
                              "INSERT OR IGNORE INTO aup_versions "
                              "(band, locale, sha256, content, first_shown) "
                              "VALUES (?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, sok_age_band_to_string (aup->band), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, aup->locale, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, aup->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, aup->content, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (!sok_store_step_done (store, insert, error))
    return FALSE;

  select = sok_store_prepare (store, "SELECT id FROM aup_versions WHERE sha256 = ?", error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_text (select, 1, aup->sha256, -1, SQLITE_STATIC);
  if (sqlite3_step (select) != SQLITE_ROW)
    {
      sok_store_set_error_from_db (store, sqlite3_errcode (sok_store_get_db (store)),
                                   "recording the AUP's version", error);
      return FALSE;
    }

  *out_version_id = sqlite3_column_int64 (select, 0);
  return TRUE;
}
