/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-kiosk"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "sok-fingerprint.h"
#include "sok-half-day.h"
#include "sok-kiosk-registry.h"

/* The DSL's side of kiosk identity: which kiosks the queue knows, the DSL's decisions
 * on them (approved, revoked) with the DSL key's MAC, and the signature check stored
 * for each report. It reads and writes the queue, so it lives in the queue library;
 * the kiosk's own key and the signing of reports (sok-kiosk.c) need no queue and live
 * in the base library. */

/* The purpose of the DSL's MAC on a decision about a kiosk. */
#define DECISION_PURPOSE "safe-online-kiosk kiosk decision v1"

typedef struct
{
  SokQueueKiosk  *row;
  SokKioskStatus  status;
} RegistryEntry;

struct _SokKioskRegistry
{
  GPtrArray  *rows;     /* (element-type SokQueueKiosk) */
  GArray     *entries;  /* RegistryEntry, one per row */
  GHashTable *by_key;   /* public key base64 → index + 1 */
  GHashTable *checks;   /* report id → SokQueueSignatureCheck (owned), MAC checked */
};

/* The purpose of the DSL's MAC on a stored signature check. */
#define CHECK_PURPOSE "safe-online-kiosk signature check v1"

/* The canonical form the DSL's MAC covers: each field as its length, a colon, its
 * bytes and a newline ("-" for none), so no two rows share one. */
static void
append_field (GString    *out,
              const char *value)
{
  if (value == NULL)
    g_string_append (out, "-\n");
  else
    g_string_append_printf (out, "%zu:%s\n", strlen (value), value);
}

static char *
hex_mac (SokDslKey  *key,
         const char *purpose,
         GString    *canon)
{
  guint8 mac[32];

  sok_dsl_key_mac (key, purpose, (const guint8 *)canon->str, canon->len, mac);
  return g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x"
                          "%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x",
                          mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], mac[6], mac[7],
                          mac[8], mac[9], mac[10], mac[11], mac[12], mac[13], mac[14], mac[15],
                          mac[16], mac[17], mac[18], mac[19], mac[20], mac[21], mac[22], mac[23],
                          mac[24], mac[25], mac[26], mac[27], mac[28], mac[29], mac[30], mac[31]);
}

static char *
compute_mac (SokDslKey           *key,
             const SokQueueKiosk *row)
{
  g_autoptr (GString) canon = g_string_new ("sok-kiosk-decision-v1\n");

  append_field (canon, row->public_key);
  append_field (canon, row->kiosk_id);
  append_field (canon, row->state);
  g_string_append_printf (canon, "%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n",
                          row->approved_at, row->revoked_at);
  append_field (canon, row->approved_by);
  append_field (canon, row->revoked_by);

  return hex_mac (key, DECISION_PURPOSE, canon);
}

static char *
decision_mac_cb (const SokQueueKiosk *row,
                 gpointer             user_data)
{
  return compute_mac (user_data, row);
}

static char *
compute_check_mac (SokDslKey  *key,
                   const char *report_id,
                   const char *kiosk_key,
                   const char *result)
{
  g_autoptr (GString) canon = g_string_new ("sok-signature-check-v1\n");

  append_field (canon, report_id);
  append_field (canon, kiosk_key);
  append_field (canon, result);
  return hex_mac (key, CHECK_PURPOSE, canon);
}

static gboolean
mac_equal (const char *expected,
           const char *given)
{
  return given != NULL && strlen (given) == strlen (expected) &&
         sodium_memcmp (expected, given, strlen (expected)) == 0;
}

/* A decision counts only when the DSL's key made its MAC: anyone who can write to
 * the queue could otherwise mark their own key approved. */
static SokKioskStatus
checked_status (SokDslKey           *key,
                const SokQueueKiosk *row)
{
  g_autofree char *expected = NULL;

  if (g_strcmp0 (row->state, "approved") != 0 && g_strcmp0 (row->state, "revoked") != 0)
    return SOK_KIOSK_PENDING;
  if (row->mac == NULL)
    return SOK_KIOSK_PENDING;

  expected = compute_mac (key, row);
  if (!mac_equal (expected, row->mac))
    return SOK_KIOSK_PENDING;

  return g_str_equal (row->state, "approved") ? SOK_KIOSK_APPROVED : SOK_KIOSK_REVOKED;
}

