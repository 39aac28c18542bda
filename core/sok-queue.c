/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-queue"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "sok-case-kinds.h"
#include "sok-queue.h"

typedef struct
{
  SokQueueRole  role;
  char         *display_uri;
  SokDslKey    *key;
} SokQueuePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SokQueue, sok_queue, G_TYPE_OBJECT)

G_DEFINE_QUARK (sok-queue-error-quark, sok_queue_error)

static void
sok_queue_finalize (GObject *object)
{
  SokQueuePrivate *priv = sok_queue_get_instance_private (SOK_QUEUE (object));

  g_clear_pointer (&priv->display_uri, g_free);
  g_clear_pointer (&priv->key, sok_dsl_key_free);

  G_OBJECT_CLASS (sok_queue_parent_class)->finalize (object);
}

static void
sok_queue_class_init (SokQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sok_queue_finalize;
}

static void
sok_queue_init (SokQueue *self)
{
}

void
sok_queue_case_free (SokQueueCase *item)
{
  if (item == NULL)
    return;
  g_free (item->report_id);
  g_free (item->kiosk_id);
  g_free (item->outcome);
  g_free (item->last_action);
  g_free (item);
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      sodium_memzero (text, strlen (text));
      g_free (text);
    }
}

void
sok_queue_signature_check_free (SokQueueSignatureCheck *item)
{
  if (item == NULL)
    return;
  g_free (item->report_id);
  g_free (item->kiosk_key);
  g_free (item->result);
  g_free (item->mac);
  g_free (item);
}

void
sok_queue_kiosk_free (SokQueueKiosk *item)
{
  if (item == NULL)
    return;
  g_free (item->public_key);
  g_free (item->kiosk_id);
  g_free (item->state);
  g_free (item->approved_by);
  g_free (item->revoked_by);
  g_free (item->mac);
  g_free (item);
}

void
sok_queue_action_free (SokQueueAction *item)
{
  if (item == NULL)
    return;
  g_free (item->report_id);
  g_free (item->kind);
  g_free (item->by);
  g_free (item->login);
  wipe_string (item->note);
  wipe_string (item->reason);
  g_free (item->mac);
  g_free (item);
}

void
sok_audit_entry_free (SokAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->login);
  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->report_id);
  wipe_string (entry->detail);
  g_free (entry->detail_digest);
  g_free (entry->prev_hash);
  g_free (entry->hash);
  g_free (entry->mac);
  g_free (entry);
}

void
sok_queue_retained_free (SokQueueRetained *item)
{
  if (item == NULL)
    return;
  g_free (item->report_id);
  g_free (item);
}

/**
 * sok_queue_open:
 * @uri: `sqlite:/ABSOLUTE/PATH` or `postgresql://…` (passed to libpq unchanged, so
 *   its TLS settings such as sslmode and sslrootcert are honoured)
 * @role: whether this side puts reports in (kiosk) or reads them (DSL)
 *
 * Opens the DSL queue. A SQLite queue is created when missing; a PostgreSQL queue
 * must have been set up with data/sql/postgresql-setup.sql.
 *
 * Returns: (transfer full): the queue, or %NULL with @error set in %SOK_QUEUE_ERROR.
 *   No message ever holds the password.
 */
SokQueue *
sok_queue_open (const char    *uri,
                SokQueueRole   role,
                GError       **error)
{
  SokQueue *queue = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  display = sok_queue_redact_uri (uri);

  if (g_str_has_prefix (uri, "sqlite:"))
    {
      const char *path = uri + strlen ("sqlite:");

      if (!g_path_is_absolute (path))
        {
          g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID_URI,
                       "The queue “%s” needs an absolute path, as in "
                       "sqlite:/var/lib/safe-online-kiosk/dsl-queue.db", display);
          return NULL;
        }
      queue = sok_queue_sqlite_new (path, role, error);
    }
  else if (g_str_has_prefix (uri, "postgresql://") || g_str_has_prefix (uri, "postgres://"))
    queue = sok_queue_pg_new (uri, role, error);
  else
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID_URI,
                   "The queue “%s” is not understood: it must start with “sqlite:/” or "
                   "“postgresql://”; set it with “sokctl config set queue …”", display);
      return NULL;
    }

  if (queue != NULL)
    {
      SokQueuePrivate *priv = sok_queue_get_instance_private (queue);

      priv->role = role;
      priv->display_uri = g_steal_pointer (&display);
    }

  return queue;
}

SokQueueRole
sok_queue_get_role (SokQueue *self)
{
  SokQueuePrivate *priv = sok_queue_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_QUEUE (self), SOK_QUEUE_ROLE_KIOSK);

  return priv->role;
}

/* The queue's address with the password hidden. */
const char *
sok_queue_get_display_uri (SokQueue *self)
{
  SokQueuePrivate *priv = sok_queue_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);

  return priv->display_uri;
}

/**
 * sok_queue_set_dsl_key:
 * @key: (nullable): the DSL's opened key; the queue keeps its own copy
 *
 * Gives the queue the DSL's key. Every entry the DSL writes to the audit log is
 * then MACed with a key derived from it (the server never sees either), and
 * sok_queue_verify_audit() checks those MACs. A SQLite queue also seals action
 * notes, reasons and outcomes to it, and opens them to read. Writing to the case
 * record without a key is refused.
 */
void
sok_queue_set_dsl_key (SokQueue  *self,
                       SokDslKey *key)
{
  SokQueuePrivate *priv = sok_queue_get_instance_private (self);

  g_return_if_fail (SOK_IS_QUEUE (self));

  /* The console gives its list reader the key before every read: the same key again
   * changes nothing. */
  if (key != NULL && priv->key != NULL &&
      sodium_memcmp (sok_dsl_key_get_public_key (key), sok_dsl_key_get_public_key (priv->key),
                     crypto_box_PUBLICKEYBYTES) == 0)
    return;
  if (key == NULL && priv->key == NULL)
    return;

  g_clear_pointer (&priv->key, sok_dsl_key_free);
  if (key != NULL)
    priv->key = sok_dsl_key_copy (key);
  if (SOK_QUEUE_GET_CLASS (self)->key_changed)
    SOK_QUEUE_GET_CLASS (self)->key_changed (self);
}

