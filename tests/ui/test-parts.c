/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-parts"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sqlite3.h>

#include "sok-config.h"
#include "sok-outbox.h"
#include "sok-parts.h"
#include "sok-store.h"

/* The kiosk's delivery and read-aloud parts, loaded after the first frame
 * (ui/kiosk/sok-parts.c). This program links what the kiosk links (the base library,
 * GTK) and not the queue or speech libraries, so what it maps is what the kiosk maps.
 * Each test runs in its own process: a module, once loaded, stays. */

static gboolean
is_mapped (const char *library)
{
  g_autofree char *maps = NULL;
  g_autofree char *needle = g_strconcat ("/", library, NULL);

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, needle) != NULL;
}

static const char * const deferred[] = {
  "libsokqueue.so", "libsokspeech.so", "libpq.so", "libespeak-ng.so",
};

static void
assert_deferred_mapped (gboolean mapped)
{
  for (guint i = 0; i < G_N_ELEMENTS (deferred); i++)
    if (is_mapped (deferred[i]) != mapped)
      g_error ("%s is %s", deferred[i], mapped ? "not mapped" : "mapped already");
}

static void
painted_cb (GdkFrameClock *frame_clock,
            guint         *frames)
{
  (*frames)++;
}

typedef struct
{
  const SokParts *parts;
  GError         *error;
  gboolean        called;
  guint           frames_then;
  guint          *frames;
} Loaded;

static void
loaded_cb (const SokParts *parts,
           const GError   *error,
           gpointer        user_data)
{
  Loaded *loaded = user_data;

  loaded->called = TRUE;
  loaded->parts = parts;
  loaded->error = error ? g_error_copy (error) : NULL;
  loaded->frames_then = *loaded->frames;
  /* Loading after the frame must have brought in the queue and speech libraries. */
  if (parts != NULL)
    assert_deferred_mapped (TRUE);
}

static void
test_loaded_after_first_frame (void)
{
  GtkWidget *window;
  guint frames = 0;
  Loaded loaded = { .frames = &frames };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  gtk_init ();
  assert_deferred_mapped (FALSE);

  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Home"));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (painted_cb), &frames);
  sok_parts_load_after_first_frame (window, loaded_cb, &loaded);

  /* Until the window has painted, nothing of the queue or speech is mapped. */
  assert_deferred_mapped (FALSE);
  while (!loaded.called)
    {
      if (frames == 0)
        assert_deferred_mapped (FALSE);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_no_error (loaded.error);
  g_assert_nonnull (loaded.parts);
  g_assert_cmpuint (loaded.frames_then, >=, 1);
  g_assert_cmpuint (loaded.parts->abi_version, ==, SOK_PARTS_ABI_VERSION);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GError   *error;
  gboolean  done;
} Said;

static void
said_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Said *said = user_data;
  g_autoptr (GBytes) wav = sok_parts_synthesize_wav_finish (result, &said->error);

  if (wav != NULL)
    {
      g_assert_cmpuint (g_bytes_get_size (wav), >, 44);
      g_assert_cmpmem (g_bytes_get_data (wav, NULL), 4, "RIFF", 4);
    }
  said->done = TRUE;
}

/* Listen tapped before the parts were loaded: they are loaded then and there. */
static void
test_speech_loads_on_demand (void)
{
  Said said = { 0 };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  assert_deferred_mapped (FALSE);
  sok_parts_synthesize_wav_async ("I only go online with a grown up.", NULL, NULL,
                                  said_cb, &said);
  while (!said.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (said.error);
  assert_deferred_mapped (TRUE);

  /* Nothing to say is told apart from a failure. */
  said.done = FALSE;
  sok_parts_synthesize_wav_async ("   ", NULL, NULL, said_cb, &said);
  while (!said.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (said.error);
  g_assert_true (sok_parts_is_nothing_to_say (said.error));
  g_clear_error (&said.error);
}

static gboolean
outbox_empty (SokStore *store)
{
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (sok_outbox_get_status (store, &status, &error));
  return status.waiting == 0;
}

static int
count_envelopes (const char *queue_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open_v2 (queue_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM envelopes", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The delivery worker, reached only through the module's table, delivers what the
 * outbox holds to the queue. */
static void
test_delivery_through_parts (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *queue_path = NULL;
  g_autofree char *queue_uri = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokStore) store = NULL;
  SokSyncWorker *worker;
  const SokParts *parts;
  gint64 deadline;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  tmp = g_dir_make_tmp ("sok-parts-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (tmp, "kiosk", NULL);
  queue_path = g_build_filename (tmp, "dsl-queue.db", NULL);
  queue_uri = g_strconcat ("sqlite:", queue_path, NULL);
  g_assert_true (sok_store_ensure_data_dir (dir, &error));
  config = sok_config_new (dir);
  g_assert_true (sok_config_set_value (config, "school-name", "Test School", &error));
  g_assert_true (sok_config_set_value (config, "kiosk-id", "kiosk-test", &error));
  g_assert_true (sok_config_set_value (config, "queue", queue_uri, &error));
  g_assert_true (sok_config_save (config, &error));
  g_assert_no_error (error);
  store = sok_store_open (dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("report-%u", i);
      g_autoptr (GBytes) sealed = g_bytes_new_static ("sealed", 6);

      g_assert_true (sok_outbox_put (store, id, "kiosk-test", FALSE, sealed, &error));
      g_assert_no_error (error);
    }

  parts = sok_parts_get (&error);
  g_assert_no_error (error);
  worker = parts->sync_worker_new (dir);
  parts->sync_worker_start (worker);
  parts->sync_worker_wake (worker);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!outbox_empty (store) && g_get_monotonic_time () < deadline)
    g_usleep (20000);
  parts->sync_worker_stop (worker);
  g_object_unref (worker);

  g_assert_true (outbox_empty (store));
  g_assert_cmpint (count_envelopes (queue_path), ==, 3);
}

/* A kiosk installed without its module still runs: the error says which file and what
 * to do, Listen gets that error from the main loop, and nothing crashes. */
static void
test_missing_module (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *empty = NULL;
  Said said = { 0 };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      /* Told once, in the log, however often it is asked for. */
      g_test_trap_assert_stderr ("*could not be loaded*Reinstall safe-online-kiosk*");
      return;
    }

  empty = g_dir_make_tmp ("sok-parts-none-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("SOK_KIOSK_MODULE_DIR", empty, TRUE);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_assert_null (sok_parts_get (&error));
  g_assert_error (error, SOK_PARTS_ERROR, SOK_PARTS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, empty));
  g_assert_nonnull (strstr (error->message, "reports wait safely in the outbox"));
  g_clear_error (&error);

  sok_parts_synthesize_wav_async ("Hello", NULL, NULL, said_cb, &said);
  g_assert_false (said.done);  /* never called back from inside the call */
  while (!said.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (said.error, SOK_PARTS_ERROR, SOK_PARTS_ERROR_MISSING);
  g_assert_false (sok_parts_is_nothing_to_say (said.error));
  g_clear_error (&said.error);
  assert_deferred_mapped (FALSE);
  g_rmdir (empty);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/parts/loaded-after-first-frame", test_loaded_after_first_frame);
  g_test_add_func ("/parts/speech-loads-on-demand", test_speech_loads_on_demand);
  g_test_add_func ("/parts/delivery-through-parts", test_delivery_through_parts);
  g_test_add_func ("/parts/missing-module", test_missing_module);

  return g_test_run ();
}
