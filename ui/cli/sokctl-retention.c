/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "sokctl.h"
#include "sok-agreement.h"
#include "sok-retention.h"

/* `sokctl retention apply [--dry-run]`: the kiosk's agreements older than the
 * school's retention-years setting, removed (or, with --dry-run, listed) by school
 * year and class. Counts only: never a pupil's name. The DSL queue's closed cases
 * have their own command, `sokctl queue retention apply`. */

static void
print_json (SokRetentionPlan *plan,
            gboolean          dry_run)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *first_kept = sok_school_year_dup_label (plan->first_kept_year);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_set_member_name (builder, "retention_years");
  json_builder_add_int_value (builder, plan->retention_years);
  json_builder_set_member_name (builder, "first_kept_school_year");
  json_builder_add_string_value (builder, first_kept);
  json_builder_set_member_name (builder, "agreements");
  json_builder_add_int_value (builder, plan->n_agreements);
  json_builder_set_member_name (builder, "signatures");
  json_builder_add_int_value (builder, plan->n_signatures);
  json_builder_set_member_name (builder, "former_pupils");
  json_builder_add_int_value (builder, plan->n_former_pupils);
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->groups->len; i++)
    {
      SokRetentionGroup *group = g_ptr_array_index (plan->groups, i);
      g_autofree char *year = sok_school_year_dup_label (group->school_year);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "school_year");
      json_builder_add_string_value (builder, year);
      json_builder_set_member_name (builder, "class");
      if (group->class_name != NULL)
        json_builder_add_string_value (builder, group->class_name);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "agreements");
      json_builder_add_int_value (builder, group->n_agreements);
      json_builder_set_member_name (builder, "signatures");
      json_builder_add_int_value (builder, group->n_signatures);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
print_plan (SokctlContext    *ctx,
            SokRetentionPlan *plan,
            gboolean          dry_run)
{
  g_autofree char *first_kept = sok_school_year_dup_label (plan->first_kept_year);

  if (ctx->format == SOKCTL_FORMAT_JSON)
    {
      print_json (plan, dry_run);
      return;
    }

  if (ctx->format == SOKCTL_FORMAT_CSV)
    {
      const char * const columns[] = { "school_year", "class", "agreements", "signatures", NULL };
      const char * const numeric[] = { "agreements", "signatures", NULL };
      g_autoptr (SokctlTable) table = sokctl_table_new (columns);

      sokctl_table_set_numeric (table, numeric);
      for (guint i = 0; i < plan->groups->len; i++)
        {
          SokRetentionGroup *group = g_ptr_array_index (plan->groups, i);
          g_autofree char *year = sok_school_year_dup_label (group->school_year);
          g_autofree char *n = g_strdup_printf ("%u", group->n_agreements);
          g_autofree char *s = g_strdup_printf ("%u", group->n_signatures);

          sokctl_table_add_rowv (table, year, group->class_name, n, s, NULL);
        }
      sokctl_table_print (table, ctx->format);
      return;
    }

  printf ("retention-years is %u: agreements of %s and later are kept.\n",
          plan->retention_years, first_kept);
  if (plan->n_agreements == 0 && plan->n_former_pupils == 0)
    {
      printf ("Nothing is older than that; nothing %s.\n", dry_run ? "would be removed" : "was removed");
      return;
    }

  printf ("%s %u agreements (%u with a signature) and %u former pupils' names:\n",
          dry_run ? "Would remove" : "Removed", plan->n_agreements, plan->n_signatures,
          plan->n_former_pupils);
  for (guint i = 0; i < plan->groups->len; i++)
    {
      SokRetentionGroup *group = g_ptr_array_index (plan->groups, i);
      g_autofree char *year = sok_school_year_dup_label (group->school_year);

      printf ("  %s  %-24s %5u agreements, %5u signatures\n", year,
              group->class_name != NULL ? group->class_name : "(pupils who have left)",
              group->n_agreements, group->n_signatures);
    }
  if (dry_run)
    printf ("Nothing was removed: run “sokctl retention apply” without --dry-run to remove "
            "them.\n");
}

gboolean
sokctl_cmd_retention (SokctlContext  *ctx,
                      int             argc,
                      char          **argv,
                      GError        **error)
{
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (SokRetentionPlan) plan = NULL;
  g_autoptr (GDateTime) now = NULL;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      "List what would be removed, and remove nothing", NULL },
    { NULL }
  };

  if (!sokctl_parse_options ("retention", "apply [--dry-run]",
                             "Removes the agreements (with their signatures) older than the "
                             "retention-years setting:\nan agreement is kept through its school "
                             "year and that many school years after it.\nThe kiosk does this "
                             "itself once a day. The DSL queue's closed cases are removed by\n"
                             "“sokctl queue retention apply”.",
                             entries, &argc, &argv, 1, 1, error))
    return FALSE;
  if (!g_str_equal (argv[1], "apply"))
    return sokctl_usage_error (error, "retention takes apply [--dry-run], not “%s”", argv[1]);

  config = sokctl_load_config (ctx, error);
  if (config == NULL)
    return FALSE;
  store = sokctl_open_store (ctx, error);
  if (store == NULL)
    return FALSE;

  now = g_date_time_new_now_local ();
  if (dry_run)
    plan = sok_retention_plan (store, sok_config_get_retention_years (config), now, error);
  else
    plan = sok_retention_apply (store, sok_config_get_retention_years (config), now, error);
  if (plan == NULL)
    return FALSE;

  print_plan (ctx, plan, dry_run);
  return TRUE;
}