/* Returns: (transfer none) (nullable): the key sok_queue_set_dsl_key() gave. */
SokDslKey *
sok_queue_get_dsl_key (SokQueue *self)
{
  SokQueuePrivate *priv = sok_queue_get_instance_private (self);

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);

  return priv->key;
}

static gboolean
check_dsl (SokQueue  *self,
           GError   **error)
{
  if (sok_queue_get_role (self) != SOK_QUEUE_ROLE_DSL)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION,
                   "A kiosk may only put reports into the DSL queue; reading it needs "
                   "the DSL's role");
      return FALSE;
    }
  return TRUE;
}

/**
 * sok_queue_deliver:
 * @envelopes: (array length=n_envelopes): sealed reports
 * @n_new: (out) (optional): how many were new to the queue
 *
 * Puts @envelopes into the queue in one transaction and returns only after the
 * queue committed them. A report id already in the queue is skipped, so retrying a
 * batch never makes a second case.
 */
gboolean
sok_queue_deliver (SokQueue                *self,
                   const SokQueueEnvelope  *envelopes,
                   guint                    n_envelopes,
                   guint                   *n_new,
                   GError                 **error)
{
  guint dummy = 0;

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (envelopes != NULL || n_envelopes == 0, FALSE);

  for (guint i = 0; i < n_envelopes; i++)
    {
      if (envelopes[i].report_id == NULL || *envelopes[i].report_id == '\0' ||
          envelopes[i].kiosk_id == NULL || envelopes[i].sealed == NULL ||
          g_bytes_get_size (envelopes[i].sealed) == 0)
        {
          g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                       "Report %u of the batch has no id, kiosk or sealed content; "
                       "nothing was delivered", i + 1);
          return FALSE;
        }
    }

  if (n_new == NULL)
    n_new = &dummy;
  *n_new = 0;
  if (n_envelopes == 0)
    return TRUE;

  return SOK_QUEUE_GET_CLASS (self)->deliver (self, envelopes, n_envelopes, n_new, error);
}

/**
 * sok_queue_ping:
 *
 * Asks the queue something cheap on the connection deliveries use, connecting
 * first when there is none. The kiosk's delivery worker calls it every minute,
 * whatever the outbox holds, so that the connection stays open and its traffic is the
 * same whether or not a child has just pressed Send.
 *
 * Returns: %TRUE when the queue answered; %FALSE with @error in %SOK_QUEUE_ERROR
 *   (a lost connection is %SOK_QUEUE_ERROR_UNREACHABLE).
 */
gboolean
sok_queue_ping (SokQueue  *self,
                GError   **error)
{
  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);

  if (SOK_QUEUE_GET_CLASS (self)->ping == NULL)
    return TRUE;
  return SOK_QUEUE_GET_CLASS (self)->ping (self, error);
}

/**
 * sok_queue_register_kiosk:
 * @kiosk_id: the kiosk's name (ignored by PostgreSQL, which takes the login's)
 * @public_key: the kiosk's Ed25519 public key, base64
 *
 * Tells the queue this kiosk's signing key, as "pending" until the DSL decides. A key
 * the queue already holds is left as it is (with its decision), so a kiosk may send
 * it as often as it likes. Either role may do this.
 */
gboolean
sok_queue_register_kiosk (SokQueue    *self,
                          const char  *kiosk_id,
                          const char  *public_key,
                          GError     **error)
{
  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (kiosk_id != NULL, FALSE);
  g_return_val_if_fail (public_key != NULL, FALSE);

  return SOK_QUEUE_GET_CLASS (self)->register_kiosk (self, kiosk_id, public_key, error);
}

/**
 * sok_queue_list_kiosks:
 *
 * Returns: (transfer full) (element-type SokQueueKiosk): every kiosk key the queue
 *   holds, oldest first. The decisions are as stored: check them with the DSL key
 *   (sok_kiosk_registry_load()) before trusting one.
 */
GPtrArray *
sok_queue_list_kiosks (SokQueue  *self,
                       GError   **error)
{
  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);

  if (!check_dsl (self, error))
    return NULL;

  return SOK_QUEUE_GET_CLASS (self)->list_kiosks (self, error);
}

/**
 * sok_queue_decide_kiosk:
 * @decision: the kiosk (named by its public key), the decision and who makes it
 *
 * Stores the DSL's decision on a kiosk: its state, who and when, and the DSL key's
 * MAC over the row as stored (made by @decision's mac function), with an entry in
 * the audit log. On PostgreSQL the server stamps who and when, in one transaction
 * with the entry (sok.decide_kiosk): the DSL's login cannot change the kiosks table
 * itself. Sets %SOK_QUEUE_ERROR_NOT_FOUND when the queue has no such key.
 */
gboolean
sok_queue_decide_kiosk (SokQueue          *self,
                        SokQueueDecision  *decision,
                        GError           **error)
{
  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (decision != NULL && decision->kiosk != NULL &&
                        decision->kiosk->public_key != NULL && decision->mac != NULL, FALSE);

  if (!check_dsl (self, error))
    return FALSE;

  return SOK_QUEUE_GET_CLASS (self)->decide_kiosk (self, decision, error);
}

/**
 * sok_queue_list_signature_checks:
 *
 * Returns: (transfer full) (element-type SokQueueSignatureCheck): every signature
 *   check the DSL's software has stored; check their MACs before trusting one
 */
GPtrArray *
sok_queue_list_signature_checks (SokQueue  *self,
                                 GError   **error)
{
  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);

  if (!check_dsl (self, error))
    return NULL;

  return SOK_QUEUE_GET_CLASS (self)->list_signature_checks (self, error);
}

/**
 * sok_queue_add_signature_check:
 *
 * Stores what checking a report's signature found, so that lists need not open the
 * report again. A report already checked keeps its first result.
 */
