/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sok-store.h"

G_BEGIN_DECLS

#define SOK_STAFF_ERROR (sok_staff_error_quark ())

typedef enum
{
  SOK_STAFF_ERROR_INVALID_NAME,
  SOK_STAFF_ERROR_INVALID_ROLE,
  SOK_STAFF_ERROR_INVALID_PIN,
  SOK_STAFF_ERROR_DUPLICATE_NAME,
  SOK_STAFF_ERROR_NOT_FOUND,
  SOK_STAFF_ERROR_NO_STAFF,
  SOK_STAFF_ERROR_WRONG_PIN,
  SOK_STAFF_ERROR_LOCKED,
  SOK_STAFF_ERROR_MEMBER_LOCKED,
  SOK_STAFF_ERROR_FAILED,
} SokStaffError;

/* PINs are 6 to 12 digits. */
#define SOK_STAFF_PIN_MIN_DIGITS 6
#define SOK_STAFF_PIN_MAX_DIGITS 12
#define SOK_STAFF_NAME_MAX_CHARS 60

/* Wrong PINs in a row that lock the pad for a while. */
#define SOK_STAFF_MAX_FAILED 5
/* Wrong PINs for one member within 24 hours that lock the member until IT unlocks them. */
#define SOK_STAFF_MAX_FAILED_PER_DAY 10

typedef struct
{
  gint64     id;
  char      *name;
  char      *role;        /* "teacher", "dsl" or "it" */
  GDateTime *created_at;
  gboolean   locked;      /* too many wrong PINs: only IT can unlock them */
} SokStaffMember;

typedef struct
{
  gint64     id;
  GDateTime *at;
  gint64     staff_id;    /* who acted, or the member a wrong PIN or sokctl was for;
                           * 0 for nobody (the pad locked) */
  char      *staff_name;  /* NULL when staff_id is 0 */
  char      *action;
  char      *detail;      /* nullable */
} SokStaffLogEntry;

typedef struct
{
  guint  failed;          /* wrong PINs since the last right one or lock-out */
  guint  lockouts;        /* lock-outs since the last right PIN */
  gint64 locked_until;    /* Unix time; 0 or in the past when not locked */
} SokStaffLock;

GQuark            sok_staff_error_quark     (void);

SokStaffMember   *sok_staff_member_copy     (const SokStaffMember *member);
void              sok_staff_member_free     (SokStaffMember       *member);
void              sok_staff_log_entry_free  (SokStaffLogEntry     *entry);

gboolean          sok_staff_role_is_valid   (const char           *role);
gboolean          sok_staff_validate_name   (const char           *name,
                                             GError              **error);
gboolean          sok_staff_validate_pin    (const char           *pin,
                                             gsize                 len,
                                             GError              **error);
gint64            sok_staff_lock_delay      (guint                 lockouts);

gboolean          sok_staff_add             (SokStore             *store,
                                             const char           *name,
                                             const char           *role,
                                             const char           *pin,
                                             gsize                 len,
                                             gint64               *id_out,
                                             GError              **error);
gboolean          sok_staff_remove          (SokStore             *store,
                                             const char           *name,
                                             GError              **error);
GPtrArray        *sok_staff_list            (SokStore             *store,
                                             GError              **error);
guint             sok_staff_count           (SokStore             *store,
                                             GError              **error);

gboolean          sok_staff_unlock          (SokStore             *store,
                                             const char           *name,
                                             gboolean             *was_locked_out,
                                             GError              **error);

gboolean          sok_staff_check_pin       (SokStore             *store,
                                             gint64                staff_id,
                                             const char           *pin,
                                             gsize                 len,
                                             GDateTime            *now,
                                             SokStaffMember      **out,
                                             gint64               *locked_until_out,
                                             GError              **error);
void              sok_staff_check_pin_async (const char           *data_dir,
                                             gint64                staff_id,
                                             const char           *pin,
                                             gsize                 len,
                                             GDateTime            *now,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SokStaffMember   *sok_staff_check_pin_finish (GAsyncResult        *result,
                                             gint64               *locked_until_out,
                                             GError              **error);
gboolean          sok_staff_get_lock        (SokStore             *store,
                                             GDateTime            *now,
                                             SokStaffLock         *lock_out,
                                             GError              **error);
gboolean          sok_staff_count_failures  (SokStore             *store,
                                             gint64                staff_id,
                                             GDateTime            *now,
                                             guint                *failures_out,
                                             GError              **error);

gboolean          sok_staff_log             (SokStore             *store,
                                             gint64                staff_id,
                                             const char           *action,
                                             const char           *detail,
                                             GError              **error);
GPtrArray        *sok_staff_list_log        (SokStore             *store,
                                             guint                 limit,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokStaffMember, sok_staff_member_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokStaffLogEntry, sok_staff_log_entry_free)

G_END_DECLS
