/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-sync"

#include "config.h"

#include <math.h>
#include <sodium.h>
#include <string.h>

#include "sok-kiosk.h"
#include "sok-sync-private.h"

void
sok_sync_result_clear (SokSyncResult *result)
{
  g_clear_pointer (&result->error, g_free);
}

/**
 * sok_sync_compute_backoff:
 * @attempts: failed attempts so far (0 for the first failure)
 * @random01: a random number in [0, 1)
 *
 * The wait before the next try: 5 s doubling with each failure up to 15 min, then
 * spread ±20 % so that many kiosks coming back at once do not all retry together.
 */
gint64
sok_sync_compute_backoff (guint  attempts,
                          double random01)
{
  double base = (double)SOK_SYNC_FIRST_RETRY_USEC * pow (2.0, MIN (attempts, 20u));

  base = MIN (base, (double)SOK_SYNC_LONGEST_RETRY_USEC);
  return (gint64)(base * (1.0 - SOK_SYNC_JITTER + 2.0 * SOK_SYNC_JITTER * random01));
}

static char **
ids_of (GPtrArray *items)
{
  char **ids = g_new0 (char *, items->len + 1);

  for (guint i = 0; i < items->len; i++)
    ids[i] = g_strdup (((SokOutboxItem *)g_ptr_array_index (items, i))->report_id);
  return ids;
}

static gboolean
record_failure (SokStore       *store,
                gint64          now,
                const char     *message,
                SokSyncResult  *out,
                GError        **error)
{
  g_autoptr (GPtrArray) due = sok_outbox_list (store, 0, error);
  g_auto (GStrv) ids = NULL;
  guint attempts = 0;
  gint64 next;

  if (due == NULL)
    return FALSE;
  if (due->len == 0)
    return TRUE;

  for (guint i = 0; i < due->len; i++)
    attempts = MAX (attempts, ((SokOutboxItem *)g_ptr_array_index (due, i))->attempts);
  next = now + sok_sync_compute_backoff (attempts, g_random_double ());
  ids = ids_of (due);
  out->next_attempt_at = next;
  return sok_outbox_record_failure (store, (const char * const *)ids, message, error);
}

static void
count_waiting (SokStore      *store,
               SokSyncResult *out)
{
  g_auto (SokOutboxStatus) status = { 0 };

  if (sok_outbox_get_status (store, &status, NULL))
    out->waiting = status.waiting;
}

/**
 * sok_sync_deliver:
 * @queue: the DSL queue, opened for the kiosk
 * @batch_size: reports per transaction (0 for 500)
 * @out: (out caller-allocates): what happened
 *
 * Delivers every report in the outbox, @batch_size at a time. A report leaves the
 * outbox only after the queue committed it; when a batch fails, every waiting report
 * counts a failed attempt and the reason is kept for the staff screen and “sokctl
 * outbox status”; @out's next_attempt_at says when to try again (exponential
 * back-off with jitter). That time is for the caller to keep in memory only.
 *
 * Returns: %TRUE when everything due was delivered; %FALSE with @error (in
 *   %SOK_QUEUE_ERROR when the queue failed, %SOK_STORE_ERROR when the outbox did).
 */