/**
 * sok_kiosk_registry_load:
 * @queue: the DSL queue, opened for the DSL
 * @key: the DSL's key, to check the decisions' MACs
 *
 * Reads the kiosks the queue holds and checks each decision. A row marked approved
 * or revoked without the DSL key's MAC (forged, or made with an older DSL key) counts
 * as pending.
 *
 * Returns: (transfer full): the registry, or %NULL with @error in %SOK_QUEUE_ERROR
 */
SokKioskRegistry *
sok_kiosk_registry_load (SokQueue   *queue,
                         SokDslKey  *key,
                         GError    **error)
{
  SokKioskRegistry *registry;
  g_autoptr (GPtrArray) checks = NULL;
  GPtrArray *rows;

  g_return_val_if_fail (SOK_IS_QUEUE (queue), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  checks = sok_queue_list_signature_checks (queue, error);
  if (checks == NULL)
    return NULL;
  rows = sok_queue_list_kiosks (queue, error);
  if (rows == NULL)
    return NULL;

  registry = g_new0 (SokKioskRegistry, 1);
  registry->rows = rows;
  registry->entries = g_array_sized_new (FALSE, TRUE, sizeof (RegistryEntry), rows->len);
  registry->by_key = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    {
      RegistryEntry entry = { g_ptr_array_index (rows, i), SOK_KIOSK_PENDING };

      entry.status = checked_status (key, entry.row);
      g_array_append_val (registry->entries, entry);
      g_hash_table_insert (registry->by_key, entry.row->public_key, GUINT_TO_POINTER (i + 1));
    }

  /* A stored check counts only with the DSL key's MAC, as a decision does. */
  registry->checks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)sok_queue_signature_check_free);
  for (guint i = 0; i < checks->len; i++)
    {
      SokQueueSignatureCheck *c = g_ptr_array_index (checks, i);
      g_autofree char *expected = compute_check_mac (key, c->report_id, c->kiosk_key, c->result);

      if (mac_equal (expected, c->mac))
        g_hash_table_replace (registry->checks, c->report_id, g_steal_pointer (&checks->pdata[i]));
    }
  g_ptr_array_set_free_func (checks, (GDestroyNotify)sok_queue_signature_check_free);

  return registry;
}

/**
 * sok_kiosk_registry_get_check:
 * @kiosk_key: (out) (optional) (transfer none): the key that signed it, for "good"
 *
 * Returns: (nullable): what checking @report_id's signature found ("none", "bad",
 *   "good" or "unreadable"), or %NULL when it has not been checked
 */
const char *
sok_kiosk_registry_get_check (SokKioskRegistry  *registry,
                              const char        *report_id,
                              const char       **kiosk_key)
{
  SokQueueSignatureCheck *c;

  g_return_val_if_fail (registry != NULL, NULL);

  c = g_hash_table_lookup (registry->checks, report_id);
  if (kiosk_key)
    *kiosk_key = c ? c->kiosk_key : NULL;
  return c ? c->result : NULL;
}

/**
 * sok_kiosk_registry_remember:
 * @result: "none", "bad", "good" or "unreadable"
 * @kiosk_key: (nullable): the key that signed it, with "good"
 *
 * Keeps what checking a report's signature found, in the queue (with the DSL key's
 * MAC) and in @registry, so that it is not opened again just to be listed.
 */
gboolean
sok_kiosk_registry_remember (SokKioskRegistry  *registry,
                             SokQueue          *queue,
                             SokDslKey         *key,
                             const char        *report_id,
                             const char        *result,
                             const char        *kiosk_key,
                             GError           **error)
{
  SokQueueSignatureCheck *c;

  g_return_val_if_fail (registry != NULL, FALSE);
  g_return_val_if_fail (report_id != NULL && result != NULL, FALSE);

  c = g_new0 (SokQueueSignatureCheck, 1);
  c->report_id = g_strdup (report_id);
  c->kiosk_key = g_strdup (kiosk_key);
  c->result = g_strdup (result);
  c->mac = compute_check_mac (key, report_id, kiosk_key, result);
  g_hash_table_replace (registry->checks, c->report_id, c);

  return sok_queue_add_signature_check (queue, c, error);
}

void
sok_kiosk_registry_free (SokKioskRegistry *registry)
{
  if (registry == NULL)
    return;

  g_clear_pointer (&registry->by_key, g_hash_table_unref);
  g_clear_pointer (&registry->checks, g_hash_table_unref);
  g_clear_pointer (&registry->entries, g_array_unref);
  g_clear_pointer (&registry->rows, g_ptr_array_unref);
  g_free (registry);
}

