/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-sokctl"

#include "config.h"
#include "test-util.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

static char *
new_data_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sokctl-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (tmp, "data", NULL);
}

static char *
init_school (void)
{
  g_auto (SokTestRun) run = { 0 };
  char *dir = new_data_dir ();

  sok_test_sokctl (&run, "--data-dir", dir, "init", "--school", "Demo Primary School", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  return dir;
}

static void
test_sokctl_init_then_doctor_passes (void)
{
  g_autofree char *dir = init_school ();
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", dir, "doctor", NULL);
  if (run.status != 0)
    g_printerr ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "integrity check"));
}

static void
test_sokctl_doctor_finds_open_directory (void)
{
  g_autofree char *dir = init_school ();
  g_auto (SokTestRun) run = { 0 };

  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);
  sok_test_sokctl (&run, "--data-dir", dir, "doctor", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.out, "can be opened by other users"));
  g_assert_nonnull (strstr (run.out, "chmod 700"));
  /* One line on stderr saying it failed. */
  g_assert_nonnull (strstr (run.err, "to fix"));
  sok_test_assert_one_line (run.err);
}

static void
test_sokctl_doctor_json_lists_checks (void)
{
  g_autofree char *dir = init_school ();
  g_auto (SokTestRun) run = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *checks;
  gboolean saw_database = FALSE;

  sok_test_sokctl (&run, "--data-dir", dir, "doctor", "--format", "json", NULL);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  checks = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *o = json_array_get_object_element (checks, i);

      if (g_str_equal (json_object_get_string_member (o, "check"), "database"))
        saw_database = g_str_equal (json_object_get_string_member (o, "status"), "ok");
    }
  g_assert_true (saw_database);
}

static void
test_sokctl_doctor_missing_directory (void)
{
  g_autofree char *dir = new_data_dir ();
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", dir, "doctor", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "init"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_sokctl_init_refuses_existing (void)
{
  g_autofree char *dir = init_school ();
  g_auto (SokTestRun) run = { 0 };
  g_auto (SokTestRun) get = { 0 };

  sok_test_sokctl (&run, "--data-dir", dir, "init", "--school", "Another School", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "already set up"));

  sok_test_sokctl (&get, "--data-dir", dir, "config", "get", "school-name", NULL);
  g_assert_cmpstr (get.out, ==, "Demo Primary School\n");
}

static void
test_sokctl_init_needs_school (void)
{
  g_autofree char *dir = new_data_dir ();
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", dir, "init", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--school"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_sokctl_init_bad_queue_leaves_nothing (void)
{
  g_autofree char *dir = new_data_dir ();
  g_autofree char *conf = g_build_filename (dir, "kiosk.conf", NULL);
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", dir, "init", "--school", "X", "--queue", "ftp://nowhere",
                   NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "queue"));
  g_assert_false (g_file_test (conf, G_FILE_TEST_EXISTS));
}

static void
test_sokctl_config_get_set (void)
{
  g_autofree char *dir = init_school ();
  g_auto (SokTestRun) set = { 0 };
  g_auto (SokTestRun) get = { 0 };
  g_auto (SokTestRun) json = { 0 };
  g_auto (SokTestRun) csv = { 0 };

  sok_test_sokctl (&set, "--data-dir", dir, "config", "set", "idle-seconds", "120", NULL);
  g_assert_cmpint (set.status, ==, 0);

  sok_test_sokctl (&get, "config", "get", "idle-seconds", "--data-dir", dir, NULL);
  g_assert_cmpint (get.status, ==, 0);
  g_assert_cmpstr (get.out, ==, "120\n");

  sok_test_sokctl (&json, "--data-dir", dir, "--format", "json", "config", "get", "idle-seconds",
                   NULL);
  g_assert_nonnull (strstr (json.out, "\"value\" : \"120\""));

  sok_test_sokctl (&csv, "--data-dir", dir, "--format=csv", "config", "get", NULL);
  g_assert_true (g_str_has_prefix (csv.out, "key,value,meaning\r\n"));
  g_assert_nonnull (strstr (csv.out, "idle-seconds,120,"));
}

static void
test_sokctl_config_set_bad_value (void)
{
  g_autofree char *dir = init_school ();
  g_auto (SokTestRun) set = { 0 };
  g_auto (SokTestRun) unknown = { 0 };
  g_auto (SokTestRun) get = { 0 };

  sok_test_sokctl (&set, "--data-dir", dir, "config", "set", "idle-seconds", "2", NULL);
  g_assert_cmpint (set.status, ==, 1);
  g_assert_nonnull (strstr (set.err, "idle-seconds"));
  g_assert_nonnull (strstr (set.err, "30 to 3600"));
  sok_test_assert_one_line (set.err);

  sok_test_sokctl (&unknown, "--data-dir", dir, "config", "set", "colour", "red", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "“colour” is not a setting"));

  sok_test_sokctl (&get, "--data-dir", dir, "config", "get", "idle-seconds", NULL);
  g_assert_cmpstr (get.out, ==, "90\n");
}