gboolean
sok_sync_deliver (SokStore       *store,
                  SokQueue       *queue,
                  guint           batch_size,
                  SokSyncResult  *out,
                  GError        **error)
{
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (SOK_IS_QUEUE (queue), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (batch_size == 0)
    batch_size = 500;

  for (;;)
    {
      g_autoptr (GPtrArray) items = sok_outbox_list (store, batch_size, error);
      g_autofree SokQueueEnvelope *envelopes = NULL;
      g_autoptr (GError) local_error = NULL;
      g_auto (GStrv) ids = NULL;
      guint n_new = 0;

      if (items == NULL)
        return FALSE;
      if (items->len == 0)
        break;

      envelopes = g_new0 (SokQueueEnvelope, items->len);
      for (guint i = 0; i < items->len; i++)
        {
          SokOutboxItem *item = g_ptr_array_index (items, i);

          envelopes[i].report_id = item->report_id;
          envelopes[i].kiosk_id = item->kiosk_id;
          envelopes[i].urgent = item->urgent;
          envelopes[i].sealed = item->sealed;
        }

      if (!sok_queue_deliver (queue, envelopes, items->len, &n_new, &local_error))
        {
          /* Not logged: the journal would time it, and an urgent report is tried the
           * moment it is sent. The outbox keeps the reason, with its half-day. */
          g_clear_pointer (&out->error, g_free);
          out->error = g_strdup (local_error->message);
          if (!record_failure (store, now, local_error->message, out, error))
            return FALSE;
          count_waiting (store, out);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* Committed by the queue: now, and only now, the kiosk may let go of them. */
      ids = ids_of (items);
      if (!sok_outbox_remove (store, (const char * const *)ids, error) ||
          !sok_outbox_record_delivery (store, error))
        return FALSE;

      out->delivered += n_new;
      out->already_there += items->len - n_new;
    }

  count_waiting (store, out);
  return TRUE;
}

/* The kiosk's public key goes to the queue along with its reports, so the DSL can
 * approve it there; a queue that already has it keeps it as it is. Only when
 * something is due, so that an idle kiosk writes nothing to the queue. A failure
 * (an older queue without the kiosks table, say) never holds reports back. */
static void
register_kiosk (SokStore  *store,
                SokConfig *config,
                SokQueue  *queue)
{
  g_autoptr (SokKioskKey) key = NULL;
  g_autoptr (GPtrArray) waiting = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *public_key = NULL;

  waiting = sok_outbox_list (store, 1, NULL);
  if (waiting == NULL || waiting->len == 0)
    return;

  key = sok_kiosk_key_load (sok_config_get_dir (config), NULL);
  if (key == NULL)
    return;

  public_key = sok_kiosk_key_dup_public_key_base64 (key);
  if (!sok_queue_register_kiosk (queue, sok_config_get_kiosk_id (config), public_key, &error))
    g_message ("This kiosk's key could not be given to the DSL queue; reports are still "
               "delivered: %s", error->message);
}

/**
 * sok_sync_run_once:
 * @config: the kiosk's settings; its queue setting says where reports go
 *
 * Opens the queue named by @config and calls sok_sync_deliver(). A queue that cannot
 * be opened counts as a failed delivery: the outbox records why.
 */
gboolean
sok_sync_run_once (SokStore       *store,
                   SokConfig      *config,
                   guint           batch_size,
                   SokSyncResult  *out,
                   GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *uri;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (SOK_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  uri = sok_config_get_queue (config);
  if (uri == NULL || *uri == '\0')
    g_set_error (&local_error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID_URI,
                 "This kiosk has no DSL queue set; set one with “sokctl config set queue …” "
                 "— reports wait safely on this kiosk");
  else
    queue = sok_queue_open (uri, SOK_QUEUE_ROLE_KIOSK, &local_error);

  if (queue == NULL)
    {
      g_autoptr (GPtrArray) due = sok_outbox_list (store, 1, error);

      if (due == NULL)
        return FALSE;
      if (due->len == 0)
        {
          count_waiting (store, out);
          return TRUE;
        }
      out->error = g_strdup (local_error->message);
      if (!record_failure (store, g_get_real_time (), local_error->message, out, error))
        return FALSE;
      count_waiting (store, out);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  register_kiosk (store, config, queue);
  return sok_sync_deliver (store, queue, batch_size, out, error);
}

/* The worker.
 *
 * The kiosk's delivery worker keeps one connection to the queue for as long as the
 * kiosk runs, and says the same short thing on it every minute (a heartbeat), whatever
 * the outbox holds. A kiosk that connected only to deliver would tell the server's
 * connection log, pg_stat_activity and any network flow record when a child pressed
 * Send; with a connection that is always there and always ticking, they tell nothing.
 *
 * For the same reason a report is not delivered the moment it is sent. Each one the
 * worker finds in the outbox is given a time at random within the school's
 * “delivery-delay-minutes” (10–40 unless set), and when the first of those times
 * comes everything waiting goes in one batch. A report whose child chose “I need help
 * now” goes at once: a child asking for help now matters more than hiding that moment.
 * Reports already waiting when the worker starts go with its first connection (the
 * moment the kiosk starts is no one's moment of Send).
 *
 * The schedule lives in this thread's memory only, never on disk (the outbox keeps
 * half-days, sok-half-day.h): a restart simply tries again. “sokctl sync” delivers
 * everything waiting at once, ignoring it. */

/* A heartbeat every this many minutes. */
#define HEARTBEAT_MINUTES 1

struct _SokSyncWorker
{
  GObject          parent_instance;

  char            *data_dir;
  GMainContext    *main_context;
  GThread         *thread;
  GMutex           lock;
  GCond            cond;
  gboolean         woken;
  gboolean         stopping;
  gboolean         have_status;
  SokOutboxStatus  status;
  gint64           minute;  /* µs; shorter only in tests (sok-sync-private.h) */
};

G_DEFINE_FINAL_TYPE (SokSyncWorker, sok_sync_worker, G_TYPE_OBJECT)

enum
{
  STATUS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * sok_sync_pick_delay:
 * @min_minutes: the shortest wait
 * @max_minutes: the longest wait
 * @minute: microseconds in a minute (60 s; tests use less)
 * @random01: a random number in [0, 1)
 *
 * Returns: how long a non-urgent report waits before delivery, in microseconds:
 *   uniformly within [@min_minutes, @max_minutes].
 */
gint64
sok_sync_pick_delay (guint  min_minutes,
                     guint  max_minutes,
                     gint64 minute,
                     double random01)
{
  double lo = (double)MIN (min_minutes, max_minutes) * (double)minute;
  double hi = (double)MAX (min_minutes, max_minutes) * (double)minute;

  return (gint64)(lo + (hi - lo) * CLAMP (random01, 0.0, 1.0));
}

/* Uniform in [0, 1) from the system's randomness: the wait is what hides the moment
 * of Send, so it must not be guessable from the kiosk's other random choices. */
static double
secret_random01 (void)
{
  if (!sok_seal_ensure_sodium (NULL))
    return g_random_double ();
  return (double)randombytes_random () / 4294967296.0;
}

static void
sok_sync_worker_finalize (GObject *object)
{
  SokSyncWorker *self = (SokSyncWorker *)object;

  sok_sync_worker_stop (self);
  sok_outbox_status_clear (&self->status);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->data_dir, g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (sok_sync_worker_parent_class)->finalize (object);
}

static void
sok_sync_worker_class_init (SokSyncWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sok_sync_worker_finalize;

  /**
   * SokSyncWorker::status-changed:
   *
   * The outbox as the worker saw it after a round (reports delivered, a delivery
   * failed, or nothing changed); read it with sok_sync_worker_get_status(). Emitted
   * on the worker's main context.
   */
  signals[STATUS_CHANGED] = g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
sok_sync_worker_init (SokSyncWorker *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->minute = 60 * G_USEC_PER_SEC;
}

/**
 * sok_sync_worker_new:
 * @data_dir: the kiosk's data directory; the worker opens its own store there and
 *   reads the settings before each round, so a changed queue or delay takes effect
 *
 * Returns: (transfer full): a worker; call sok_sync_worker_start().
 */
SokSyncWorker *
sok_sync_worker_new (const char *data_dir)
{
  SokSyncWorker *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (SOK_TYPE_SYNC_WORKER, NULL);
  self->data_dir = g_strdup (data_dir);
  self->main_context = g_main_context_ref_thread_default ();
  return self;
}

/* For tests only (sok-sync-private.h). */
void
sok_sync_worker_set_minute (SokSyncWorker *self,
                            gint64         usec)
{
  g_return_if_fail (SOK_IS_SYNC_WORKER (self));
  g_return_if_fail (usec > 0);
  g_return_if_fail (self->thread == NULL);

  self->minute = usec;
}

static gboolean
emit_status_changed_cb (gpointer user_data)
{
  g_signal_emit (user_data, signals[STATUS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* What the worker's thread keeps between rounds, all in memory. Times are monotonic. */
typedef struct
{
  SokSyncWorker *self;
  SokStore      *store;
  gint64         retry_open_store;
  SokQueue      *queue;           /* the one connection, while it works */
  char          *queue_uri;       /* the setting it was opened from; never logged */
  gboolean       have_config;
  guint          failures;        /* in a row: connecting, heartbeats and deliveries */
  gint64         retry_at;        /* after a failure, no try before this; else 0 */
  gint64         next_heartbeat;
  gboolean       started;         /* the outbox was read once */
  GHashTable    *due;             /* report id → when it goes */
} Worker;

static void
worker_clear (Worker *w)
{
  /* Closing the queue ends the connection cleanly (PostgreSQL: a Terminate message). */
  g_clear_object (&w->queue);
  g_clear_object (&w->store);
  if (w->queue_uri != NULL)
    memset (w->queue_uri, 0, strlen (w->queue_uri));
  g_clear_pointer (&w->queue_uri, g_free);
  g_clear_pointer (&w->due, g_hash_table_unref);
}

/* Brings the schedule up to date with the outbox: a report new to it is given its
 * time, one that left it (delivered, here or by “sokctl sync”) is forgotten.
 * Returns TRUE when an urgent report was new: worth a try at once, back-off or not. */
static gboolean
update_schedule (Worker    *w,
                 SokConfig *config,
                 gint64     now)
{
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GHashTable) present = NULL;
  g_autoptr (GError) error = NULL;
  GHashTableIter iter;
  gpointer key;
  gboolean urgent_new = FALSE;
  guint min_minutes, max_minutes;

  items = sok_outbox_list_brief (w->store, &error);
  if (items == NULL)
    {
      g_warning ("The sync worker cannot read the outbox: %s", error->message);
      return FALSE;
    }

  sok_config_get_delivery_delay (config, &min_minutes, &max_minutes);
  present = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < items->len; i++)
    {
      SokOutboxItem *item = g_ptr_array_index (items, i);
      gint64 when = now;

      g_hash_table_add (present, item->report_id);
      if (g_hash_table_contains (w->due, item->report_id))
        continue;

      if (item->urgent)
        urgent_new = w->started;
      else if (w->started)
        when = now + sok_sync_pick_delay (min_minutes, max_minutes, w->self->minute,
                                          secret_random01 ());
      g_hash_table_insert (w->due, g_strdup (item->report_id), g_memdup2 (&when, sizeof when));
    }

  g_hash_table_iter_init (&iter, w->due);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_hash_table_iter_remove (&iter);

  w->started = TRUE;
  return urgent_new;
}

/* The earliest time any waiting report goes, or G_MAXINT64 when none waits. */
static gint64
first_due (Worker *w)
{
  GHashTableIter iter;
  gpointer value;
  gint64 first = G_MAXINT64;

  g_hash_table_iter_init (&iter, w->due);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    first = MIN (first, *(gint64 *)value);
  return first;
}

/* The connection failed (opening it, a heartbeat or a delivery): it is closed and
 * opened afresh after the back-off. When reports wait, the outbox records why, for
 * the staff screen and “sokctl outbox status”. Only a failure found by the heartbeat
 * with nothing being delivered is logged, once a streak: the journal times every
 * line, and a try that follows a Send would date it. */
static void
connection_failed (Worker     *w,
                   GError     *error,
                   gboolean    recorded,
                   gboolean    heartbeat)
{
  g_clear_object (&w->queue);
  if (w->failures == 0 && heartbeat)
    g_message ("The connection to the DSL queue was lost; it is tried again: %s",
               error->message);
  w->retry_at = g_get_monotonic_time () +
                sok_sync_compute_backoff (w->failures, g_random_double ());
  w->failures++;

  if (!recorded && g_hash_table_size (w->due) > 0)
    {
      g_auto (SokSyncResult) result = { 0 };
      g_autoptr (GError) store_error = NULL;

      if (!record_failure (w->store, g_get_real_time (), error->message, &result, &store_error))
        g_warning ("The sync worker cannot record a failed delivery: %s", store_error->message);
    }
}

/* Opens the queue the settings name and checks it answers. */
static gboolean
open_queue (Worker     *w,
            SokConfig  *config,
            GError    **error)
{
  const char *uri = sok_config_get_queue (config);
  g_autoptr (SokQueue) queue = NULL;

  if (uri == NULL || *uri == '\0')
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID_URI,
                   "This kiosk has no DSL queue set; set one with “sokctl config set queue …” "
                   "— reports wait safely on this kiosk");
      return FALSE;
    }

  queue = sok_queue_open (uri, SOK_QUEUE_ROLE_KIOSK, error);
  if (queue == NULL || !sok_queue_ping (queue, error))
    return FALSE;

  w->queue = g_steal_pointer (&queue);
  return TRUE;
}

/* One round: read the settings and the outbox, connect when there is no connection,
 * deliver when a report's time has come, beat when the minute is up. */
static void
worker_round (Worker *w)
{
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (GError) error = NULL;
  const char *uri;
  gint64 now = g_get_monotonic_time ();

  config = sok_config_load (w->self->data_dir, &error);
  if (config == NULL)
    {
      g_warning ("The sync worker cannot read the kiosk's settings: %s", error->message);
      w->have_config = FALSE;
      return;
    }
  w->have_config = TRUE;

  /* A changed queue setting: the old connection goes, the new one is tried at once. */
  uri = sok_config_get_queue (config);
  if (g_strcmp0 (uri, w->queue_uri) != 0)
    {
      g_clear_object (&w->queue);
      if (w->queue_uri != NULL)
        memset (w->queue_uri, 0, strlen (w->queue_uri));
      g_free (w->queue_uri);
      w->queue_uri = g_strdup (uri);
      w->failures = 0;
      w->retry_at = 0;
    }

  if (update_schedule (w, config, now))
    w->retry_at = 0;

  if (now < w->retry_at)
    return;

  if (w->queue == NULL)
    {
      if (!open_queue (w, config, &error))
        {
          connection_failed (w, error, FALSE, FALSE);
          return;
        }
      w->failures = 0;
      w->retry_at = 0;
      w->next_heartbeat = now + HEARTBEAT_MINUTES * w->self->minute;
    }

  if (first_due (w) <= now)
    {
      g_auto (SokSyncResult) result = { 0 };

      register_kiosk (w->store, config, w->queue);
      if (!sok_sync_deliver (w->store, w->queue, 0, &result, &error))
        {
          /* A failed batch was recorded by sok_sync_deliver(); a failing outbox was not,
           * and needs no connection closed, but a try again all the same. */
          connection_failed (w, error, TRUE, FALSE);
          return;
        }
      w->failures = 0;
      update_schedule (w, config, g_get_monotonic_time ());
    }
  else if (now >= w->next_heartbeat)
    {
      if (!sok_queue_ping (w->queue, &error))
        {
          connection_failed (w, error, FALSE, TRUE);
          return;
        }
      w->failures = 0;
    }

  /* Steady: every minute on the minute, however long a round took. */
  while (w->next_heartbeat <= g_get_monotonic_time ())
    w->next_heartbeat += HEARTBEAT_MINUTES * w->self->minute;
}

/* When the next round is needed: the next heartbeat or report due, not before the
 * back-off allows, and a minute at most (the settings and status are read again). */
static gint64
next_round_at (Worker *w)
{
  gint64 now = g_get_monotonic_time ();
  gint64 at = now + w->self->minute;

  if (w->store == NULL || !w->have_config)
    return at;
  if (w->queue == NULL)
    return MIN (at, MAX (w->retry_at, now));
  at = MIN (at, w->next_heartbeat);
  at = MIN (at, first_due (w));
  return MAX (at, w->retry_at);
}

static gpointer
worker_thread (gpointer data)
{
  SokSyncWorker *self = data;
  Worker w = { .self = self };

  w.due = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (;;)
    {
      g_auto (SokOutboxStatus) status = { 0 };
      g_autoptr (GError) error = NULL;
      gint64 wait_until;

      if (w.store == NULL && g_get_monotonic_time () >= w.retry_open_store)
        {
          w.store = sok_store_open (self->data_dir, &error);
          if (w.store == NULL)
            {
              g_warning ("The sync worker cannot open the kiosk's store: %s", error->message);
              g_clear_error (&error);
              w.retry_open_store = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
            }
        }

      if (w.store != NULL)
        worker_round (&w);

      if (w.store != NULL && sok_outbox_get_status (w.store, &status, NULL))
        {
          g_mutex_lock (&self->lock);
          sok_outbox_status_clear (&self->status);
          self->status = status;
          memset (&status, 0, sizeof status);
          self->have_status = TRUE;
          g_mutex_unlock (&self->lock);
          g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT,
                                      emit_status_changed_cb, g_object_ref (self),
                                      g_object_unref);
        }

      wait_until = next_round_at (&w);

      g_mutex_lock (&self->lock);
      while (!self->woken && !self->stopping)
        if (!g_cond_wait_until (&self->cond, &self->lock, wait_until))
          break;
      self->woken = FALSE;
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      g_mutex_unlock (&self->lock);
    }

  worker_clear (&w);
  return NULL;
}

/* Starts the worker's thread. It connects at once (call it once the kiosk's first
 * frame is on screen), delivers what was already waiting, and from then on beats
 * every minute and delivers each report at its time. */
void
sok_sync_worker_start (SokSyncWorker *self)
{
  g_return_if_fail (SOK_IS_SYNC_WORKER (self));

  if (self->thread != NULL)
    return;
  self->stopping = FALSE;
  /* The thread holds no reference: stop() joins it before the worker can go. */
  self->thread = g_thread_new ("sok-sync", worker_thread, self);
}

/* Tells the worker a report was put in the outbox (after Send): an urgent one goes at
 * once, back-off or not; any other is given its time. Never blocks. */
void
sok_sync_worker_wake (SokSyncWorker *self)
{
  g_return_if_fail (SOK_IS_SYNC_WORKER (self));

  g_mutex_lock (&self->lock);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Stops the thread, waiting for a delivery in progress to finish, and closes the
 * connection. Reports not yet delivered stay in the outbox. */
void
sok_sync_worker_stop (SokSyncWorker *self)
{
  g_return_if_fail (SOK_IS_SYNC_WORKER (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));
}

/**
 * sok_sync_worker_get_status:
 * @out: (out caller-allocates): filled with a copy; clear it with
 *   sok_outbox_status_clear()
 *
 * The outbox as the worker last saw it. Never touches the database.
 *
 * Returns: %FALSE before the first round has finished.
 */
gboolean
sok_sync_worker_get_status (SokSyncWorker   *self,
                            SokOutboxStatus *out)
{
  gboolean have;

  g_return_val_if_fail (SOK_IS_SYNC_WORKER (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  g_mutex_lock (&self->lock);
  have = self->have_status;
  *out = self->status;
  out->last_error = g_strdup (self->status.last_error);
  g_mutex_unlock (&self->lock);
  return have;
}
