/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <stdio.h>

#include "sok-agreement.h"
#include "sok-roster.h"
#include "sokctl.h"

static gboolean
roster_import (SokctlContext  *ctx,
               const char     *path,
               GError        **error)
{
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) local_error = NULL;
  SokRosterCounts counts = { 0 };

  if (!(store = sokctl_open_store (ctx, error)))
    return FALSE;

  if (!sok_roster_import_file (store, path, &counts, &problems, &local_error))
    {
      g_autoptr (SokctlTable) table = NULL;

      if (problems == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* Every bad line goes to standard output, in the format asked for; the error
       * line says what happened. */
      table = sokctl_table_new ((const char *[]) { "line", "reason", NULL });
      sokctl_table_set_numeric (table, (const char *[]) { "line", NULL });
      for (guint i = 0; i < problems->len; i++)
        {
          SokRosterProblem *problem = g_ptr_array_index (problems, i);
          g_autofree char *line = g_strdup_printf ("%u", problem->line);

          sokctl_table_add_rowv (table, line, problem->reason, NULL);
        }
      sokctl_table_print (table, ctx->format);

      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "%s has %u bad %s (listed above); nothing was imported and the roster "
                   "is as it was", path, problems->len, problems->len == 1 ? "line" : "lines");
      return FALSE;
    }

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Imported %s: %u classes, %u pupils (%u new, %u already known, %u left the "
            "roster and are kept with their agreements).\n",
            path, counts.classes, counts.pupils, counts.added, counts.updated, counts.left);
  else
    {
      g_autofree char *classes = g_strdup_printf ("%u", counts.classes);
      g_autofree char *pupils = g_strdup_printf ("%u", counts.pupils);
      g_autofree char *added = g_strdup_printf ("%u", counts.added);
      g_autofree char *updated = g_strdup_printf ("%u", counts.updated);
      g_autofree char *left = g_strdup_printf ("%u", counts.left);
      const char *keys[] = { "classes", "pupils", "added", "updated", "left", NULL };

      sokctl_print_record (ctx->format, keys,
                           (const char *[]) { classes, pupils, added, updated, left, NULL },
                           keys);
    }

  return TRUE;
}

static gboolean
roster_list (SokctlContext  *ctx,
             GError        **error)
{
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  g_autoptr (SokctlTable) table = NULL;

  if (!(store = sokctl_open_store (ctx, error)) ||
      !(classes = sok_roster_list_classes (store, error)))
    return FALSE;

  table = sokctl_table_new ((const char *[]) { "class", "year_group", "band", "pupils",
                                               "picture", NULL });
  sokctl_table_set_numeric (table, (const char *[]) { "year_group", "pupils", NULL });
  for (guint i = 0; i < classes->len; i++)
    {
      SokClass *klass = g_ptr_array_index (classes, i);
      g_autofree char *year = g_strdup_printf ("%d", klass->year_group);
      g_autofree char *pupils = g_strdup_printf ("%u", klass->n_pupils);

      sokctl_table_add_rowv (table, klass->name, year, sok_age_band_to_string (klass->band),
                             pupils, klass->picture, NULL);
    }
  sokctl_table_print (table, ctx->format);

  return TRUE;
}

static gboolean
roster_class_picture (SokctlContext  *ctx,
                      const char     *class_name,
                      const char     *picture,
                      GError        **error)
{
  g_autoptr (SokStore) store = NULL;
  gboolean automatic = g_str_equal (picture, "auto");

  if (!(store = sokctl_open_store (ctx, error)) ||
      !sok_roster_set_class_picture (store, class_name, automatic ? NULL : picture, error))
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    {
      if (automatic)
        printf ("%s's tile shows the picture its name suggests again.\n", class_name);
      else
        printf ("%s's tile shows the %s picture.\n", class_name, picture);
    }
  return TRUE;
}

