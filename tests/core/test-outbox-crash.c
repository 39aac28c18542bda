/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-outbox-crash"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outbox-crash-report.h"
#include "sok-config.h"
#include "sok-outbox.h"
#include "sok-seal.h"
#include "sok-store.h"
#include "test-util.h"

#define PASSPHRASE "a quiet place to tell"
#define N_KILLS    200

/* A report the child acknowledged: it reached "Thank you". */
typedef struct
{
  guint run;
  guint n;
} Acked;

typedef struct
{
  char      *root;
  char      *data_dir;
  SokDslKey *key;
} Kiosk;

static void
kiosk_clear (Kiosk *kiosk)
{
  g_clear_pointer (&kiosk->key, sok_dsl_key_free);
  if (kiosk->root != NULL)
    sok_test_remove_tree (kiosk->root);
  g_clear_pointer (&kiosk->root, g_free);
  g_clear_pointer (&kiosk->data_dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Kiosk, kiosk_clear)

static void
kiosk_init (Kiosk *kiosk)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autofree char *keys_dir = NULL;
  g_autofree char *public_key = NULL;

  kiosk->root = g_dir_make_tmp ("sok-crash-XXXXXX", &error);
  g_assert_no_error (error);
  kiosk->data_dir = g_build_filename (kiosk->root, "kiosk", NULL);
  keys_dir = g_build_filename (kiosk->root, "dsl", NULL);
  public_key = sok_test_make_dsl_keys (keys_dir, PASSPHRASE, &kiosk->key);

  sok_test_write_kiosk_config (kiosk->data_dir, "kiosk-crash", public_key, NULL);

  /* The database exists before the first child, as on a kiosk that was set up. */
  store = sok_store_open (kiosk->data_dir, &error);
  g_assert_no_error (error);
}

/* Starts the child with its stdout on a pipe; returns its pid and the read end. */
static pid_t
spawn_child (const char *data_dir,
             guint       run,
             int        *out_fd)
{
  const char *child = g_getenv ("SOK_OUTBOX_CRASH_CHILD");
  char run_text[16];
  int fds[2];
  pid_t pid;

  g_assert_nonnull (child);
  g_snprintf (run_text, sizeof run_text, "%u", run);
  g_assert_cmpint (pipe2 (fds, O_CLOEXEC), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      dup2 (fds[1], STDOUT_FILENO);
      execl (child, child, data_dir, run_text, (char *)NULL);
      _exit (127);
    }

  close (fds[1]);
  *out_fd = fds[0];
  return pid;
}

/* Reads everything the dead child wrote: one "ID RUN N" line per acknowledged report. */
static void
collect_acks (int         fd,
              GHashTable *acked)
{
  g_autoptr (GString) all = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;
  char buf[4096];
  ssize_t n;

  while ((n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_string_append_len (all, buf, n);
    }
  close (fd);

  /* Each line came in one write(2) of less than PIPE_BUF bytes: whole or absent. */
  g_assert_true (all->len == 0 || all->str[all->len - 1] == '\n');

  lines = g_strsplit (all->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto (GStrv) words = g_strsplit (lines[i], " ", 3);
      Acked *ack = g_new0 (Acked, 1);

      g_assert_cmpuint (g_strv_length (words), ==, 3);
      g_assert_true (g_uuid_string_is_valid (words[0]));
      ack->run = (guint)g_ascii_strtoull (words[1], NULL, 10);
      ack->n = (guint)g_ascii_strtoull (words[2], NULL, 10);
      g_assert_false (g_hash_table_contains (acked, words[0]));
      g_hash_table_insert (acked, g_strdup (words[0]), ack);
    }
}

static void
assert_sound (const char *data_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = sok_store_open (data_dir, &error);
  g_autofree char *problems = NULL;

  g_assert_no_error (error);
  g_assert_true (sok_store_check_integrity (store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (problems, ==, NULL);
}

static void
test_survives_kill_during_commit (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (GHashTable) acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GHashTable) stored = g_hash_table_new (g_str_hash, g_str_equal);
  guint killed_while_running = 0;
  guint max_delay_us = 60000;
  guint acked_before = 0;
  guint unacknowledged = 0;
  GHashTableIter iter;
  gpointer key, value;

  kiosk_init (&kiosk);
  /* The kill times come from g_test_rand_int_range(): “--seed” repeats a run. */

  for (guint run = 0; run < N_KILLS; run++)
    {
      int fd = -1;
      int status = 0;
      pid_t pid = spawn_child (kiosk.data_dir, run, &fd);

      /* A random moment: before the first send, during sealing, during the commit's
       * fsync, or between reports. The child needs a few milliseconds to start. */
      g_usleep ((gulong)g_test_rand_int_range (1000, (gint32)max_delay_us));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
        killed_while_running++;
      else
        g_error ("The child stopped by itself (status %d): it could not send", status);

      collect_acks (fd, acked);

      /* Now and then, check the database as the next kiosk start would find it. On
       * a loaded machine (valgrind, sanitizers, parallel tests) the child starts
       * slowly; give it longer so that kills still land among the commits. */
      if (run % 20 == 19)
        {
          assert_sound (kiosk.data_dir);
          if (g_hash_table_size (acked) - acked_before < 40 && max_delay_us < 400000)
            max_delay_us *= 2;
          acked_before = g_hash_table_size (acked);
        }
    }

  g_test_message ("%u kills, %u reports acknowledged", killed_while_running,
                  g_hash_table_size (acked));
  g_assert_cmpuint (killed_while_running, ==, N_KILLS);
  /* The test means something only if many reports were acknowledged before kills
   * (about 13 a run on an idle machine). */
  g_assert_cmpuint (g_hash_table_size (acked), >=, N_KILLS / 2);

  assert_sound (kiosk.data_dir);

  /* Every acknowledged report is in the outbox, opens with the DSL key, and says
   * exactly what was sent. */
  store = sok_store_open (kiosk.data_dir, &error);
  g_assert_no_error (error);
  items = sok_outbox_list (store, 0, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < items->len; i++)
    {
      SokOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr (JsonNode) opened = sok_test_open_envelope (kiosk.key, item->sealed);
      JsonObject *envelope = json_node_get_object (opened);
      g_autofree char *expected = NULL;
      Acked *ack;

      g_assert_cmpstr (json_object_get_string_member (envelope, "report_id"), ==, item->report_id);
      g_hash_table_add (stored, item->report_id);

      ack = g_hash_table_lookup (acked, item->report_id);
      if (ack == NULL)
        {
          /* Committed, then killed before "Thank you": stored, which is safe. */
          unacknowledged++;
          continue;
        }

      expected = crash_report_text (ack->run, ack->n);
      g_assert_cmpstr (json_object_get_string_member (envelope, "text"), ==, expected);
      g_assert_true (json_object_get_boolean_member (envelope, "urgent") ==
                     crash_report_urgent (ack->n));
      g_assert_true (item->urgent == crash_report_urgent (ack->n));
      g_assert_cmpstr (item->kiosk_id, ==, "kiosk-crash");
    }

  g_hash_table_iter_init (&iter, acked);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (stored, key))
        g_error ("Report %s (run %u, number %u) reached Thank-you but is not in the outbox",
                 (const char *)key, ((Acked *)value)->run, ((Acked *)value)->n);
    }

  g_test_message ("%u reports in the outbox, %u of them stored but killed before Thank-you",
                  items->len, unacknowledged);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/report/outbox/survives-kill-during-commit", test_survives_kill_during_commit);

  return g_test_run ();
}