gboolean
sok_queue_add_signature_check (SokQueue                      *self,
                               const SokQueueSignatureCheck  *check,
                               GError                       **error)
{
  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (check != NULL && check->report_id != NULL, FALSE);

  if (!check_dsl (self, error))
    return FALSE;

  return SOK_QUEUE_GET_CLASS (self)->add_signature_check (self, check, error);
}

/**
 * sok_queue_list_cases:
 * @filter: which statuses to list
 *
 * Returns: (transfer full) (element-type SokQueueCase): cases, urgent first, then
 *   newest first.
 */
GPtrArray *
sok_queue_list_cases (SokQueue       *self,
                      SokCaseFilter   filter,
                      GError        **error)
{
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) out = NULL;

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);

  if (!check_dsl (self, error))
    return NULL;

  all = SOK_QUEUE_GET_CLASS (self)->list_cases (self, NULL, error);
  if (all == NULL)
    return NULL;

  out = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_queue_case_free);
  for (guint i = 0; i < all->len; i++)
    {
      SokQueueCase *item = g_ptr_array_index (all, i);

      if (filter & (1 << item->status))
        g_ptr_array_add (out, g_steal_pointer (&all->pdata[i]));
    }

  return g_steal_pointer (&out);
}

static GError *
not_found (const char *report_id)
{
  return g_error_new (SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NOT_FOUND,
                      "There is no report “%s” in the DSL queue; “sokctl queue list” "
                      "shows the reports there", report_id);
}

/**
 * sok_queue_get_case:
 *
 * Returns: (transfer full): the case, or %NULL with %SOK_QUEUE_ERROR_NOT_FOUND.
 */
SokQueueCase *
sok_queue_get_case (SokQueue    *self,
                    const char  *report_id,
                    GError     **error)
{
  g_autoptr (GPtrArray) found = NULL;

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);
  g_return_val_if_fail (report_id != NULL, NULL);

  if (!check_dsl (self, error))
    return NULL;

  found = SOK_QUEUE_GET_CLASS (self)->list_cases (self, report_id, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_propagate_error (error, not_found (report_id));
      return NULL;
    }

  return g_steal_pointer (&found->pdata[0]);
}

/* Returns: (transfer full) (element-type SokQueueAction): oldest first. */
GPtrArray *
sok_queue_list_actions (SokQueue    *self,
                        const char  *report_id,
                        GError     **error)
{
  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);
  g_return_val_if_fail (report_id != NULL, NULL);

  if (!check_dsl (self, error))
    return NULL;

  return SOK_QUEUE_GET_CLASS (self)->list_actions (self, report_id, error);
}

/* Returns: (transfer full) (element-type SokAuditEntry): the audit entries about
 * @report_id (or all of them when %NULL), oldest first. */
GPtrArray *
sok_queue_list_audit (SokQueue    *self,
                      const char  *report_id,
                      GError     **error)
{
  g_autofree char *head_hash = NULL;
  gint64 head_id = 0;

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);

  if (!check_dsl (self, error))
    return NULL;

  return SOK_QUEUE_GET_CLASS (self)->list_audit (self, report_id, &head_id, &head_hash, error);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
record (SokQueue        *self,
        SokQueueRecord  *rec,
        GError         **error)
{
  if (rec->actor == NULL || *rec->actor == '\0')
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "Every entry in the case record needs the name of who made it");
      return FALSE;
    }
  if (sok_queue_get_dsl_key (self) == NULL)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION,
                   "Writing to the case record needs the DSL key, so that each entry can "
                   "be signed: unlock it with the DSL's passphrase first");
      return FALSE;
    }
  rec->at = g_get_real_time ();
  return SOK_QUEUE_GET_CLASS (self)->record (self, rec, error);
}

/**
 * sok_queue_open_sealed:
 * @actor: who is opening it
 * @purpose: (nullable): %NULL when a person reads the report (a new case becomes
 *   open), or what else it is read for, such as "stats"
 * @check: (nullable): called with the sealed bytes before the view is committed;
 *   when it fails, no view is recorded and its error is returned
 *
 * Reads a sealed report and records "@actor viewed @report_id" in the audit log, in
 * one transaction: on PostgreSQL the DSL's role cannot read a sealed report any
 * other way. Needs the DSL key (sok_queue_set_dsl_key()).
 *
 * Returns: (transfer full): the sealed report as the kiosk delivered it.
 */
GBytes *
sok_queue_open_sealed (SokQueue           *self,
                       const char         *report_id,
                       const char         *actor,
                       const char         *purpose,
                       SokQueueCheckFunc   check,
                       gpointer            user_data,
                       GError            **error)
{
  g_autoptr (SokQueueCase) item = NULL;
  SokQueueRecord rec = { 0 };

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);
  g_return_val_if_fail (report_id != NULL, NULL);

  item = sok_queue_get_case (self, report_id, error);
  if (item == NULL)
    return NULL;

  rec.report_id = report_id;
  rec.actor = actor;
  rec.audit_action = "view";
  rec.audit_detail = purpose;
  rec.new_status = purpose == NULL && item->status == SOK_CASE_STATUS_NEW
                   ? SOK_CASE_STATUS_OPEN : -1;
  rec.read_sealed = TRUE;
  rec.check = check;
  rec.check_data = user_data;
  if (!record (self, &rec, error))
    {
      g_clear_pointer (&rec.sealed, g_bytes_unref);
      return NULL;
    }
  return rec.sealed;
}

static SokQueueCase *
get_existing_case (SokQueue    *self,
                   const char  *report_id,
                   GError     **error)
{
  return sok_queue_get_case (self, report_id, error);
}

/**
 * sok_queue_record_view:
 *
 * Appends "@actor viewed @report_id" to the audit log; a new case becomes open. It
 * reads the sealed report to do so (sok_queue_open_sealed()), as the only way the
 * DSL's role may, and drops it.
 */
gboolean
sok_queue_record_view (SokQueue    *self,
                       const char  *report_id,
                       const char  *actor,
                       GError     **error)
{
  g_autoptr (GBytes) sealed = NULL;

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (report_id != NULL, FALSE);

  sealed = sok_queue_open_sealed (self, report_id, actor, NULL, NULL, NULL, error);
  return sealed != NULL;
}

