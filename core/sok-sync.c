/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-sync"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sok-kiosk.h"
#include "sok-sync.h"

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
          g_clear_pointer (&out->error, g_free);
          out->error = g_strdup (local_error->message);
          g_message ("Delivery to the DSL queue failed; reports wait: %s", local_error->message);
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

/* The worker. */

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
};

G_DEFINE_FINAL_TYPE (SokSyncWorker, sok_sync_worker, G_TYPE_OBJECT)

enum
{
  STATUS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
   * The outbox changed (reports delivered, or a delivery failed); read it with
   * sok_sync_worker_get_status(). Emitted on the worker's main context.
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
}

/**
 * sok_sync_worker_new:
 * @data_dir: the kiosk's data directory; the worker opens its own store there and
 *   reads the queue setting before each round, so a changed setting takes effect
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

static gboolean
emit_status_changed_cb (gpointer user_data)
{
  g_signal_emit (user_data, signals[STATUS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static gpointer
worker_thread (gpointer data)
{
  SokSyncWorker *self = data;
  g_autoptr (SokStore) store = NULL;
  gint64 retry_open = 0;
  gint64 retry_at = 0;  /* monotonic; after a failure, in memory only */

  for (;;)
    {
      g_auto (SokSyncResult) result = { 0 };
      g_auto (SokOutboxStatus) status = { 0 };
      g_autoptr (SokConfig) config = NULL;
      g_autoptr (GError) error = NULL;
      gint64 wait_until;

      if (store == NULL && g_get_monotonic_time () >= retry_open)
        {
          store = sok_store_open (self->data_dir, &error);
          if (store == NULL)
            {
              g_warning ("The sync worker cannot open the kiosk's store: %s", error->message);
              g_clear_error (&error);
              retry_open = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
            }
        }

      if (store != NULL && g_get_monotonic_time () >= retry_at)
        {
          config = sok_config_load (self->data_dir, &error);
          if (config == NULL)
            g_warning ("The sync worker cannot read the kiosk's settings: %s", error->message);
          else
            sok_sync_run_once (store, config, 0, &result, NULL);

          retry_at = 0;
          if (result.next_attempt_at > 0)
            retry_at = g_get_monotonic_time () +
                       MAX (result.next_attempt_at - g_get_real_time (), 0);
        }

      if (store != NULL && sok_outbox_get_status (store, &status, NULL))
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

      /* Sleep until woken, until the next try after a failure, or a minute at most. */
      wait_until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      if (retry_at > 0)
        wait_until = MIN (wait_until, retry_at + 1000);

      g_mutex_lock (&self->lock);
      while (!self->woken && !self->stopping)
        if (!g_cond_wait_until (&self->cond, &self->lock, wait_until))
          break;
      /* A new report is worth a try at once, back-off or not. */
      if (self->woken)
        retry_at = 0;
      self->woken = FALSE;
      if (self->stopping)
        {
          g_mutex_unlock (&self->lock);
          break;
        }
      g_mutex_unlock (&self->lock);
    }

  return NULL;
}

/* Starts the worker's thread; it delivers at once, then whenever reports are due. */
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

/* Delivers at once (after Send). Never blocks. */
void
sok_sync_worker_wake (SokSyncWorker *self)
{
  g_return_if_fail (SOK_IS_SYNC_WORKER (self));

  g_mutex_lock (&self->lock);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Stops the thread, waiting for a delivery in progress to finish. */
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