guint
sok_kiosk_registry_get_n_kiosks (SokKioskRegistry *registry)
{
  g_return_val_if_fail (registry != NULL, 0);

  return registry->entries->len;
}

/**
 * sok_kiosk_registry_get_kiosk:
 * @status: (out) (optional): the decision, checked
 *
 * Returns: (transfer none): the kiosk's row as the queue holds it
 */
const SokQueueKiosk *
sok_kiosk_registry_get_kiosk (SokKioskRegistry *registry,
                              guint             index,
                              SokKioskStatus   *status)
{
  RegistryEntry *entry;

  g_return_val_if_fail (registry != NULL, NULL);
  g_return_val_if_fail (index < registry->entries->len, NULL);

  entry = &g_array_index (registry->entries, RegistryEntry, index);
  if (status)
    *status = entry->status;
  return entry->row;
}

/**
 * sok_kiosk_registry_check:
 * @public_key_base64: the key that made a report's valid signature
 * @received_at: when the queue received the report (µs)
 *
 * What a validly signed report's signature is worth: %SOK_SIGNATURE_VALID from an
 * approved kiosk, or from a revoked one when the report arrived in a half-day before
 * the one it was revoked in (and it had been approved); %SOK_SIGNATURE_REVOKED when it arrived after;
 * %SOK_SIGNATURE_UNAPPROVED otherwise.
 */
SokSignatureState
sok_kiosk_registry_check (SokKioskRegistry *registry,
                          const char       *public_key_base64,
                          gint64            received_at)
{
  RegistryEntry *entry;
  guint index;

  g_return_val_if_fail (registry != NULL, SOK_SIGNATURE_UNAPPROVED);

  if (public_key_base64 == NULL)
    return SOK_SIGNATURE_UNAPPROVED;
  index = GPOINTER_TO_UINT (g_hash_table_lookup (registry->by_key, public_key_base64));
  if (index == 0)
    return SOK_SIGNATURE_UNAPPROVED;

  entry = &g_array_index (registry->entries, RegistryEntry, index - 1);
  switch (entry->status)
    {
    case SOK_KIOSK_APPROVED:
      return SOK_SIGNATURE_VALID;
    case SOK_KIOSK_REVOKED:
      /* The queue knows only the half-day a report arrived in: one that arrived in the
       * half-day of the revocation may have come after it, so it counts as after. */
      return entry->row->approved_at > 0 &&
             received_at < sok_half_day_of (entry->row->revoked_at)
             ? SOK_SIGNATURE_VALID : SOK_SIGNATURE_REVOKED;
    case SOK_KIOSK_PENDING:
    default:
      return SOK_SIGNATURE_UNAPPROVED;
    }
}

/* Does @given (as a person typed it) name @row's key: its hex fingerprint, its
 * fingerprint words, or the whole public key? */