gboolean
sokctl_cmd_roster (SokctlContext  *ctx,
                   int             argc,
                   char          **argv,
                   GError        **error)
{
  if (!sokctl_parse_options ("roster", "import FILE.csv | list | class-picture CLASS PICTURE",
                             "Replaces the roster from a MIS export (CSV with a header line: "
                             "Forename, Surname, Year / Year Group / NC Year, Reg Group / "
                             "Class / Form, and optionally UPN or Admission No), or lists "
                             "the classes with their tiles' pictures, or sets a class's "
                             "picture (robin, owl, hedgehog, fox, kingfisher, badger, otter, "
                             "red, blue, green, yellow, purple, orange; auto to let the "
                             "kiosk choose from the name). A file with any bad line changes "
                             "nothing.",
                             NULL, &argc, &argv, 1, 3, error))
    return FALSE;

  if (g_str_equal (argv[1], "import"))
    {
      if (argc != 3)
        return sokctl_usage_error (error, "roster takes one file to import: sokctl roster "
                                   "import FILE.csv");
      return roster_import (ctx, argv[2], error);
    }

  if (g_str_equal (argv[1], "list") && argc == 2)
    return roster_list (ctx, error);

  if (g_str_equal (argv[1], "class-picture"))
    {
      if (argc != 4)
        return sokctl_usage_error (error, "roster class-picture takes the class and the "
                                   "picture: sokctl roster class-picture Robins robin");
      return roster_class_picture (ctx, argv[2], argv[3], error);
    }

  return sokctl_usage_error (error, "roster takes “import FILE.csv”, “list” or "
                             "“class-picture CLASS PICTURE”, not “%s”", argv[1]);
}

static char *
dup_local_time (gint64 unix_time)
{
  g_autoptr (GDateTime) when = NULL;

  if (unix_time == 0)
    return NULL;
  when = g_date_time_new_from_unix_local (unix_time);
  return when ? g_date_time_format_iso8601 (when) : NULL;
}

gboolean
sokctl_cmd_agreements (SokctlContext  *ctx,
                       int             argc,
                       char          **argv,
                       GError        **error)
{
  g_autofree char *class_name = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (SokctlTable) table = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    { "class", 0, 0, G_OPTION_ARG_STRING, &class_name, "Only this class (by name)", "C" },
    { "year", 0, 0, G_OPTION_ARG_INT, &year,
      "Only this school year, by the year it starts in: 2026 for 2026-27", "YYYY" },
    { NULL }
  };

  if (!sokctl_parse_options ("agreements", "list",
                             "Lists who promised, when, to which AUP version (its SHA-256), "
                             "in which language (en, cy, pl, ur) and how. Pupils who left are included.",
                             entries, &argc, &argv, 1, 1, error))
    return FALSE;

  if (!g_str_equal (argv[1], "list"))
    return sokctl_usage_error (error, "agreements takes “list”, not “%s”", argv[1]);
  if (!sokctl_check_school_year (year, error))
    return FALSE;

  if (!(store = sokctl_open_store (ctx, error)) ||
      !(list = sok_agreement_list (store, class_name, year, error)))
    return FALSE;

  table = sokctl_table_new ((const char *[]) {
    "pupil_id", "forename", "surname", "class", "year_group", "school_year", "agreed_at",
    "aup_band", "aup_sha256", "language", "method", "read_aloud", "with_adult",
    "parent_endorsed_at", NULL });
  sokctl_table_set_numeric (table, (const char *[]) { "pupil_id", "year_group", NULL });

  for (guint i = 0; i < list->len; i++)
    {
      SokAgreement *a = g_ptr_array_index (list, i);
      g_autofree char *pupil_id = g_strdup_printf ("%" G_GINT64_FORMAT, a->pupil_id);
      g_autofree char *year_group = g_strdup_printf ("%d", a->year_group);
      g_autofree char *school_year = sok_school_year_dup_label (a->school_year);
      g_autofree char *agreed_at = dup_local_time (a->agreed_at);
      g_autofree char *endorsed = dup_local_time (a->parent_endorsed_at);

      sokctl_table_add_rowv (table, pupil_id, a->forename, a->surname, a->class_name,
                             year_group, school_year, agreed_at, a->band, a->aup_sha256,
                             a->aup_locale, a->method, a->read_aloud ? "yes" : "no",
                             a->with_adult ? "yes" : "no", endorsed, NULL);
    }
  sokctl_table_print (table, ctx->format);

  return TRUE;
}
