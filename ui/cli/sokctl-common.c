/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "sok-csv.h"
#include "sokctl.h"

gboolean
sokctl_parse_options (const char    *command,
                      const char    *parameter_string,
                      const char    *summary,
                      GOptionEntry  *entries,
                      int           *argc,
                      char        ***argv,
                      int            min_args,
                      int            max_args,
                      GError       **error)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autofree char *prgname = g_strdup_printf ("sokctl %s", command);
  g_autoptr (GError) local_error = NULL;
  int positional;

  context = g_option_context_new (parameter_string);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context,
                                    "Every command also takes --data-dir DIR and "
                                    "--format text|csv|json.");
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  g_set_prgname (prgname);
  if (!g_option_context_parse (context, argc, argv, &local_error))
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE, "%s; see “sokctl %s --help”",
                   local_error->message, command);
      return FALSE;
    }

  /* GOption leaves "--" in place; it only says that what follows is not an option, so
   * that a name such as "-Mx Lee" can be given. */
  for (int i = 1; i < *argc; i++)
    if (g_str_equal ((*argv)[i], "--"))
      {
        memmove (&(*argv)[i], &(*argv)[i + 1], (size_t)(*argc - i) * sizeof (char *));
        (*argc)--;
        break;
      }

  positional = *argc - 1;
  if (positional < min_args || (max_args >= 0 && positional > max_args))
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE,
                   "%s takes %s; see “sokctl %s --help”",
                   command, parameter_string && *parameter_string ? parameter_string
                                                                  : "no arguments",
                   command);
      return FALSE;
    }

  return TRUE;
}

gboolean
sokctl_usage_error (GError     **error,
                    const char  *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SOKCTL_ERROR, SOKCTL_ERROR_USAGE, format, args));
  va_end (args);
  return FALSE;
}

gboolean
sokctl_check_school_year (int      year,
                          GError **error)
{
  if (year != 0 && (year < 2000 || year > 2200))
    return sokctl_usage_error (error, "--year takes the calendar year a school year starts in, "
                               "as 2026 for 2026-27, not %d", year);
  return TRUE;
}

SokConfig *
sokctl_load_config (SokctlContext  *ctx,
                    GError        **error)
{
  return sok_config_load (ctx->data_dir, error);
}

SokStore *
sokctl_open_store (SokctlContext  *ctx,
                   GError        **error)
{
  g_autofree char *conf = g_build_filename (ctx->data_dir, "kiosk.conf", NULL);

  /* Opening a store creates it; sokctl only creates one through init. */
  if (!g_file_test (conf, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "%s is not a kiosk data directory yet; run “sokctl --data-dir %s init "
                   "--school NAME” first", ctx->data_dir, ctx->data_dir);
      return NULL;
    }

  return sok_store_open (ctx->data_dir, error);
}

struct _SokctlTable
{
  GStrv      columns;
  GStrv      numeric;
  GPtrArray *rows;
};

SokctlTable *
sokctl_table_new (const char * const *columns)
{
  SokctlTable *table = g_new0 (SokctlTable, 1);

  table->columns = g_strdupv ((char **)columns);
  table->rows = g_ptr_array_new_with_free_func (g_free);

  return table;
}

void
sokctl_table_set_numeric (SokctlTable        *table,
                          const char * const *numeric)
{
  g_strfreev (table->numeric);
  table->numeric = g_strdupv ((char **)numeric);
}

/* A row is stored as an array of owned strings (or NULL), one per column. */
void
sokctl_table_add_row (SokctlTable        *table,
                      const char * const *values)
{
  guint n = g_strv_length (table->columns);
  char **row = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    row[i] = g_strdup (values[i]);

  g_ptr_array_add (table->rows, row);
}

void
sokctl_table_add_rowv (SokctlTable *table,
                       ...)
{
  guint n = g_strv_length (table->columns);
  g_autofree const char **values = g_new0 (const char *, n + 1);
  va_list args;

  va_start (args, table);
  for (guint i = 0; i < n; i++)
    values[i] = va_arg (args, const char *);
  va_end (args);

  sokctl_table_add_row (table, values);
}

static void
free_row (gpointer data,
          gpointer user_data)
{
  SokctlTable *table = user_data;
  char **row = data;

  for (guint i = 0; table->columns[i]; i++)
    g_free (row[i]);
}

