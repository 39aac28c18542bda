/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "sok-follow-up.h"
#include "sok-queue-uri.h"
#include "sok-seal.h"

G_BEGIN_DECLS

#define SOK_QUEUE_ERROR (sok_queue_error_quark ())

typedef enum
{
  SOK_QUEUE_ERROR_INVALID_URI,
  SOK_QUEUE_ERROR_UNREACHABLE,   /* server down, wrong host or port, network cut */
  SOK_QUEUE_ERROR_AUTH,          /* wrong user name or password */
  SOK_QUEUE_ERROR_PERMISSION,    /* the server refused: this role may not do that */
  SOK_QUEUE_ERROR_NOT_FOUND,     /* no such report in the queue */
  SOK_QUEUE_ERROR_INVALID,       /* an action or outcome breaks the rules */
  SOK_QUEUE_ERROR_SCHEMA,        /* the queue was not set up, or by a newer version */
  SOK_QUEUE_ERROR_FAILED,
  SOK_QUEUE_ERROR_NO_CODE,       /* the child kept no picture code, or it expired */
} SokQueueError;

typedef enum
{
  SOK_QUEUE_ROLE_KIOSK,  /* may only put envelopes in */
  SOK_QUEUE_ROLE_DSL,    /* reads envelopes, records actions */
} SokQueueRole;

typedef enum
{
  SOK_CASE_STATUS_NEW,
  SOK_CASE_STATUS_OPEN,
  SOK_CASE_STATUS_CLOSED,
} SokCaseStatus;

/* Filters for sok_queue_list_cases(). */
typedef enum
{
  SOK_CASE_FILTER_NEW    = 1 << SOK_CASE_STATUS_NEW,
  SOK_CASE_FILTER_OPEN   = 1 << SOK_CASE_STATUS_OPEN,
  SOK_CASE_FILTER_CLOSED = 1 << SOK_CASE_STATUS_CLOSED,
  SOK_CASE_FILTER_ALL    = 7,
} SokCaseFilter;

/* One sealed report on its way in. Nothing is owned. */
typedef struct
{
  const char *report_id;
  const char *kiosk_id;
  gboolean    urgent;
  GBytes     *sealed;
} SokQueueEnvelope;

/* One report as the DSL's list shows it: only what lies outside the seal. */
typedef struct
{
  char          *report_id;
  char          *kiosk_id;
  gboolean       urgent;
  gint64         received_at;     /* µs since the epoch, set by the queue */
  SokCaseStatus  status;
  char          *outcome;         /* an outcome id when closed, else NULL */
  char          *last_action;     /* an action kind id, or NULL */
  gint64         last_action_at;  /* 0 when none */
  gboolean       unread;          /* a child's answer came that the DSL has not seen */
} SokQueueCase;

/* One message of a case's conversation as the queue holds it: a DSL's reply, sealed
 * to the DSL key, or a child's answer, which is an envelope of its own. The message's
 * place in the conversation is inside its seal. */
typedef struct
{
  gboolean  from_dsl;
  gint64    half_day;   /* when it was written or arrived: its half-day */
  GBytes   *sealed;     /* a reply: {"place":N,"text":…} sealed to the DSL key */
  char     *answer_id;  /* an answer: its envelope's report id */
} SokQueueMessage;

/* How the DSL's software sorted a newly arrived envelope. */
typedef struct
{
  const char *report_id;
  gboolean    is_answer;     /* a child's answer: @tag_mac names the case it is for */
  const char *tag_mac;       /* hex MAC of the tag under the DSL key, or NULL */
  const char *expires;       /* a report with a code: YYYY-MM-DD, its code's last day */
  gboolean    urgent;        /* an answer: the child chose "I need help now" */
  gint64      half_day;      /* an answer: when it arrived */
} SokQueueSorting;

/* One action recorded on a case. */
typedef struct
{
  gint64  id;
  char   *report_id;
  char   *kind;      /* an action kind id from sok-case.h */
  char   *by;        /* who recorded it, as they gave their name */
  char   *login;     /* PostgreSQL: the login that wrote it, stamped by the server */
  gint64  at;
  char   *note;      /* may be NULL */
  char   *reason;    /* required for no-further-action, else may be NULL */
  gint64  audit_id;  /* the audit entry that recorded it; 0 for actions from before */
  char   *mac;       /* the DSL key's MAC over all of the above, or NULL */
} SokQueueAction;