/* Appends "@actor exported @report_id as @format" to the audit log. */
gboolean
sok_queue_record_export (SokQueue    *self,
                         const char  *report_id,
                         const char  *actor,
                         const char  *format,
                         GError     **error)
{
  g_autoptr (SokQueueCase) item = NULL;
  SokQueueRecord rec = { 0 };

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);

  item = get_existing_case (self, report_id, error);
  if (item == NULL)
    return FALSE;

  rec.report_id = report_id;
  rec.actor = actor;
  rec.audit_action = "export";
  rec.audit_detail = format;
  rec.new_status = -1;
  return record (self, &rec, error);
}

/**
 * sok_queue_act:
 * @kind: an action kind id (sok_case_list_action_kinds())
 * @by: who recorded it
 * @note: (nullable): what happened
 * @reason: (nullable): why; required for no-further-action
 *
 * Records an action on an open or new case (a new case becomes open), with an audit
 * entry in the same transaction. Sets %SOK_QUEUE_ERROR_INVALID for an unknown kind,
 * a missing reason, or a closed case.
 */
gboolean
sok_queue_act (SokQueue    *self,
               const char  *report_id,
               const char  *kind,
               const char  *by,
               const char  *note,
               const char  *reason,
               GError     **error)
{
  const SokCaseActionKind *action_kind;
  g_autoptr (SokQueueCase) item = NULL;
  SokQueueRecord rec = { 0 };

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (report_id != NULL, FALSE);

  action_kind = sok_case_find_action_kind (kind);
  if (action_kind == NULL)
    {
      g_autoptr (GString) known = g_string_new (NULL);
      guint n;
      const SokCaseActionKind *kinds = sok_case_list_action_kinds (&n);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "", kinds[i].id);
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "“%s” is not an action; use one of %s", kind ? kind : "", known->str);
      return FALSE;
    }

  if (action_kind->reason_required && is_blank (reason))
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "“%s” needs a reason: say why no further action is needed",
                   action_kind->id);
      return FALSE;
    }

  item = get_existing_case (self, report_id, error);
  if (item == NULL)
    return FALSE;

  if (item->status == SOK_CASE_STATUS_CLOSED)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "Report %s is closed; reopen it (with a reason) before recording "
                   "more actions", report_id);
      return FALSE;
    }

  rec.report_id = report_id;
  rec.actor = by;
  rec.audit_action = "action";
  rec.audit_detail = action_kind->id;
  rec.action_kind = action_kind->id;
  rec.note = note;
  rec.reason = reason;
  rec.new_status = item->status == SOK_CASE_STATUS_NEW ? SOK_CASE_STATUS_OPEN : -1;
  return record (self, &rec, error);
}

/**
 * sok_queue_close_case:
 * @outcome: an outcome id (sok_case_list_outcomes()); required
 *
 * Closes a case with its outcome. Sets %SOK_QUEUE_ERROR_INVALID without one.
 */
gboolean
sok_queue_close_case (SokQueue    *self,
                      const char  *report_id,
                      const char  *outcome,
                      const char  *by,
                      const char  *note,
                      GError     **error)
{
  g_autoptr (SokQueueCase) item = NULL;
  SokQueueRecord rec = { 0 };

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (report_id != NULL, FALSE);

  if (sok_case_find_outcome (outcome) == NULL)
    {
      g_autoptr (GString) known = g_string_new (NULL);
      guint n;
      const SokCaseOutcome *outcomes = sok_case_list_outcomes (&n);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "", outcomes[i].id);
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   outcome ? "“%s” is not an outcome; closing a case needs one of %s"
                           : "%sClosing a case needs an outcome: one of %s",
                   outcome ? outcome : "", known->str);
      return FALSE;
    }

  item = get_existing_case (self, report_id, error);
  if (item == NULL)
    return FALSE;
  if (item->status == SOK_CASE_STATUS_CLOSED)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "Report %s is already closed", report_id);
      return FALSE;
    }

  rec.report_id = report_id;
  rec.actor = by;
  rec.audit_action = "close";
  rec.audit_detail = note != NULL ? note : outcome;
  rec.new_status = SOK_CASE_STATUS_CLOSED;
  rec.outcome = outcome;
  return record (self, &rec, error);
}

/**
 * sok_queue_record_on_case:
 * @action: what was done, such as "reply"
 *
 * Appends an entry about one case to the audit log, with no action row.
 */
gboolean
sok_queue_record_on_case (SokQueue    *self,
                          const char  *report_id,
                          const char  *actor,
                          const char  *action,
                          const char  *detail,
                          GError     **error)
{
  SokQueueRecord rec = { 0 };

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (report_id != NULL && action != NULL, FALSE);

  if (!check_dsl (self, error))
    return FALSE;

  rec.report_id = report_id;
  rec.actor = actor;
  rec.audit_action = action;
  rec.audit_detail = detail;
  rec.new_status = -1;
  return record (self, &rec, error);
}

/**
 * sok_queue_record_event:
 * @action: what was done to the queue as a whole, such as "stats"
 * @detail: (nullable): e.g. which term
 *
 * Appends an entry about the whole queue (no report) to the audit log, for things
 * that read many reports at once, such as the governors' figures.
 */
gboolean
sok_queue_record_event (SokQueue    *self,
                        const char  *actor,
                        const char  *action,
                        const char  *detail,
                        GError     **error)
{
  SokQueueRecord rec = { 0 };

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (!check_dsl (self, error))
    return FALSE;

  rec.actor = actor;
  rec.audit_action = action;
  rec.audit_detail = detail;
  rec.new_status = -1;
  return record (self, &rec, error);
}

#define RETENTION_ACTION "retention"
#define RETENTION_DETAIL_PREFIX "case-retention-years="

/**
 * sok_queue_dup_retention_detail:
 * @retained: (element-type SokQueueRetained): the cases removed
 *
 * The detail of the "retention" audit entry that removes @retained: the setting on
 * the first line, then one report id a line. verify-audit reads it to tell a
 * tombstone (and a missing action) left by retention from one left by tampering; it
 * is about the whole queue, so it is never itself reduced.
 */
