/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report-content"

#include "config.h"

#include "sok-content-file.h"
#include "sok-paths.h"
#include "sok-report-content.h"

#define REPORT_FILE "report/report.ini"
#define MAX_WORDS 80

struct _SokReportContent
{
  GPtrArray *choices[3];
  GError    *override_error;
};

static const struct
{
  const char *prefix;
  guint       min;
  guint       max;
} kinds[] = {
  [SOK_CHOICE_CATEGORY] = { "category", 2, 9 },
  [SOK_CHOICE_WHERE] = { "where", 2, 9 },
  [SOK_CHOICE_FEELING] = { "feeling", 2, 7 },
};

static const char * const risks[] = { "content", "contact", "conduct", "commerce", "unsure", NULL };

static void
choice_free (gpointer data)
{
  SokChoice *choice = data;

  g_free (choice->id);
  g_free (choice->words);
  g_free (choice->icon);
  g_free (choice->risk);
  g_free (choice);
}

void
sok_report_content_free (SokReportContent *content)
{
  if (content == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (content->choices); i++)
    g_clear_pointer (&content->choices[i], g_ptr_array_unref);
  g_clear_error (&content->override_error);
  g_free (content);
}

static gboolean
valid_id (const char *id)
{
  if (*id == '\0' || strlen (id) > 40)
    return FALSE;

  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

static gboolean
icon_exists (const char *icon)
{
  g_autofree char *file = g_strconcat (icon, ".svg", NULL);
  g_autofree char *path = g_build_filename (sok_paths_get_icons_dir (), file, NULL);

  /* Installed builds always have the icons folder; only check against it when it is
   * there, so content can be validated on a machine without the pictures. */
  if (!g_file_test (sok_paths_get_icons_dir (), G_FILE_TEST_IS_DIR))
    return TRUE;

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
check_keys (SokContentFile  *file,
            const char      *group,
            const char * const *allowed,
            GError         **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (sok_content_file_get_keyfile (file), group, NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++)
    {
      g_autofree char *base = g_strdup (keys[i]);
      char *bracket = strchr (base, '[');

      if (bracket)
        *bracket = '\0';
      if (!g_strv_contains (allowed, base))
        {
          sok_content_file_set_error (file, error, group, keys[i],
                                      "“%s” is not a key a [%s] section may have", keys[i],
                                      group);
          return FALSE;
        }
    }

  return TRUE;
}

static SokChoice *
read_choice (SokContentFile  *file,
             const char      *group,
             const char      *id,
             SokChoiceKind    kind,
             const char      *locale,
             GError         **error)
{
  static const char * const category_keys[] = { "words", "icon", "risk", NULL };
  static const char * const other_keys[] = { "words", "icon", NULL };
  GKeyFile *keyfile = sok_content_file_get_keyfile (file);
  g_autofree char *words = NULL;
  g_autofree char *icon = NULL;
  g_autofree char *risk = NULL;
  SokChoice *choice;

  if (!check_keys (file, group, kind == SOK_CHOICE_CATEGORY ? category_keys : other_keys, error))
    return NULL;

  if (!valid_id (id))
    {
      sok_content_file_set_error (file, error, group, NULL,
                                  "“%s” is not a good id; use lower-case letters, digits and “-”",
                                  id);
      return NULL;
    }

  words = sok_content_file_dup_localized (file, group, "words", locale);
  if (words == NULL || *g_strstrip (words) == '\0')
    {
      sok_content_file_set_error (file, error, group, "words", "[%s] needs words=", group);
      return NULL;
    }
  if (g_utf8_strlen (words, -1) > MAX_WORDS)
    {
      sok_content_file_set_error (file, error, group, "words",
                                  "the words are longer than %u characters and would not fit a "
                                  "tile", MAX_WORDS);
      return NULL;
    }

  icon = g_key_file_get_string (keyfile, group, "icon", NULL);
  if (icon == NULL || !valid_id (g_strstrip (icon)) || !icon_exists (icon))
    {
      sok_content_file_set_error (file, error, group, "icon",
                                  "icon “%s” is not one of the kiosk's pictures (see %s)",
                                  icon ? icon : "", sok_paths_get_icons_dir ());
      return NULL;
    }

  if (kind == SOK_CHOICE_CATEGORY)
    {
      risk = g_key_file_get_string (keyfile, group, "risk", NULL);
      if (risk == NULL || !g_strv_contains (risks, g_strstrip (risk)))
        {
          sok_content_file_set_error (file, error, group, "risk",
                                      "risk must be content, contact, conduct, commerce or unsure");
          return NULL;
        }
    }

  choice = g_new0 (SokChoice, 1);
  choice->id = g_strdup (id);
  choice->words = g_steal_pointer (&words);
  choice->icon = g_steal_pointer (&icon);
  choice->risk = g_steal_pointer (&risk);

  return choice;
}

/**
 * sok_report_content_load_file:
 * @path: a report content file
 * @locale: (nullable): the language to read words in, as "cy"
 *
 * Reads and checks one report content file. Any mistake is refused with the file, the
 * line and the reason.
 *
 * Returns: (transfer full): the content, or %NULL with @error set in %SOK_CONTENT_ERROR.
 */
SokReportContent *
sok_report_content_load_file (const char  *path,
                              const char  *locale,
                              GError     **error)
{
  g_autoptr (SokContentFile) file = NULL;
  g_autoptr (SokReportContent) content = NULL;
  g_auto (GStrv) groups = NULL;
  g_autofree char *format = NULL;
  GKeyFile *keyfile;

  g_return_val_if_fail (path != NULL, NULL);

  if (!(file = sok_content_file_load (path, error)))
    return NULL;
  keyfile = sok_content_file_get_keyfile (file);

  format = g_key_file_get_string (keyfile, "report", "format", NULL);
  if (g_strcmp0 (format, "1") != 0)
    {
      sok_content_file_set_error (file, error, "report", "format",
                                  "the file must start with a [report] section with format=1");
      return NULL;
    }

  content = g_new0 (SokReportContent, 1);
  for (guint k = 0; k < G_N_ELEMENTS (content->choices); k++)
    content->choices[k] = g_ptr_array_new_with_free_func (choice_free);

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      const char *group = groups[i];
      gboolean known = g_str_equal (group, "report");

      for (guint k = 0; k < G_N_ELEMENTS (kinds) && !known; k++)
        {
          gsize plen = strlen (kinds[k].prefix);
          SokChoice *choice;

          if (strncmp (group, kinds[k].prefix, plen) != 0 || group[plen] != ' ')
            continue;

          known = TRUE;
          if (!(choice = read_choice (file, group, group + plen + 1, k, locale, error)))
            return NULL;
          g_ptr_array_add (content->choices[k], choice);
        }

      if (!known)
        {
          sok_content_file_set_error (file, error, group, NULL,
                                      "[%s] is not a section this file may have; sections are "
                                      "[category ID], [where ID] and [feeling ID]", group);
          return NULL;
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    if (content->choices[k]->len < kinds[k].min || content->choices[k]->len > kinds[k].max)
      {
        g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                     "%s: there must be %u to %u [%s …] sections, not %u", path, kinds[k].min,
                     kinds[k].max, kinds[k].prefix, content->choices[k]->len);
        return NULL;
      }

  return g_steal_pointer (&content);
}

/**
 * sok_report_content_load:
 * @data_dir: (nullable): the kiosk's data directory, where a school may keep its own file
 *
 * Loads the school's own report content when it has one and it is sound; otherwise the
 * shipped file. A broken school file is kept as the override error for staff.
 *
 * Returns: (transfer full) (nullable): the content; %NULL only when the shipped file
 *   itself is missing or broken, which a test or `sokctl doctor` reports.
 */
SokReportContent *
sok_report_content_load (const char *data_dir,
                         const char *locale)
{
  g_autoptr (GError) override_error = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *shipped = NULL;
  SokReportContent *content = NULL;

  if (data_dir != NULL)
    {
      g_autofree char *own = g_build_filename (data_dir, REPORT_FILE, NULL);

      if (g_file_test (own, G_FILE_TEST_EXISTS) &&
          (content = sok_report_content_load_file (own, locale, &override_error)))
        return content;
    }

  shipped = g_build_filename (sok_paths_get_shipped_dir (), REPORT_FILE, NULL);
  if (!(content = sok_report_content_load_file (shipped, locale, &error)))
    {
      g_warning ("The shipped report content is broken: %s", error->message);
      return NULL;
    }

  content->override_error = g_steal_pointer (&override_error);

  return content;
}

/* Returns: (transfer none) (element-type SokChoice): the choices, in file order. */
GPtrArray *
sok_report_content_get_choices (SokReportContent *content,
                                SokChoiceKind     kind)
{
  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (kind <= SOK_CHOICE_FEELING, NULL);

  return content->choices[kind];
}

const SokChoice *
sok_report_content_find (SokReportContent *content,
                         SokChoiceKind     kind,
                         const char       *id)
{
  GPtrArray *choices = sok_report_content_get_choices (content, kind);

  for (guint i = 0; choices && id && i < choices->len; i++)
    if (g_str_equal (((SokChoice *)g_ptr_array_index (choices, i))->id, id))
      return g_ptr_array_index (choices, i);

  return NULL;
}

/* Returns: (nullable): why the school's own report file was not used, if it was not. */
const GError *
sok_report_content_get_override_error (SokReportContent *content)
{
  g_return_val_if_fail (content != NULL, NULL);

  return content->override_error;
}