/* One entry of the hash-chained audit log.
 *
 * Version 1 entries (written before the log was keyed) chain the detail itself.
 * Version 2 entries chain a digest of the detail as stored (so that retention can
 * remove the detail and leave an entry that still verifies), the login that wrote
 * them, and carry a MAC under a key only the DSL's key file holds. */
typedef struct
{
  gint64    id;             /* 1, 2, 3 … with no gaps */
  int       version;        /* 1 or 2 */
  gint64    at;             /* PostgreSQL: stamped by the server */
  char     *login;          /* PostgreSQL: session_user, stamped by the server */
  char     *actor;          /* the name the DSL gave */
  char     *action;         /* view, action, close, reopen, export, stats */
  char     *report_id;      /* NULL for entries about the whole queue */
  char     *detail;         /* NULL when removed, or sealed and no key is set */
  char     *detail_digest;  /* version 2: hex SHA-256 of the detail as stored */
  gboolean  detail_matches; /* version 2: the stored detail still has that digest */
  gboolean  detail_removed; /* version 2: a tombstone, the detail removed by retention */
  char     *prev_hash;      /* hex SHA-256 of the previous entry; 64 zeros for the first */
  char     *hash;           /* hex SHA-256 over this entry's canonical form and prev_hash */
  char     *mac;            /* version 2: the DSL key's MAC over the hash, or NULL */
} SokAuditEntry;

/* A closed case that retention removes (or, in a dry run, would remove). */
typedef struct
{
  char   *report_id;
  gint64  closed_at;   /* µs since the epoch: when the case was last closed */
  guint   n_entries;   /* its audit entries whose detail goes, leaving tombstones */
} SokQueueRetained;

/* A kiosk's signing key as the queue holds it, with the DSL's decision on it. */
typedef struct
{
  char   *public_key;   /* base64 Ed25519 public key: the kiosk's identity */
  char   *kiosk_id;     /* the name it enrolled under (its login, in PostgreSQL) */
  char   *state;        /* "pending", "approved" or "revoked", as stored */
  gint64  enrolled_at;  /* µs since the epoch, set by the queue */
  gint64  approved_at;  /* 0 when never approved */
  char   *approved_by;
  gint64  revoked_at;   /* 0 when not revoked */
  char   *revoked_by;
  char   *mac;          /* hex MAC by the DSL key over the decision; NULL while pending */
} SokQueueKiosk;

/* What the DSL's software found when it checked one report's signature. */
typedef struct
{
  char *report_id;
  char *kiosk_key;  /* base64 key that signed it, with result "good"; else NULL */
  char *result;     /* "none", "bad", "good" or "unreadable" */
  char *mac;        /* hex MAC by the DSL key over the three */
} SokQueueSignatureCheck;

/* The DSL key's MAC over a kiosk's row as the queue stored it (sok-kiosk.c). */
typedef char *(*SokQueueKioskMacFunc) (const SokQueueKiosk *kiosk,
                                       gpointer             user_data);

/* The DSL's decision on a kiosk, stored with its audit entry. */
typedef struct
{
  SokQueueKiosk        *kiosk;         /* in: public_key, state (the decision), and the
                                        * approval carried over (approved_at 0 for none);
                                        * out: as stored, who and when stamped, with mac */
  const char           *actor;         /* who decides, as they gave their name */
  const char           *audit_action;  /* "kiosk-approve" or "kiosk-revoke" */
  const char           *audit_detail;
  SokQueueKioskMacFunc  mac;
  gpointer              mac_data;
} SokQueueDecision;

void sok_queue_signature_check_free (SokQueueSignatureCheck *item);
void sok_queue_message_free (SokQueueMessage *item);
void sok_queue_retained_free (SokQueueRetained *item);
void sok_queue_case_free    (SokQueueCase   *item);
void sok_queue_kiosk_free   (SokQueueKiosk  *item);
void sok_queue_action_free  (SokQueueAction *item);
void sok_audit_entry_free   (SokAuditEntry  *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokQueueCase, sok_queue_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokQueueAction, sok_queue_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokAuditEntry, sok_audit_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokQueueKiosk, sok_queue_kiosk_free)