char *
sok_queue_dup_retention_detail (guint      years,
                                GPtrArray *retained)
{
  GString *detail = g_string_new (NULL);

  g_string_append_printf (detail, RETENTION_DETAIL_PREFIX "%u", years);
  for (guint i = 0; i < retained->len; i++)
    {
      SokQueueRetained *item = g_ptr_array_index (retained, i);

      g_string_append_printf (detail, "\n%s", item->report_id);
    }
  return g_string_free (detail, FALSE);
}

/* The reports that the log's retention entries say were removed. */
static GHashTable *
dup_retained_reports (GPtrArray *entries)
{
  GHashTable *retained = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      SokAuditEntry *e = g_ptr_array_index (entries, i);
      g_auto (GStrv) lines = NULL;

      if (e->version != 2 || e->report_id != NULL || e->detail == NULL ||
          g_strcmp0 (e->action, RETENTION_ACTION) != 0 ||
          !g_str_has_prefix (e->detail, RETENTION_DETAIL_PREFIX))
        continue;
      lines = g_strsplit (e->detail, "\n", -1);
      for (guint l = 1; lines[l] != NULL; l++)
        if (*lines[l] != '\0')
          g_hash_table_add (retained, g_strdup (lines[l]));
    }
  return retained;
}

/**
 * sok_queue_apply_retention:
 * @years: the case-retention-years setting: a case closed longer ago than this goes
 * @actor: who applies it, for the audit log
 * @dry_run: only find the cases, remove nothing and record nothing
 *
 * Removes the closed cases closed more than @years ago, with their envelopes,
 * actions and signature checks, and reduces each of their audit entries to a
 * tombstone: the detail goes, the digest of it that the chain covers stays, so
 * sok_queue_verify_audit() still passes. One "retention" entry, about the whole
 * queue, names the cases removed. All in one transaction. Open and new cases, and
 * cases closed more recently, are untouched. Entries written before the log was keyed
 * (version 1) chain their detail itself, so theirs stays. Needs the DSL key, unless
 * @dry_run.
 *
 * Returns: (transfer full) (element-type SokQueueRetained): the cases removed (or
 *   that would be), oldest first; %NULL with @error set.
 */
GPtrArray *
sok_queue_apply_retention (SokQueue    *self,
                           guint        years,
                           const char  *actor,
                           gboolean     dry_run,
                           GError     **error)
{
  SokQueueRecord rec = { 0 };

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);

  if (!check_dsl (self, error))
    return NULL;
  if (years < 1 || years > 50)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "case-retention-years is %u; it must be a whole number of years from 1 "
                   "to 50", years);
      return NULL;
    }
  if (!dry_run)
    {
      if (actor == NULL || *actor == '\0')
        {
          g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                       "Every entry in the case record needs the name of who made it");
          return NULL;
        }
      if (sok_queue_get_dsl_key (self) == NULL)
        {
          g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION,
                       "Removing old cases is recorded in the case record, which needs the "
                       "DSL key: unlock it with the DSL's passphrase first");
          return NULL;
        }
    }

  rec.actor = actor;
  rec.at = g_get_real_time ();
  rec.audit_action = RETENTION_ACTION;
  rec.new_status = -1;
  return SOK_QUEUE_GET_CLASS (self)->retain_cases (self, years, dry_run, &rec, error);
}

/* Reopens a closed case; the reason goes into the audit log. */
gboolean
sok_queue_reopen_case (SokQueue    *self,
                       const char  *report_id,
                       const char  *by,
                       const char  *reason,
                       GError     **error)
{
  g_autoptr (SokQueueCase) item = NULL;
  SokQueueRecord rec = { 0 };

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);

  if (is_blank (reason))
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "Reopening a case needs a reason");
      return FALSE;
    }

  item = get_existing_case (self, report_id, error);
  if (item == NULL)
    return FALSE;
  if (item->status != SOK_CASE_STATUS_CLOSED)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "Report %s is not closed", report_id);
      return FALSE;
    }

  rec.report_id = report_id;
  rec.actor = by;
  rec.audit_action = "reopen";
  rec.audit_detail = reason;
  rec.new_status = SOK_CASE_STATUS_OPEN;
  return record (self, &rec, error);
}

/**
 * sok_audit_entry_compute_hash:
 *
 * The hash of an audit entry: hex SHA-256 over a canonical form in which every field
 * is written as its byte length, a colon, its bytes and a newline (NULL is written
 * as "-"), followed by @prev_hash. Changing any field, or the order, changes it.
 */
char *
sok_audit_entry_compute_hash (gint64      id,
                              gint64      at,
                              const char *actor,
                              const char *action,
                              const char *report_id,
                              const char *detail,
                              const char *prev_hash)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GString) canon = g_string_new ("sok-audit-v1\n");
  const char *fields[] = { actor, action, report_id, detail, prev_hash };

  g_string_append_printf (canon, "%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n", id, at);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i] == NULL)
        g_string_append (canon, "-\n");
      else
        g_string_append_printf (canon, "%zu:%s\n", strlen (fields[i]), fields[i]);
    }

  g_checksum_update (sum, (const guchar *)canon->str, canon->len);
  return g_strdup (g_checksum_get_string (sum));
}

/* Appends a field as its byte length, a colon, its bytes and a newline; NULL as "-". */
static void
append_field (GString    *canon,
              const char *field)
{
  if (field == NULL)
    g_string_append (canon, "-\n");
  else
    g_string_append_printf (canon, "%zu:%s\n", strlen (field), field);
}

/**
 * sok_audit_entry_compute_hash_v2:
 *
 * The hash of a version 2 entry: hex SHA-256 over "sok-audit-v2", the id and time,
 * then login, actor, action, report id, detail digest and the previous hash, each
 * written as sok_audit_entry_compute_hash() writes fields. The detail itself is not
 * in it, only its digest, so that the detail can be removed and the entry still
 * checked. data/sql/postgresql-setup.sql (sok.audit_hash) computes the same.
 */