void
sokctl_table_free (SokctlTable *table)
{
  if (table == NULL)
    return;

  g_ptr_array_foreach (table->rows, free_row, table);
  g_ptr_array_unref (table->rows);
  g_strfreev (table->columns);
  g_strfreev (table->numeric);
  g_free (table);
}

static gboolean
is_numeric_column (SokctlTable *table,
                   const char  *column)
{
  return table->numeric != NULL && g_strv_contains ((const char * const *)table->numeric, column);
}

void
sokctl_table_print (SokctlTable  *table,
                    SokctlFormat  format)
{
  guint n = g_strv_length (table->columns);
  g_autoptr (GString) out = g_string_new (NULL);

  if (format == SOKCTL_FORMAT_CSV)
    {
      for (guint c = 0; c < n; c++)
        {
          if (c)
            g_string_append_c (out, ',');
          sok_csv_append_field (out, table->columns[c], SOK_CSV_QUOTE_WHEN_NEEDED);
        }
      g_string_append (out, "\r\n");

      for (guint r = 0; r < table->rows->len; r++)
        {
          char **row = g_ptr_array_index (table->rows, r);

          for (guint c = 0; c < n; c++)
            {
              if (c)
                g_string_append_c (out, ',');
              sok_csv_append_field (out, row[c], SOK_CSV_QUOTE_WHEN_NEEDED);
            }
          g_string_append (out, "\r\n");
        }
    }
  else if (format == SOKCTL_FORMAT_JSON)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint r = 0; r < table->rows->len; r++)
        {
          char **row = g_ptr_array_index (table->rows, r);

          json_builder_begin_object (builder);
          for (guint c = 0; c < n; c++)
            {
              json_builder_set_member_name (builder, table->columns[c]);
              if (row[c] == NULL)
                json_builder_add_null_value (builder);
              else if (is_numeric_column (table, table->columns[c]))
                json_builder_add_int_value (builder, g_ascii_strtoll (row[c], NULL, 10));
              else
                json_builder_add_string_value (builder, row[c]);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_string_append_printf (out, "%s\n", text);
    }
  else
    {
      g_autofree guint *widths = g_new0 (guint, n);

      for (guint c = 0; c < n; c++)
        widths[c] = (guint)g_utf8_strlen (table->columns[c], -1);
      for (guint r = 0; r < table->rows->len; r++)
        {
          char **row = g_ptr_array_index (table->rows, r);

          for (guint c = 0; c < n; c++)
            widths[c] = MAX (widths[c], row[c] ? (guint)g_utf8_strlen (row[c], -1) : 1);
        }

      for (int r = -1; r < (int)table->rows->len; r++)
        {
          char **row = r < 0 ? table->columns : g_ptr_array_index (table->rows, r);

          for (guint c = 0; c < n; c++)
            {
              const char *value = row[c] ? row[c] : "-";
              guint pad = widths[c] - (guint)g_utf8_strlen (value, -1);

              g_string_append (out, value);
              if (c + 1 < n)
                {
                  for (guint k = 0; k < pad + 2; k++)
                    g_string_append_c (out, ' ');
                }
            }
          g_string_append_c (out, '\n');
        }
    }

  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

void
sokctl_print_record (SokctlFormat        format,
                     const char * const *keys,
                     const char * const *values,
                     const char * const *numeric)
{
  if (format == SOKCTL_FORMAT_JSON)
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      for (guint i = 0; keys[i]; i++)
        {
          json_builder_set_member_name (builder, keys[i]);
          if (values[i] == NULL)
            json_builder_add_null_value (builder);
          else if (numeric != NULL && g_strv_contains (numeric, keys[i]))
            json_builder_add_int_value (builder, g_ascii_strtoll (values[i], NULL, 10));
          else
            json_builder_add_string_value (builder, values[i]);
        }
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
    }
  else if (format == SOKCTL_FORMAT_CSV)
    {
      g_autoptr (SokctlTable) table = sokctl_table_new (keys);

      sokctl_table_set_numeric (table, numeric);
      sokctl_table_add_row (table, values);
      sokctl_table_print (table, format);
    }
  else
    {
      guint width = 0;

      for (guint i = 0; keys[i]; i++)
        width = MAX (width, (guint)strlen (keys[i]));
      for (guint i = 0; keys[i]; i++)
        printf ("%-*s  %s\n", (int)width + 1, keys[i], values[i] ? values[i] : "-");
    }

  fflush (stdout);
}