/* Looks at a sealed report inside the transaction that records its view; returning
 * FALSE (with @error) rolls the view back. */
typedef gboolean (*SokQueueCheckFunc) (GBytes    *sealed,
                                       gpointer   user_data,
                                       GError   **error);

/* What a backend writes in one transaction: an optional action, an optional change
 * of status, and always one audit entry, chained (sok_audit_entry_compute_hash())
 * and MACed (sok_queue_mac_entry()) before the transaction commits. With
 * @read_sealed the backend also reads the report's sealed envelope into @sealed and
 * passes it to @check before committing. */
typedef struct
{
  const char *report_id;
  const char *actor;
  gint64      at;
  const char *audit_action;
  const char *audit_detail;
  const char *action_kind;  /* NULL: no action row */
  const char *note;
  const char *reason;
  int         new_status;   /* a SokCaseStatus, or -1 to leave it */
  const char *outcome;      /* with SOK_CASE_STATUS_CLOSED */
  gboolean           read_sealed;
  SokQueueCheckFunc  check;
  gpointer           check_data;
  GBytes            *sealed;  /* out, with read_sealed */
} SokQueueRecord;

#define SOK_TYPE_QUEUE (sok_queue_get_type ())
G_DECLARE_DERIVABLE_TYPE (SokQueue, sok_queue, SOK, QUEUE, GObject)

struct _SokQueueClass
{
  GObjectClass parent_class;

  gboolean    (*deliver)        (SokQueue                *self,
                                 const SokQueueEnvelope  *envelopes,
                                 guint                    n_envelopes,
                                 guint                   *n_new,
                                 GError                 **error);
  GPtrArray  *(*list_cases)     (SokQueue                *self,
                                 const char              *report_id,
                                 GError                 **error);
  GPtrArray  *(*list_actions)   (SokQueue                *self,
                                 const char              *report_id,
                                 GError                 **error);
  GPtrArray  *(*list_audit)     (SokQueue                *self,
                                 const char              *report_id,
                                 gint64                  *head_id,
                                 char                   **head_hash,
                                 GError                 **error);
  gboolean    (*record)         (SokQueue                *self,
                                 SokQueueRecord          *record,
                                 GError                 **error);
  void        (*key_changed)    (SokQueue                *self);
  int         (*listen)         (SokQueue                *self,
                                 GError                 **error);
  gboolean    (*take_news)      (SokQueue                *self);
  gboolean    (*register_kiosk) (SokQueue                *self,
                                 const char              *kiosk_id,
                                 const char              *public_key,
                                 GError                 **error);
  GPtrArray  *(*list_kiosks)    (SokQueue                *self,
                                 GError                 **error);
  gboolean    (*decide_kiosk)   (SokQueue                *self,
                                 SokQueueDecision        *decision,
                                 GError                 **error);
  GPtrArray  *(*list_signature_checks) (SokQueue         *self,
                                 GError                 **error);
  gboolean    (*add_signature_check) (SokQueue           *self,
                                 const SokQueueSignatureCheck *check,
                                 GError                 **error);

  /* Hearing back (sok-queue-follow-up.c). */
  GPtrArray  *(*list_replies)   (SokQueue                *self,
                                 GError                 **error);
  GPtrArray  *(*list_unsorted)  (SokQueue                *self,
                                 GError                 **error);
  gboolean    (*sort_envelope)  (SokQueue                *self,
                                 const SokQueueSorting   *sorting,
                                 char                   **case_id,
                                 GError                 **error);
  gboolean    (*get_follow_up)  (SokQueue                *self,
                                 const char              *report_id,
                                 char                   **expires,
                                 gboolean                *unread,
                                 gboolean                *urgent,
                                 GError                 **error);
  gboolean    (*add_reply)      (SokQueue                *self,
                                 const char              *report_id,
                                 GBytes                  *tag,
                                 GBytes                  *ciphertext,
                                 const char              *expires,
                                 GBytes                  *sealed,
                                 gint64                   half_day,
                                 GError                 **error);
  GPtrArray  *(*list_messages)  (SokQueue                *self,
                                 const char              *report_id,
                                 gboolean                 mark_read,
                                 GError                 **error);
  gboolean    (*expire_follow_ups) (SokQueue             *self,
                                 const char              *today,
                                 guint                   *n_removed,
                                 GError                 **error);