char *
sok_audit_entry_compute_hash_v2 (const SokAuditEntry *e)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GString) canon = g_string_new ("sok-audit-v2\n");

  g_return_val_if_fail (e != NULL, NULL);

  g_string_append_printf (canon, "%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n", e->id, e->at);
  append_field (canon, e->login);
  append_field (canon, e->actor);
  append_field (canon, e->action);
  append_field (canon, e->report_id);
  append_field (canon, e->detail_digest);
  append_field (canon, e->prev_hash);

  g_checksum_update (sum, (const guchar *)canon->str, canon->len);
  return g_strdup (g_checksum_get_string (sum));
}

/* Returns: (transfer full): hex SHA-256 of @data, as entries store a detail's digest. */
char *
sok_audit_dup_digest (const void *data,
                      gsize       len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : (const guchar *)"",
                                      len);
}

/* What the MAC covers: the hash, which covers every other field. */
static char *
mac_message (const SokAuditEntry *e)
{
  return g_strconcat ("sok-audit-mac-v1\n", e->hash, NULL);
}

/**
 * sok_queue_mac_entry:
 * @entry: an entry the backend has just chained (for PostgreSQL: as the server
 *   stamped and returned it)
 * @rec: what was asked for
 *
 * Checks that @entry is the entry that was asked for and that its hash is right,
 * then sets its MAC under the DSL key. A server that returned anything else would
 * get no MAC from us. Sets %SOK_QUEUE_ERROR_INVALID when it does not match.
 */
gboolean
sok_queue_mac_entry (SokQueue             *self,
                     SokAuditEntry        *entry,
                     const SokQueueRecord *rec,
                     GError              **error)
{
  SokDslKey *key = sok_queue_get_dsl_key (self);
  g_autofree char *hash = NULL;

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  hash = sok_audit_entry_compute_hash_v2 (entry);
  if (key == NULL || entry->version != 2 || g_strcmp0 (hash, entry->hash) != 0 ||
      g_strcmp0 (entry->action, rec->audit_action) != 0 ||
      g_strcmp0 (entry->actor, rec->actor) != 0 ||
      g_strcmp0 (entry->report_id, rec->report_id) != 0)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "The DSL queue %s returned an audit entry that is not the one asked "
                   "for; nothing was recorded", sok_queue_get_display_uri (self));
      return FALSE;
    }

  {
    g_autofree char *message = mac_message (entry);

    g_free (entry->mac);
    entry->mac = sok_dsl_key_dup_audit_mac (key, message);
  }
  if (entry->mac == NULL)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                   "Could not sign the audit entry (libsodium did not start)");
      return FALSE;
    }
  return TRUE;
}

static gboolean tampered (GError     **error,
                          const char  *format,
                          ...) G_GNUC_PRINTF (2, 3);

/* What an action's MAC covers: everything about it, the note and reason in the clear
 * (the audit chain holds only the kind). */
static char *
action_mac_message (const SokQueueAction *a)
{
  g_autoptr (GString) canon = g_string_new ("sok-action-v1\n");

  g_string_append_printf (canon, "%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n", a->audit_id,
                          a->at);
  append_field (canon, a->report_id);
  append_field (canon, a->kind);
  append_field (canon, a->by);
  append_field (canon, a->login);
  append_field (canon, a->note);
  append_field (canon, a->reason);
  return g_string_free (g_steal_pointer (&canon), FALSE);
}

/**
 * sok_queue_mac_action:
 * @action: an action as it is being written, with the id of its audit entry
 *
 * Sets the action's MAC under the DSL key, so that its note and reason, which the
 * audit chain does not hold, cannot be changed unnoticed either.
 */
gboolean
sok_queue_mac_action (SokQueue        *self,
                      SokQueueAction  *action,
                      GError         **error)
{
  SokDslKey *key = sok_queue_get_dsl_key (self);
  g_autofree char *message = NULL;

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  message = action_mac_message (action);
  g_free (action->mac);
  action->mac = key != NULL ? sok_dsl_key_dup_audit_mac (key, message) : NULL;
  sodium_memzero (message, strlen (message));
  if (action->mac == NULL)
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                   "Could not sign the action (no DSL key, or libsodium did not start)");
      return FALSE;
    }
  return TRUE;
}

/* With the key: every action recorded since the log was keyed must carry a valid MAC
 * and belong to an "action" entry about the same report and kind, and every such
 * entry must have its action. Actions from before (no entry) must be older than the
 * first keyed entry. */
static gboolean
verify_actions (SokQueue   *self,
                GPtrArray  *entries,
                GError    **error)
{
  SokDslKey *key = sok_queue_get_dsl_key (self);
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (GHashTable) found = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GHashTable) retained = NULL;
  gint64 keyed_at = G_MAXINT64;

  for (guint i = 0; i < entries->len; i++)
    {
      SokAuditEntry *e = g_ptr_array_index (entries, i);

      if (e->version == 2)
        {
          keyed_at = e->at;
          break;
        }
    }

  actions = SOK_QUEUE_GET_CLASS (self)->list_actions (self, NULL, error);
  if (actions == NULL)
    return FALSE;
  retained = dup_retained_reports (entries);

  for (guint i = 0; i < actions->len; i++)
    {
      SokQueueAction *a = g_ptr_array_index (actions, i);
      g_autofree char *message = NULL;
      SokAuditEntry *e;
      gboolean ok;

      if (a->audit_id == 0)
        {
          if (a->at >= keyed_at)
            return tampered (error, "an action on report %s (%s by %s) was added outside the "
                             "DSL's software: no entry records it", a->report_id, a->kind, a->by);
          continue;
        }
      e = a->audit_id >= 1 && a->audit_id <= (gint64)entries->len
          ? g_ptr_array_index (entries, a->audit_id - 1) : NULL;
      if (e == NULL || e->version != 2 || g_strcmp0 (e->action, "action") != 0 ||
          g_strcmp0 (e->report_id, a->report_id) != 0 ||
          (e->detail != NULL && g_strcmp0 (e->detail, a->kind) != 0))
        return tampered (error, "an action on report %s (%s by %s) does not match the entry "
                         "that recorded it", a->report_id, a->kind, a->by);
      message = action_mac_message (a);
      ok = a->mac != NULL && sok_dsl_key_check_audit_mac (key, message, a->mac);
      sodium_memzero (message, strlen (message));
      if (!ok)
        return tampered (error, "an action on report %s (%s by %s, entry %" G_GINT64_FORMAT
                         ") was changed after it was written: its note, reason or details no "
                         "longer carry the DSL key's signature", a->report_id, a->kind, a->by,
                         a->audit_id);
      g_hash_table_add (found, &a->audit_id);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      SokAuditEntry *e = g_ptr_array_index (entries, i);

      /* A tombstone is allowed only where a retention entry says the case went; it
       * went with its actions. */
      if (e->version == 2 && e->detail_removed &&
          (e->report_id == NULL || !g_hash_table_contains (retained, e->report_id)))
        return tampered (error, "the detail of entry %" G_GINT64_FORMAT " (%s by %s) was "
                         "removed, but no retention entry removed its case", e->id, e->action,
                         e->actor);
      if (e->version == 2 && g_strcmp0 (e->action, "action") == 0 &&
          !g_hash_table_contains (found, &e->id) &&
          !(e->detail_removed && g_hash_table_contains (retained, e->report_id)))
        return tampered (error, "the action recorded by entry %" G_GINT64_FORMAT " (%s by %s) "
                         "is missing (deleted)", e->id, e->detail ? e->detail : "action", e->actor);
    }
  return TRUE;
}

