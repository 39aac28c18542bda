/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-queue-timeout"

#include "config.h"

#include <string.h>

#include "silent-endpoint.h"
#include "sok-queue.h"

/* A PostgreSQL queue whose server takes the connection and never answers. Without a
 * connect_timeout libpq waits for ever, and so would the console, sokctl and the
 * kiosk's delivery; with one, the attempt gives up and says so in plain words. Each
 * attempt runs in a thread and the test waits for it far longer than any timeout it
 * sets, so that a connection that hangs fails the test instead of stopping it. */

#define PASSWORD "never-Sent-pw"
#define HANG_SECONDS 60

typedef struct
{
  char      *uri;
  gboolean   key_value;  /* a key=value string, given to the backend directly */
  GMutex     lock;
  GCond      cond;
  gboolean   done;
  SokQueue  *queue;
  GError    *error;
} Attempt;

static gpointer
attempt_thread (gpointer data)
{
  Attempt *attempt = data;
  GError *error = NULL;
  SokQueue *queue;

  if (attempt->key_value)
    queue = sok_queue_pg_new (attempt->uri, SOK_QUEUE_ROLE_DSL, &error);
  else
    queue = sok_queue_open (attempt->uri, SOK_QUEUE_ROLE_DSL, &error);

  g_mutex_lock (&attempt->lock);
  attempt->queue = queue;
  attempt->error = error;
  attempt->done = TRUE;
  g_cond_signal (&attempt->cond);
  g_mutex_unlock (&attempt->lock);
  return NULL;
}

/* Opens the queue at @uri as the DSL does and returns why it failed. */
static GError *
open_and_fail (const char *uri,
               gboolean    key_value)
{
  Attempt attempt = { (char *)uri, key_value };
  gint64 deadline = g_get_monotonic_time () + HANG_SECONDS * G_USEC_PER_SEC;
  GThread *thread;

  g_mutex_init (&attempt.lock);
  g_cond_init (&attempt.cond);
  thread = g_thread_new ("connect", attempt_thread, &attempt);

  g_mutex_lock (&attempt.lock);
  while (!attempt.done)
    if (!g_cond_wait_until (&attempt.cond, &attempt.lock, deadline))
      break;
  if (!attempt.done)
    g_error ("Still connecting to a silent server after %d s: no connect_timeout",
             HANG_SECONDS);
  g_mutex_unlock (&attempt.lock);
  g_thread_join (thread);

  g_mutex_clear (&attempt.lock);
  g_cond_clear (&attempt.cond);
  g_assert_null (attempt.queue);
  g_assert_nonnull (attempt.error);
  g_test_message ("%s", attempt.error->message);
  return attempt.error;
}

static void
assert_plain_words (const GError *error,
                    const char   *seconds)
{
  g_autofree char *within = g_strdup_printf ("did not answer within %s seconds", seconds);

  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, within));
  g_assert_nonnull (strstr (error->message, "check that the server is running"));
  g_assert_null (strstr (error->message, PASSWORD));
  /* The DSL holds no reports: no word of any waiting on a kiosk. */
  g_assert_null (strstr (error->message, "kiosk"));
}

static void
test_default_timeout (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSilentEndpoint) endpoint = sok_silent_endpoint_new (&error);
  g_autofree char *uri = NULL;
  g_autofree char *at = NULL;

  g_assert_no_error (error);
  uri = sok_silent_endpoint_dup_uri (endpoint, "dsl1", "sslmode=prefer");
  error = open_and_fail (uri, FALSE);
  assert_plain_words (error, "5");
  at = g_strdup_printf ("127.0.0.1:%u", sok_silent_endpoint_get_port (endpoint));
  g_assert_nonnull (strstr (error->message, at));
}

static void
test_uri_sets_timeout (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSilentEndpoint) endpoint = sok_silent_endpoint_new (&error);
  g_autofree char *uri = NULL;

  g_assert_no_error (error);
  uri = sok_silent_endpoint_dup_uri (endpoint, "dsl1", "connect_timeout=2&application_name=t");
  error = open_and_fail (uri, FALSE);
  assert_plain_words (error, "2");
}

static void
test_key_value_sets_timeout (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSilentEndpoint) endpoint = sok_silent_endpoint_new (&error);
  g_autofree char *conninfo = NULL;

  g_assert_no_error (error);
  conninfo = g_strdup_printf ("host=127.0.0.1 port=%u dbname=sokqueue user=dsl1 "
                              "password=" PASSWORD " connect_timeout=3",
                              sok_silent_endpoint_get_port (endpoint));
  error = open_and_fail (conninfo, TRUE);
  assert_plain_words (error, "3");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/queue/pg/silent-server-gives-up-after-five-seconds-by-default",
                   test_default_timeout);
  g_test_add_func ("/queue/pg/silent-server-uri-sets-its-own-timeout", test_uri_sets_timeout);
  g_test_add_func ("/queue/pg/silent-server-key-value-string-sets-its-own-timeout",
                   test_key_value_sets_timeout);

  return g_test_run ();
}