  /* Finds the cases closed more than @years ago; unless @dry_run, writes @rec (its
   * detail from sok_queue_dup_retention_detail()) and removes them, in one
   * transaction. Returns SokQueueRetained items. */
  GPtrArray  *(*retain_cases)   (SokQueue                *self,
                                 guint                    years,
                                 gboolean                 dry_run,
                                 SokQueueRecord          *rec,
                                 GError                 **error);
  gboolean    (*ping)           (SokQueue                *self,
                                 GError                 **error);
};

/* Notified when new reports may have arrived. */
typedef void (*SokQueueNewsFunc) (SokQueue *queue,
                                  gpointer  user_data);

GQuark        sok_queue_error_quark     (void);

SokQueue     *sok_queue_open            (const char              *uri,
                                         SokQueueRole             role,
                                         GError                 **error);

SokQueueRole  sok_queue_get_role        (SokQueue                *self);
const char   *sok_queue_get_display_uri (SokQueue                *self);
void          sok_queue_set_dsl_key     (SokQueue                *self,
                                         SokDslKey               *key);
SokDslKey    *sok_queue_get_dsl_key     (SokQueue                *self);

/* Kiosk side. */
gboolean      sok_queue_deliver         (SokQueue                *self,
                                         const SokQueueEnvelope  *envelopes,
                                         guint                    n_envelopes,
                                         guint                   *n_new,
                                         GError                 **error);

gboolean      sok_queue_register_kiosk  (SokQueue                *self,
                                         const char              *kiosk_id,
                                         const char              *public_key,
                                         GError                 **error);
gboolean      sok_queue_ping            (SokQueue                *self,
                                         GError                 **error);

/* DSL side. */
GPtrArray    *sok_queue_list_kiosks     (SokQueue                *self,
                                         GError                 **error);
gboolean      sok_queue_decide_kiosk    (SokQueue                *self,
                                         SokQueueDecision        *decision,
                                         GError                 **error);
GPtrArray    *sok_queue_list_signature_checks (SokQueue          *self,
                                         GError                 **error);
gboolean      sok_queue_add_signature_check (SokQueue            *self,
                                         const SokQueueSignatureCheck *check,
                                         GError                 **error);
GPtrArray    *sok_queue_list_cases      (SokQueue                *self,
                                         SokCaseFilter            filter,
                                         GError                 **error);
SokQueueCase *sok_queue_get_case        (SokQueue                *self,
                                         const char              *report_id,
                                         GError                 **error);
GBytes       *sok_queue_open_sealed     (SokQueue                *self,
                                         const char              *report_id,
                                         const char              *actor,
                                         const char              *purpose,
                                         SokQueueCheckFunc        check,
                                         gpointer                 user_data,
                                         GError                 **error);
GPtrArray    *sok_queue_list_actions    (SokQueue                *self,
                                         const char              *report_id,
                                         GError                 **error);
GPtrArray    *sok_queue_list_audit      (SokQueue                *self,
                                         const char              *report_id,
                                         GError                 **error);
gboolean      sok_queue_record_view     (SokQueue                *self,
                                         const char              *report_id,
                                         const char              *actor,
                                         GError                 **error);
gboolean      sok_queue_record_export   (SokQueue                *self,
                                         const char              *report_id,
                                         const char              *actor,
                                         const char              *format,
                                         GError                 **error);
gboolean      sok_queue_act             (SokQueue                *self,
                                         const char              *report_id,
                                         const char              *kind,
                                         const char              *by,
                                         const char              *note,
                                         const char              *reason,
                                         GError                 **error);
gboolean      sok_queue_close_case      (SokQueue                *self,
                                         const char              *report_id,
                                         const char              *outcome,
                                         const char              *by,
                                         const char              *note,
                                         GError                 **error);
gboolean      sok_queue_reopen_case     (SokQueue                *self,
                                         const char              *report_id,
                                         const char              *by,
                                         const char              *reason,
                                         GError                 **error);
gboolean      sok_queue_record_on_case  (SokQueue                *self,
                                         const char              *report_id,
                                         const char              *actor,
                                         const char              *action,
                                         const char              *detail,
                                         GError                 **error);