static gboolean
tampered (GError     **error,
          const char  *format,
          ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
               "The audit log has been tampered with: %s", what);
  return FALSE;
}

/**
 * sok_queue_verify_audit:
 * @n_entries: (out) (optional): how many entries were checked
 * @n_macs: (out) (optional): how many MACs were checked (0 without the DSL key)
 *
 * Walks the whole audit log: ids must run 1, 2, 3 … with none missing, each entry
 * must carry the previous entry's hash, each hash must match its entry, each kept
 * detail its digest, and the last entry must be the one the queue recorded as last.
 * Entries from before the log was keyed (version 1) may only come first. With the
 * DSL key (sok_queue_set_dsl_key()) every later entry must carry a valid MAC: that
 * is what shows that no one recomputed the chain, since without the key no one can.
 * Sets %SOK_QUEUE_ERROR_INVALID naming the first entry that was changed or deleted.
 */
gboolean
sok_queue_verify_audit (SokQueue  *self,
                        guint     *n_entries,
                        guint     *n_macs,
                        GError   **error)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *head_hash = NULL;
  gint64 head_id = 0;
  const char *prev = SOK_AUDIT_GENESIS_HASH;
  SokDslKey *key;
  gboolean keyed = FALSE;
  guint macs = 0;

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);

  if (!check_dsl (self, error))
    return FALSE;

  key = sok_queue_get_dsl_key (self);
  entries = SOK_QUEUE_GET_CLASS (self)->list_audit (self, NULL, &head_id, &head_hash, error);
  if (entries == NULL)
    return FALSE;

  if (n_entries)
    *n_entries = entries->len;
  if (n_macs)
    *n_macs = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      SokAuditEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *expected = NULL;
      gint64 want_id = (gint64)i + 1;

      if (e->id != want_id)
        return tampered (error, "entry %" G_GINT64_FORMAT " is missing (deleted)", want_id);

      if (g_strcmp0 (e->prev_hash, prev) != 0)
        return tampered (error, "entry %" G_GINT64_FORMAT " does not follow from entry %"
                         G_GINT64_FORMAT, e->id, e->id - 1);

      if (e->version == 1 && !keyed)
        expected = sok_audit_entry_compute_hash (e->id, e->at, e->actor, e->action,
                                                 e->report_id, e->detail, e->prev_hash);
      else if (e->version == 2)
        expected = sok_audit_entry_compute_hash_v2 (e);
      else
        return tampered (error, "entry %" G_GINT64_FORMAT " is of an older kind than the "
                         "entries before it", e->id);

      if (g_strcmp0 (expected, e->hash) != 0)
        return tampered (error, "entry %" G_GINT64_FORMAT " (%s by %s) was changed after it "
                         "was written", e->id, e->action, e->actor);

      if (e->version == 2)
        {
          keyed = TRUE;
          if (!e->detail_matches)
            return tampered (error, "the detail of entry %" G_GINT64_FORMAT " (%s by %s) was "
                             "changed after it was written", e->id, e->action, e->actor);
          if (key != NULL)
            {
              g_autofree char *message = mac_message (e);

              if (e->mac == NULL)
                return tampered (error, "entry %" G_GINT64_FORMAT " (%s by %s) was not signed "
                                 "with the DSL key: it was written outside the DSL's software",
                                 e->id, e->action, e->actor);
              if (!sok_dsl_key_check_audit_mac (key, message, e->mac))
                return tampered (error, "entry %" G_GINT64_FORMAT " (%s by %s) does not carry "
                                 "the DSL key's signature: it, or the chain up to it, was "
                                 "rewritten", e->id, e->action, e->actor);
              macs++;
            }
        }

      prev = e->hash;
    }

  if (head_id != (gint64)entries->len ||
      (entries->len > 0 && g_strcmp0 (head_hash, prev) != 0))
    return tampered (error, "it ends at entry %u but the queue recorded %" G_GINT64_FORMAT
                     " entries (the last ones were deleted)", entries->len, head_id);

  if (key != NULL && !verify_actions (self, entries, error))
    return FALSE;

  if (n_macs)
    *n_macs = macs;
  return TRUE;
}

/* Which queue a remembered head belongs to: the address without its password. */
static char *
head_group (SokQueue *self)
{
  return g_strdup (sok_queue_get_display_uri (self));
}