static void
test_sokctl_config_languages (void)
{
  g_autofree char *dir = init_school ();
  g_auto (SokTestRun) set = { 0 };
  g_auto (SokTestRun) bad = { 0 };
  g_auto (SokTestRun) get = { 0 };

  sok_test_sokctl (&set, "--data-dir", dir, "config", "set", "languages",
                   "en_GB;cy_GB;pl_PL;ur_PK", NULL);
  g_assert_cmpint (set.status, ==, 0);

  sok_test_sokctl (&bad, "--data-dir", dir, "config", "set", "languages", "en_GB;fr_FR", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "“fr_FR”"));
  g_assert_nonnull (strstr (bad.err, "en_GB, cy_GB, pl_PL, ur_PK"));
  sok_test_assert_one_line (bad.err);

  sok_test_sokctl (&get, "--data-dir", dir, "config", "get", "languages", NULL);
  g_assert_cmpstr (get.out, ==, "en_GB;cy_GB;pl_PL;ur_PK\n");
}

static void
test_sokctl_bad_arguments (void)
{
  g_autofree char *dir = init_school ();
  struct { const char *a, *b, *c; int status; const char *says; } cases[] = {
    { "frobnicate", NULL, NULL, 2, "not a command" },
    { "--format", "xml", "doctor", 2, "text, csv or json" },
    { "config", NULL, NULL, 2, "config takes" },
    { "config", "shout", NULL, 2, "“get” or “set”" },
    { "config", "set", "idle-seconds", 2, "KEY and VALUE" },
    { "doctor", "extra", NULL, 2, "no arguments" },
    { "init", "--bogus", NULL, 2, "--bogus" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (SokTestRun) run = { 0 };

      sok_test_sokctl (&run, "--data-dir", dir, cases[i].a, cases[i].b, cases[i].c, NULL);
      g_test_message ("case %u: %s", i, run.err);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_nonnull (strstr (run.err, cases[i].says));
    }
}

static void
test_sokctl_not_initialised (void)
{
  g_autofree char *dir = new_data_dir ();
  g_auto (SokTestRun) run = { 0 };

  sok_test_sokctl (&run, "--data-dir", dir, "config", "get", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "init"));
}

static void
test_sokctl_every_command_has_help (void)
{
  g_auto (SokTestRun) usage = { 0 };
  g_auto (GStrv) lines = NULL;
  gboolean in_commands = FALSE;
  guint seen = 0;

  sok_test_sokctl (&usage, "--help", NULL);
  g_assert_cmpint (usage.status, ==, 0);
  lines = g_strsplit (usage.out, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    {
      g_auto (SokTestRun) help = { 0 };
      g_auto (GStrv) words = NULL;

      if (g_str_equal (lines[i], "Commands:"))
        {
          in_commands = TRUE;
          continue;
        }
      if (!in_commands || !g_str_has_prefix (lines[i], "  "))
        continue;

      words = g_strsplit (g_strstrip (lines[i]), " ", 2);
      sok_test_sokctl (&help, words[0], "--help", NULL);
      g_test_message ("%s --help", words[0]);
      g_assert_cmpint (help.status, ==, 0);
      g_assert_nonnull (strstr (help.out, "Usage:"));
      g_assert_nonnull (strstr (help.out, words[0]));
      seen++;
    }

  g_assert_cmpuint (seen, >=, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sokctl/init/then-doctor-passes", test_sokctl_init_then_doctor_passes);
  g_test_add_func ("/sokctl/doctor/finds-directory-others-can-open",
                   test_sokctl_doctor_finds_open_directory);
  g_test_add_func ("/sokctl/doctor/json-lists-checks", test_sokctl_doctor_json_lists_checks);
  g_test_add_func ("/sokctl/doctor/missing-directory-says-init",
                   test_sokctl_doctor_missing_directory);
  g_test_add_func ("/sokctl/init/refuses-existing-kiosk", test_sokctl_init_refuses_existing);
  g_test_add_func ("/sokctl/init/needs-school-name", test_sokctl_init_needs_school);
  g_test_add_func ("/sokctl/init/bad-queue-leaves-nothing", test_sokctl_init_bad_queue_leaves_nothing);
  g_test_add_func ("/sokctl/config/languages-checked", test_sokctl_config_languages);
  g_test_add_func ("/sokctl/config/get-and-set-in-every-format", test_sokctl_config_get_set);
  g_test_add_func ("/sokctl/config/bad-value-refused-in-one-line", test_sokctl_config_set_bad_value);
  g_test_add_func ("/sokctl/arguments/bad-ones-exit-2-with-reason", test_sokctl_bad_arguments);
  g_test_add_func ("/sokctl/config/not-initialised-says-init", test_sokctl_not_initialised);
  g_test_add_func ("/sokctl/help/every-command-has-help", test_sokctl_every_command_has_help);

  return g_test_run ();
}
