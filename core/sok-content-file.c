/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-content-file"

#include "config.h"

#include "sok-content-file.h"

G_DEFINE_QUARK (sok-content-error-quark, sok_content_error)

/* Content files are small; anything larger is a mistake (a photo renamed, a log). */
#define MAX_CONTENT_BYTES (256 * 1024)

struct _SokContentFile
{
  char       *path;
  GKeyFile   *keyfile;
  GHashTable *lines; /* "group\x1fkey" or "group" → line number */
};

void
sok_content_file_free (SokContentFile *file)
{
  if (file == NULL)
    return;

  g_free (file->path);
  g_key_file_unref (file->keyfile);
  g_hash_table_unref (file->lines);
  g_free (file);
}

static char *
line_key (const char *group,
          const char *key)
{
  return key ? g_strconcat (group, "\x1f", key, NULL) : g_strdup (group);
}

/* GKeyFile reads only these escapes. A value with two bad ones makes GLib 2.74 set
 * its GError twice (a GLib-WARNING "GError set over the top of a previous GError"), and
 * its message names no line, so they are refused here first. */
static const char *
find_bad_escape (const char *value)
{
  for (const char *p = value; *p; p++)
    if (*p == '\\')
      {
        if (p[1] == '\0' || strchr ("sntr\\", p[1]) == NULL)
          return p;
        p++;
      }
  return NULL;
}

/* GKeyFile names no line when it refuses a file, so each line is checked here first,
 * and the place of every group and key is kept for later errors. */
static gboolean
index_lines (SokContentFile  *file,
             const char      *text,
             GError         **error)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      guint number = i + 1;
      char *eq;

      if (*line == '\0' || *line == '#')
        continue;

      if (*line == '[')
        {
          if (line[strlen (line) - 1] != ']' || strlen (line) < 3)
            {
              g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                           "%s line %u: a section name must be written in [brackets]",
                           file->path, number);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (line + 1, strlen (line) - 2);
          if (g_hash_table_contains (file->lines, group))
            {
              g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                           "%s line %u: the section [%s] is already on line %u",
                           file->path, number, group,
                           GPOINTER_TO_UINT (g_hash_table_lookup (file->lines, group)));
              return FALSE;
            }
          g_hash_table_insert (file->lines, g_strdup (group), GUINT_TO_POINTER (number));
          continue;
        }

      if (!(eq = strchr (line, '=')) || eq == line)
        {
          g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                       "%s line %u: expected “key=value”, a [section] or a # comment",
                       file->path, number);
          return FALSE;
        }

      if (group == NULL)
        {
          g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                       "%s line %u: “%.*s” stands before any [section]",
                       file->path, number, (int)(eq - line), line);
          return FALSE;
        }

      if (find_bad_escape (eq + 1) != NULL)
        {
          g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                       "%s line %u: a backslash may only start \\s, \\n, \\t, \\r or "
                       "\\\\ (write \\\\ for a backslash itself)", file->path, number);
          return FALSE;
        }

      *eq = '\0';
      {
        g_autofree char *name = line_key (group, g_strstrip (line));

        /* GKeyFile would keep the last value silently; a school editing the file
         * should know which one the kiosk sees. */
        if (g_hash_table_contains (file->lines, name))
          {
            g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                         "%s line %u: “%s” is set twice in [%s] (first on line %u)",
                         file->path, number, line, group,
                         GPOINTER_TO_UINT (g_hash_table_lookup (file->lines, name)));
            return FALSE;
          }
        g_hash_table_insert (file->lines, g_steal_pointer (&name), GUINT_TO_POINTER (number));
      }
    }

  return TRUE;
}

/**
 * sok_content_file_load:
 * @path: a content file
 *
 * Reads a content file strictly: text that is not UTF-8, a line that is not a section,
 * key or comment, or a repeated section is refused with the file, the line and why.
 *
 * Returns: (transfer full): the file, or %NULL with @error set in %SOK_CONTENT_ERROR.
 */
SokContentFile *
sok_content_file_load (const char  *path,
                       GError     **error)
{
  g_autoptr (SokContentFile) file = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *bad = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_READ,
                   "%s cannot be read: %s", path, local_error->message);
      return NULL;
    }

  if (len > MAX_CONTENT_BYTES)
    {
      g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                   "%s is %zu bytes; a content file may be at most %u", path, len,
                   MAX_CONTENT_BYTES);
      return NULL;
    }

  if (!g_utf8_validate (text, (gssize)len, &bad))
    {
      guint line = 1;

      for (const char *p = text; p < bad; p++)
        line += *p == '\n';
      g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                   "%s line %u: the text is not UTF-8; save the file as UTF-8", path, line);
      return NULL;
    }

  file = g_new0 (SokContentFile, 1);
  file->path = g_strdup (path);
  file->keyfile = g_key_file_new ();
  file->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!index_lines (file, text, error))
    return NULL;

  if (!g_key_file_load_from_data (file->keyfile, text, len, G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID,
                   "%s: %s", path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&file);
}

GKeyFile *
sok_content_file_get_keyfile (SokContentFile *file)
{
  return file->keyfile;
}

const char *
sok_content_file_get_path (SokContentFile *file)
{
  return file->path;
}

/* Returns the line of @key in @group (or of the group itself when @key is NULL or
 * absent), or 0 when neither is in the file. */
guint
sok_content_file_line_of (SokContentFile *file,
                          const char     *group,
                          const char     *key)
{
  g_autofree char *k = line_key (group, key);
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (file->lines, k));

  if (line == 0 && key != NULL)
    line = GPOINTER_TO_UINT (g_hash_table_lookup (file->lines, group));

  return line;
}

/* The value of @key for @locale (as "cy" or "en_GB"), falling back to the plain key. */
char *
sok_content_file_dup_localized (SokContentFile *file,
                                const char     *group,
                                const char     *key,
                                const char     *locale)
{
  char *value = NULL;

  if (locale != NULL)
    value = g_key_file_get_locale_string (file->keyfile, group, key, locale, NULL);
  if (value == NULL)
    value = g_key_file_get_string (file->keyfile, group, key, NULL);

  return value;
}

void
sok_content_file_set_error (SokContentFile  *file,
                            GError         **error,
                            const char      *group,
                            const char      *key,
                            const char      *format,
                            ...)
{
  g_autofree char *reason = NULL;
  va_list args;
  guint line;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  line = group ? sok_content_file_line_of (file, group, key) : 0;
  if (line > 0)
    g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID, "%s line %u: %s",
                 file->path, line, reason);
  else
    g_set_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID, "%s: %s",
                 file->path, reason);
}