/**
 * sok_queue_check_known_head:
 * @heads_path: (nullable): where heads are remembered; %NULL for
 *   `$XDG_CONFIG_HOME/safe-online-kiosk/audit-heads.ini`
 *
 * The last entry of a verified audit log is also remembered outside the queue, on
 * the DSL's own machine, so that a log rebuilt from the start (which
 * sok_queue_verify_audit() cannot tell from the real one without the key) or cut
 * short is noticed. Call it after sok_queue_verify_audit() succeeded: when the
 * queue's log no longer holds the remembered entry with the remembered hash it sets
 * %SOK_QUEUE_ERROR_INVALID and remembers nothing; otherwise it remembers the
 * current last entry.
 */
gboolean
sok_queue_check_known_head (SokQueue    *self,
                            const char  *heads_path,
                            GError     **error)
{
  g_autoptr (GKeyFile) heads = g_key_file_new ();
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *default_path = NULL;
  g_autofree char *group = head_group (self);
  g_autofree char *known_hash = NULL;
  g_autofree char *head_hash = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gint64 known_id = 0;
  gint64 head_id = 0;
  gsize len = 0;

  g_return_val_if_fail (SOK_IS_QUEUE (self), FALSE);

  if (!check_dsl (self, error))
    return FALSE;

  if (heads_path == NULL)
    heads_path = default_path = g_build_filename (g_get_user_config_dir (), "safe-online-kiosk",
                                                  "audit-heads.ini", NULL);

  if (!g_key_file_load_from_file (heads, heads_path, G_KEY_FILE_KEEP_COMMENTS, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                   "Could not read the remembered end of the audit log, %s: %s", heads_path,
                   local_error->message);
      return FALSE;
    }
  g_clear_error (&local_error);

  entries = SOK_QUEUE_GET_CLASS (self)->list_audit (self, NULL, &head_id, &head_hash, error);
  if (entries == NULL)
    return FALSE;

  if (g_key_file_has_group (heads, group))
    {
      known_id = g_key_file_get_int64 (heads, group, "last-id", NULL);
      known_hash = g_key_file_get_string (heads, group, "last-hash", NULL);
      if (known_id > (gint64)entries->len)
        return tampered (error, "it now has %u entries, but this machine saw %" G_GINT64_FORMAT
                         " before (the last ones were removed)", entries->len, known_id);
      if (known_id > 0)
        {
          SokAuditEntry *e = g_ptr_array_index (entries, known_id - 1);

          if (e->id != known_id || g_strcmp0 (e->hash, known_hash) != 0)
            return tampered (error, "entry %" G_GINT64_FORMAT " is not the one this machine saw "
                             "before (the log was rewritten up to it)", known_id);
        }
    }

  if (entries->len == 0 || (gint64)entries->len == known_id)
    return TRUE;

  {
    SokAuditEntry *last = g_ptr_array_index (entries, entries->len - 1);

    g_key_file_set_int64 (heads, group, "last-id", last->id);
    g_key_file_set_string (heads, group, "last-hash", last->hash);
  }
  dir = g_path_get_dirname (heads_path);
  data = g_key_file_to_data (heads, &len, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (heads_path, data, (gssize)len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_FAILED,
                   "Could not remember the end of the audit log in %s: %s", heads_path,
                   local_error ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  SokQueue         *queue;
  SokQueueNewsFunc  func;
  gpointer          user_data;
  GDestroyNotify    destroy;
} Watch;

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  if (watch->destroy)
    watch->destroy (watch->user_data);
  g_object_unref (watch->queue);
  g_free (watch);
}

static gboolean
watch_fd_cb (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  Watch *watch = user_data;

  if (SOK_QUEUE_GET_CLASS (watch->queue)->take_news (watch->queue))
    watch->func (watch->queue, watch->user_data);

  return G_SOURCE_CONTINUE;
}

static gboolean
watch_poll_cb (gpointer user_data)
{
  return watch_fd_cb (-1, 0, user_data);
}

/**
 * sok_queue_create_watch:
 * @func: called on the context the source is attached to when new reports may have
 *   arrived
 *
 * A PostgreSQL queue is asked by a thread of the watch's own, on its own connection,
 * twice a second, how many reports it holds (only the DSL may read that; there is no
 * NOTIFY, which any kiosk login could hear), and the source watches a pipe that
 * thread writes to; a SQLite queue is polled every two seconds.
 *
 * Returns: (transfer full): a source to attach to a main context.
 */
GSource *
sok_queue_create_watch (SokQueue          *self,
                        SokQueueNewsFunc   func,
                        gpointer           user_data,
                        GDestroyNotify     destroy,
                        GError           **error)
{
  GSource *source;
  Watch *watch;
  int fd;

  g_return_val_if_fail (SOK_IS_QUEUE (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (!check_dsl (self, error))
    return NULL;

  fd = SOK_QUEUE_GET_CLASS (self)->listen (self, error);
  if (fd < -1)
    return NULL;

  watch = g_new0 (Watch, 1);
  watch->queue = g_object_ref (self);
  watch->func = func;
  watch->user_data = user_data;
  watch->destroy = destroy;

  if (fd >= 0)
    {
      source = g_unix_fd_source_new (fd, G_IO_IN);
      g_source_set_callback (source, G_SOURCE_FUNC (watch_fd_cb), watch, watch_free);
    }
  else
    {
      source = g_timeout_source_new_seconds (2);
      g_source_set_callback (source, watch_poll_cb, watch, watch_free);
    }
  g_source_set_name (source, "SokQueue watch");

  return source;
}

const char *
sok_case_status_to_string (SokCaseStatus status)
{
  switch (status)
    {
    case SOK_CASE_STATUS_NEW: return "new";
    case SOK_CASE_STATUS_OPEN: return "open";
    case SOK_CASE_STATUS_CLOSED: return "closed";
    default: return "new";
    }
}

gboolean
sok_case_status_from_string (const char    *text,
                             SokCaseStatus *status)
{
  if (g_strcmp0 (text, "new") == 0)
    *status = SOK_CASE_STATUS_NEW;
  else if (g_strcmp0 (text, "open") == 0)
    *status = SOK_CASE_STATUS_OPEN;
  else if (g_strcmp0 (text, "closed") == 0)
    *status = SOK_CASE_STATUS_CLOSED;
  else
    return FALSE;
  return TRUE;
}