static gboolean
names_kiosk (const SokQueueKiosk *row,
             const char          *given)
{
  g_autofree char *words = sok_kiosk_dup_fingerprint_words (row->public_key);
  g_autofree char *hex = sok_kiosk_dup_fingerprint_hex (row->public_key);
  g_autofree char *trimmed = g_strstrip (g_strdup (given));
  g_autoptr (GString) hex_given = g_string_new (NULL);
  g_autoptr (GString) hex_own = g_string_new (NULL);

  if (g_str_equal (trimmed, row->public_key))
    return TRUE;
  if (words != NULL && sok_fingerprint_matches (words, given))
    return TRUE;
  if (hex == NULL)
    return FALSE;

  /* Hex, with or without its spaces. */
  for (const char *p = given; *p; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (hex_given, g_ascii_tolower (*p));
    else if (!g_ascii_isspace (*p))
      return FALSE;
  for (const char *p = hex; *p; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (hex_own, *p);

  return g_str_equal (hex_given->str, hex_own->str);
}

/**
 * sok_kiosk_decide:
 * @fingerprint: the kiosk's fingerprint words, its hex fingerprint, or its public key
 * @decision: %SOK_KIOSK_APPROVED or %SOK_KIOSK_REVOKED
 * @by: who decides, for the record
 * @out_kiosk: (out) (optional) (transfer full): the kiosk's row as now stored
 *
 * Approves or revokes a kiosk: stores the decision with the DSL key's MAC, and
 * appends it to the audit log. Revoking is final: a revoked kiosk enrols again with a
 * new key (%SOK_KIOSK_ERROR_REVOKED). Sets %SOK_KIOSK_ERROR_NOT_FOUND or
 * %SOK_KIOSK_ERROR_AMBIGUOUS when @fingerprint names no kiosk, or more than one.
 */
gboolean
sok_kiosk_decide (SokQueue        *queue,
                  SokDslKey       *key,
                  const char      *fingerprint,
                  SokKioskStatus   decision,
                  const char      *by,
                  SokQueueKiosk  **out_kiosk,
                  GError         **error)
{
  g_autoptr (SokKioskRegistry) registry = NULL;
  g_autoptr (SokQueueKiosk) row = NULL;
  g_autofree char *words = NULL;
  const SokQueueKiosk *found = NULL;
  SokKioskStatus status = SOK_KIOSK_PENDING;

  g_return_val_if_fail (SOK_IS_QUEUE (queue), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (decision == SOK_KIOSK_APPROVED || decision == SOK_KIOSK_REVOKED, FALSE);

  if (by == NULL || *by == '\0')
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "Approving or revoking a kiosk needs the name of who decides");
      return FALSE;
    }

  registry = sok_kiosk_registry_load (queue, key, error);
  if (registry == NULL)
    return FALSE;

  /* The audit entry below is MACed with the DSL key. */
  if (sok_queue_get_dsl_key (queue) == NULL)
    sok_queue_set_dsl_key (queue, key);

  for (guint i = 0; i < sok_kiosk_registry_get_n_kiosks (registry); i++)
    {
      SokKioskStatus s;
      const SokQueueKiosk *k = sok_kiosk_registry_get_kiosk (registry, i, &s);

      if (!names_kiosk (k, fingerprint))
        continue;
      if (found != NULL)
        {
          g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_AMBIGUOUS,
                       "“%s” names more than one kiosk; give the whole hex fingerprint",
                       fingerprint);
          return FALSE;
        }
      found = k;
      status = s;
    }

  if (found == NULL)
    {
      g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_NOT_FOUND,
                   "No kiosk in the queue has the fingerprint “%s”. “sokctl queue kiosks "
                   "list” shows those that have enrolled; a kiosk sends its key with "
                   "“sokctl kiosk enrol” or with its next report", fingerprint);
      return FALSE;
    }

  words = sok_kiosk_dup_fingerprint_words (found->public_key);
  if (status == SOK_KIOSK_REVOKED)
    {
      g_set_error (error, SOK_KIOSK_ERROR, SOK_KIOSK_ERROR_REVOKED,
                   "Kiosk %s (%s) was revoked, and a revoked kiosk stays revoked: on the "
                   "kiosk run “sokctl kiosk enrol --replace” to make a new key, and approve "
                   "that one", found->kiosk_id, words);
      return FALSE;
    }

  row = g_new0 (SokQueueKiosk, 1);
  row->public_key = g_strdup (found->public_key);
  row->kiosk_id = g_strdup (found->kiosk_id);
  row->enrolled_at = found->enrolled_at;
  if (status == SOK_KIOSK_APPROVED)
    {
      /* Only a checked approval is carried over, never a forged one. */
      row->approved_at = found->approved_at;
      row->approved_by = g_strdup (found->approved_by);
    }

  if (decision == SOK_KIOSK_APPROVED && status == SOK_KIOSK_APPROVED)
    {
      row->state = g_strdup ("approved");
      row->mac = g_strdup (found->mac);
      if (out_kiosk)
        *out_kiosk = g_steal_pointer (&row);
      return TRUE;
    }
  row->state = g_strdup (decision == SOK_KIOSK_APPROVED ? "approved" : "revoked");

  {
    g_autofree char *detail = g_strdup_printf ("%s (%s)", row->kiosk_id, words);
    SokQueueDecision d = {
      .kiosk = row,
      .actor = by,
      .audit_action = decision == SOK_KIOSK_APPROVED ? "kiosk-approve" : "kiosk-revoke",
      .audit_detail = detail,
      .mac = decision_mac_cb,
      .mac_data = key,
    };

    /* Who and when are stamped by the queue (the server's clock and login on
     * PostgreSQL), and the MAC made over the row as stored. */
    if (!sok_queue_decide_kiosk (queue, &d, error))
      return FALSE;
  }

  if (out_kiosk)
    *out_kiosk = g_steal_pointer (&row);
  return TRUE;
}