gboolean      sok_queue_record_event    (SokQueue                *self,
                                         const char              *actor,
                                         const char              *action,
                                         const char              *detail,
                                         GError                 **error);
GPtrArray    *sok_queue_apply_retention (SokQueue                *self,
                                         guint                    years,
                                         const char              *actor,
                                         gboolean                 dry_run,
                                         GError                 **error);
gboolean      sok_queue_verify_audit    (SokQueue                *self,
                                         guint                   *n_entries,
                                         guint                   *n_macs,
                                         GError                 **error);
gboolean      sok_queue_check_known_head (SokQueue               *self,
                                         const char              *heads_path,
                                         GError                 **error);
GSource      *sok_queue_create_watch    (SokQueue                *self,
                                         SokQueueNewsFunc         func,
                                         gpointer                 user_data,
                                         GDestroyNotify           destroy,
                                         GError                 **error);

/* Hearing back (sok-queue-follow-up.c). */
GPtrArray    *sok_queue_list_replies    (SokQueue                *self,
                                         GError                 **error);
GPtrArray    *sok_queue_check_code      (SokQueue                *self,
                                         const SokFollowUpKeys   *keys,
                                         GError                 **error);
/* What a kiosk's My messages found for a code: the keys (to answer with) and the
 * replies in order (empty for a wrong code, no reply yet, or an expired one). */
typedef struct
{
  SokFollowUpKeys *keys;
  GPtrArray       *messages;  /* element-type SokFollowUpMessage */
} SokFollowUpCheck;

void          sok_follow_up_check_free  (SokFollowUpCheck        *check);
guint         sok_follow_up_check_get_answer_place (SokFollowUpCheck *check);
void          sok_follow_up_check_async (const char              *data_dir,
                                         const guint8            *code,
                                         GCancellable            *cancellable,
                                         GAsyncReadyCallback      callback,
                                         gpointer                 user_data);
SokFollowUpCheck *sok_follow_up_check_finish (GAsyncResult       *result,
                                         GError                 **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokFollowUpCheck, sok_follow_up_check_free)

gboolean      sok_queue_sort_envelopes  (SokQueue                *self,
                                         const char              *actor,
                                         guint                    follow_up_days,
                                         guint                   *n_answers,
                                         GError                 **error);
gboolean      sok_queue_reply           (SokQueue                *self,
                                         const char              *report_id,
                                         const char              *actor,
                                         const char              *text,
                                         guint                    follow_up_days,
                                         GError                 **error);
GPtrArray    *sok_queue_dup_conversation (SokQueue               *self,
                                         const char              *report_id,
                                         const char              *actor,
                                         guint                    follow_up_days,
                                         GError                 **error);
gboolean      sok_queue_expire_follow_ups (SokQueue              *self,
                                         GDate                   *today,
                                         guint                   *n_removed,
                                         GError                 **error);

const char   *sok_case_status_to_string (SokCaseStatus            status);
gboolean      sok_case_status_from_string (const char            *text,
                                         SokCaseStatus           *status);

/* For backends. */
char         *sok_audit_entry_compute_hash (gint64              id,
                                            gint64              at,
                                            const char         *actor,
                                            const char         *action,
                                            const char         *report_id,
                                            const char         *detail,
                                            const char         *prev_hash);
char         *sok_audit_entry_compute_hash_v2 (const SokAuditEntry *entry);
char         *sok_audit_dup_digest         (const void         *data,
                                            gsize               len);
char         *sok_queue_dup_retention_detail (guint             years,
                                            GPtrArray          *retained);
gboolean      sok_queue_mac_action         (SokQueue           *self,
                                            SokQueueAction     *action,
                                            GError            **error);
gboolean      sok_queue_mac_entry          (SokQueue           *self,
                                            SokAuditEntry      *entry,
                                            const SokQueueRecord *rec,
                                            GError            **error);
#define SOK_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

SokQueue     *sok_queue_sqlite_new      (const char              *path,
                                         SokQueueRole             role,
                                         GError                 **error);
SokQueue     *sok_queue_pg_new          (const char              *uri,
                                         SokQueueRole             role,
                                         GError                 **error);

G_END_DECLS
