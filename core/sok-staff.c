/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-staff"

#include "config.h"

#include <sodium.h>

#include "sok-seal.h"
#include "sok-staff.h"

/* Staff mode's PINs and audit log.
 *
 * A PIN is stored only as an Argon2id hash (libsodium's crypto_pwhash_str with the
 * INTERACTIVE limits: 64 MiB and 2 passes, about a tenth of a second per check on
 * a kiosk). A member of staff first taps their name, and the PIN typed is compared
 * with that member's hash only: a guess is a guess at one member's PIN, never at
 * everyone's at once, and two members may happen to choose the same PIN.
 *
 * Two locks bound the guessing. The pad locks after SOK_STAFF_MAX_FAILED wrong PINs
 * in a row (whoever they were for), for a delay that grows with each lock-out until
 * a right PIN is entered: see sok_staff_lock_delay(). And a member who gets
 * SOK_STAFF_MAX_FAILED_PER_DAY wrong PINs within 24 hours is locked until IT runs
 * `sokctl staff unlock NAME`: with the pad's delays alone, someone who knows their own
 * PIN could reset the pad between guesses at a colleague's. The pad's counters live in
 * the pin_lock table, a member's wrong PINs in pin_failures, and every change to them
 * is committed (synchronous=FULL) before the PIN is even compared, so pulling the plug
 * in the middle of a check counts as a wrong PIN rather than a free try.
 *
 * The staff_log table says who did what and when. It never holds report content,
 * pupils' names or PINs: callers of sok_staff_log() must not pass any. */

#define REMOVED_HASH "removed"

G_DEFINE_QUARK (sok-staff-error-quark, sok_staff_error)

static const char * const roles[] = { "teacher", "dsl", "it", NULL };

SokStaffMember *
sok_staff_member_copy (const SokStaffMember *member)
{
  SokStaffMember *copy;

  g_return_val_if_fail (member != NULL, NULL);

  copy = g_new0 (SokStaffMember, 1);
  copy->id = member->id;
  copy->name = g_strdup (member->name);
  copy->role = g_strdup (member->role);
  copy->created_at = member->created_at ? g_date_time_ref (member->created_at) : NULL;
  copy->locked = member->locked;

  return copy;
}

void
sok_staff_member_free (SokStaffMember *member)
{
  if (member == NULL)
    return;

  g_free (member->name);
  g_free (member->role);
  g_clear_pointer (&member->created_at, g_date_time_unref);
  g_free (member);
}

void
sok_staff_log_entry_free (SokStaffLogEntry *entry)
{
  if (entry == NULL)
    return;

  g_clear_pointer (&entry->at, g_date_time_unref);
  g_free (entry->staff_name);
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry);
}

gboolean
sok_staff_role_is_valid (const char *role)
{
  return role != NULL && g_strv_contains (roles, role);
}

/**
 * sok_staff_validate_name:
 *
 * A member of staff's name is 1 to 60 characters of UTF-8 without control
 * characters or spaces at either end. Sets %SOK_STAFF_ERROR_INVALID_NAME otherwise.
 */
gboolean
sok_staff_validate_name (const char  *name,
                         GError     **error)
{
  glong chars;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_INVALID_NAME,
                   "The name is not valid UTF-8 text");
      return FALSE;
    }

  chars = g_utf8_strlen (name, -1);
  if (chars < 1 || chars > SOK_STAFF_NAME_MAX_CHARS)
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_INVALID_NAME,
                   "A name must be 1 to %d characters long; “%s” has %ld",
                   SOK_STAFF_NAME_MAX_CHARS, name, chars);
      return FALSE;
    }

  if (g_unichar_isspace (g_utf8_get_char (name)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (name + strlen (name)))))
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_INVALID_NAME,
                   "The name “%s” starts or ends with a space; remove it", name);
      return FALSE;
    }

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_INVALID_NAME,
                     "The name contains a control character (a tab or line break?)");
        return FALSE;
      }

  return TRUE;
}

/**
 * sok_staff_validate_pin:
 * @pin: the PIN's digits, not necessarily nul-terminated
 * @len: how many bytes @pin has
 *
 * A PIN is 6 to 12 digits, and not one a passer-by would guess first: all one digit
 * (111111) or a straight run (123456, 987654). The error never repeats the PIN.
 */
gboolean
sok_staff_validate_pin (const char  *pin,
                        gsize        len,
                        GError     **error)
{
  gboolean same = TRUE, up = TRUE, down = TRUE;

  if (pin == NULL || len < SOK_STAFF_PIN_MIN_DIGITS || len > SOK_STAFF_PIN_MAX_DIGITS)
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_INVALID_PIN,
                   "A PIN must be %d to %d digits long; this one has %" G_GSIZE_FORMAT
                   " characters", SOK_STAFF_PIN_MIN_DIGITS, SOK_STAFF_PIN_MAX_DIGITS,
                   pin == NULL ? 0 : len);
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      {
        g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_INVALID_PIN,
                     "A PIN may only hold the digits 0 to 9; character %" G_GSIZE_FORMAT
                     " is something else", i + 1);
        return FALSE;
      }

  for (gsize i = 1; i < len; i++)
    {
      same = same && pin[i] == pin[0];
      up = up && pin[i] == pin[i - 1] + 1;
      down = down && pin[i] == pin[i - 1] - 1;
    }

  if (same || up || down)
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_INVALID_PIN,
                   "That PIN is too easy to guess (one digit repeated, or counting up or "
                   "down); choose another");
      return FALSE;
    }

  return TRUE;
}

/**
 * sok_staff_lock_delay:
 * @lockouts: how many times the pad has locked since the last right PIN (1 or more)
 *
 * How long the pad stays locked: 30 seconds the first time, then 2 minutes,
 * 10 minutes, and 30 minutes for every lock-out after that.
 *
 * Returns: the delay in seconds
 */
gint64
sok_staff_lock_delay (guint lockouts)
{
  static const gint64 delays[] = { 30, 2 * 60, 10 * 60, 30 * 60 };

  if (lockouts == 0)
    return 0;

  return delays[MIN (lockouts, G_N_ELEMENTS (delays)) - 1];
}

static gint64
unix_now (GDateTime *now)
{
  if (now != NULL)
    return g_date_time_to_unix (now);

  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static gboolean
log_at (SokStore    *store,
        gint64       at,
        gint64       staff_id,
        const char  *action,
        const char  *detail,
        GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = sok_store_prepare (store,
                            "INSERT INTO staff_log (at, staff_id, action, detail) "
                            "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, at);
  if (staff_id > 0)
    sqlite3_bind_int64 (stmt, 2, staff_id);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT);
  if (detail != NULL)
    sqlite3_bind_text (stmt, 4, detail, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);

  return sok_store_step_done (store, stmt, error);
}

/* The columns member_from_row() reads, from the staff table. */
#define MEMBER_COLUMNS "id, name, role, created_at, locked_at <> 0"

static SokStaffMember *
member_from_row (sqlite3_stmt *stmt)
{
  SokStaffMember *member = g_new0 (SokStaffMember, 1);

  member->id = sqlite3_column_int64 (stmt, 0);
  member->name = dup_column_text (stmt, 1);
  member->role = dup_column_text (stmt, 2);
  member->created_at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 3));
  member->locked = sqlite3_column_int (stmt, 4) != 0;

  return member;
}

/* Reads the member with @staff_id who can sign in, and their hash. Sets
 * %SOK_STAFF_ERROR_NO_STAFF when nobody can sign in at all, or
 * %SOK_STAFF_ERROR_NOT_FOUND when @staff_id was removed or never was. */
static gboolean
load_credential (SokStore        *store,
                 gint64           staff_id,
                 SokStaffMember **member_out,
                 char           **hash_out,
                 GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sok_store_prepare (store,
                            "SELECT " MEMBER_COLUMNS ", pin_hash FROM staff "
                            "WHERE id = ? AND pin_hash <> '" REMOVED_HASH "'", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, staff_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *member_out = member_from_row (stmt);
      *hash_out = dup_column_text (stmt, 5);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "reading the staff list", error);
      return FALSE;
    }

  if (sok_staff_count (store, NULL) == 0)
    g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_NO_STAFF,
                 "No member of staff has a PIN yet; IT can add one with "
                 "“sokctl staff add NAME --role teacher|dsl|it --pin-file FILE”");
  else
    g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_NOT_FOUND,
                 "That member of staff can no longer sign in; “sokctl staff list” lists "
                 "who can");
  return FALSE;
}

static void
wipe_hash (char *hash)
{
  if (hash != NULL)
    sodium_memzero (hash, strlen (hash));
  g_free (hash);
}

static gboolean
name_taken (SokStore    *store,
            const char  *name,
            gboolean    *taken,
            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sok_store_prepare (store, "SELECT 1 FROM staff WHERE name = ? COLLATE NOCASE", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "reading the staff list", error);
      return FALSE;
    }

  *taken = rc == SQLITE_ROW;
  return TRUE;
}

/**
 * sok_staff_add:
 * @store: the kiosk's store
 * @name: how the member is known in the log, 1 to 60 characters
 * @role: "teacher", "dsl" or "it"
 * @pin: the PIN's digits (not necessarily nul-terminated); the caller wipes it with
 *   sodium_memzero() afterwards
 * @len: how many bytes @pin has
 * @id_out: (out) (optional): the new member's id
 *
 * Adds a member of staff with an Argon2id hash of @pin. Sets
 * %SOK_STAFF_ERROR_INVALID_NAME, %SOK_STAFF_ERROR_INVALID_ROLE,
 * %SOK_STAFF_ERROR_INVALID_PIN or %SOK_STAFF_ERROR_DUPLICATE_NAME (names are compared
 * without regard to case, since staff pick theirs from a list), or a %SOK_STORE_ERROR.
 * Another member may have the same PIN: a PIN is only ever compared with the hash of
 * the member whose name was tapped, and refusing it would tell IT someone else's PIN.
 */
gboolean
sok_staff_add (SokStore    *store,
               const char  *name,
               const char  *role,
               const char  *pin,
               gsize        len,
               gint64      *id_out,
               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;
  char hash[crypto_pwhash_STRBYTES];

  if (!sok_seal_ensure_sodium (error))
    return FALSE;
  gboolean taken = FALSE;
  gint64 id;
  gint64 now = unix_now (NULL);

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);

  if (!sok_staff_validate_name (name, error))
    return FALSE;

  if (!sok_staff_role_is_valid (role))
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_INVALID_ROLE,
                   "The role must be teacher, dsl or it, not “%s”", role ? role : "");
      return FALSE;
    }

  if (!sok_staff_validate_pin (pin, len, error))
    return FALSE;

  if (!name_taken (store, name, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_DUPLICATE_NAME,
                   "There is already a member of staff called “%s”; remove them first "
                   "or choose another name", name);
      return FALSE;
    }

  if (crypto_pwhash_str_alg (hash, pin, len,
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_FAILED,
                   "There was not enough memory to protect the PIN (it needs %u MiB); "
                   "close other programs and try again",
                   (guint)(crypto_pwhash_MEMLIMIT_INTERACTIVE >> 20));
      return FALSE;
    }

  if (!sok_store_begin (store, error))
    {
      sodium_memzero (hash, sizeof hash);
      return FALSE;
    }

  stmt = sok_store_prepare (store,
                            "INSERT INTO staff (name, role, pin_hash, created_at) "
                            "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!sok_store_step_done (store, stmt, error))
    goto fail;

  id = sqlite3_last_insert_rowid (sok_store_get_db (store));
  detail = g_strdup_printf ("role %s", role);
  if (!log_at (store, now, id, "staff-added", detail, error) ||
      !sok_store_commit (store, error))
    goto fail;

  sodium_memzero (hash, sizeof hash);
  if (id_out != NULL)
    *id_out = id;

  return TRUE;

fail:
  sodium_memzero (hash, sizeof hash);
  sok_store_rollback (store);
  return FALSE;
}

/**
 * sok_staff_remove:
 * @name: the member's name, as sok_staff_list() gives it
 *
 * Takes a member of staff out of staff mode: their PIN no longer works and they are
 * no longer listed. Their row stays, renamed "NAME (removed YYYY-MM-DD, no. ID)",
 * so that the log still says who did what. Sets %SOK_STAFF_ERROR_NOT_FOUND when
 * nobody has that name.
 */
gboolean
sok_staff_remove (SokStore    *store,
                  const char  *name,
                  GError     **error)
{
  g_autoptr (sqlite3_stmt) find = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *removed_name = NULL;
  g_autofree char *found_name = NULL;
  gint64 id;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!sok_store_begin (store, error))
    return FALSE;

  find = sok_store_prepare (store,
                            "SELECT id, name FROM staff WHERE pin_hash <> '" REMOVED_HASH "' "
                            "AND name = ? COLLATE NOCASE", error);
  if (find == NULL)
    goto fail;

  sqlite3_bind_text (find, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (find);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_NOT_FOUND,
                   "There is no member of staff called “%s”; “sokctl staff list” lists them",
                   name);
      goto fail;
    }
  if (rc != SQLITE_ROW)
    {
      sok_store_set_error_from_db (store, rc, "reading the staff list", error);
      goto fail;
    }

  id = sqlite3_column_int64 (find, 0);
  found_name = dup_column_text (find, 1);
  removed_name = g_strdup_printf ("%s (removed %s, no. %" G_GINT64_FORMAT ")",
                                  found_name, day, id);

  update = sok_store_prepare (store,
                              "UPDATE staff SET name = ?, pin_hash = '" REMOVED_HASH "' "
                              "WHERE id = ?", error);
  if (update == NULL)
    goto fail;

  sqlite3_bind_text (update, 1, removed_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (update, 2, id);
  if (!sok_store_step_done (store, update, error) ||
      !log_at (store, g_date_time_to_unix (now), id, "staff-removed", NULL, error) ||
      !sok_store_commit (store, error))
    goto fail;

  return TRUE;

fail:
  sok_store_rollback (store);
  return FALSE;
}

/**
 * sok_staff_list:
 *
 * Returns: (transfer full) (element-type SokStaffMember): the members who can sign
 *   in, in the order they were added, locked ones included; never their hashes.
 */
GPtrArray *
sok_staff_list (SokStore  *store,
                GError   **error)
{
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = sok_store_prepare (store,
                            "SELECT " MEMBER_COLUMNS " FROM staff "
                            "WHERE pin_hash <> '" REMOVED_HASH "' ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  members = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_staff_member_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, member_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "reading the staff list", error);
      return NULL;
    }

  return g_steal_pointer (&members);
}

/**
 * sok_staff_count:
 *
 * Returns: how many members can sign in; 0 with @error set when the store failed.
 */
guint
sok_staff_count (SokStore  *store,
                 GError   **error)
{
  g_autoptr (GPtrArray) members = sok_staff_list (store, error);

  return members != NULL ? members->len : 0;
}

typedef struct
{
  gint64 failed;
  gint64 lockouts;
  gint64 locked_until;
} LockRow;

static gboolean
read_lock (SokStore  *store,
           LockRow   *row,
           GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if (!sok_store_exec (store, "INSERT OR IGNORE INTO pin_lock (id) VALUES (1)", error))
    return FALSE;

  stmt = sok_store_prepare (store,
                            "SELECT failed, lockouts, locked_until FROM pin_lock WHERE id = 1",
                            error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sok_store_set_error_from_db (store, rc, "reading the PIN lock", error);
      return FALSE;
    }

  row->failed = sqlite3_column_int64 (stmt, 0);
  row->lockouts = sqlite3_column_int64 (stmt, 1);
  row->locked_until = sqlite3_column_int64 (stmt, 2);

  return TRUE;
}

static gboolean
write_lock (SokStore       *store,
            const LockRow  *row,
            GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = sok_store_prepare (store,
                            "UPDATE pin_lock SET failed = ?, lockouts = ?, locked_until = ? "
                            "WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row->failed);
  sqlite3_bind_int64 (stmt, 2, row->lockouts);
  sqlite3_bind_int64 (stmt, 3, row->locked_until);

  return sok_store_step_done (store, stmt, error);
}

/* A lock that ends further ahead than its own delay means the clock was turned
 * back (a kiosk whose clock was wrong and then set right): the lock is shortened to
 * its delay from now, so a clock fix cannot lock staff out for months. */
static gboolean
clamp_lock (LockRow *row,
            gint64   now)
{
  gint64 delay = sok_staff_lock_delay ((guint)MIN (row->lockouts, G_MAXUINT));

  if (row->locked_until > now && row->locked_until - now > delay)
    {
      row->locked_until = now + delay;
      return TRUE;
    }

  return FALSE;
}

/* Refuses an attempt because the pad is locked until row->locked_until (the caller
 * has committed): gives the end of the lock to @locked_until_out and sets
 * %SOK_STAFF_ERROR_LOCKED with the time left. Always returns %FALSE. */
static gboolean
refuse_locked (const LockRow  *row,
               gint64          at,
               gint64         *locked_until_out,
               GError        **error)
{
  gint64 seconds_left = row->locked_until - at;

  if (locked_until_out != NULL)
    *locked_until_out = row->locked_until;
  if (seconds_left <= 60)
    g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED,
                 "Too many wrong PINs: the pad is locked for %" G_GINT64_FORMAT
                 " more seconds", MAX (seconds_left, 1));
  else
    g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED,
                 "Too many wrong PINs: the pad is locked for %" G_GINT64_FORMAT
                 " more minutes", (seconds_left + 59) / 60);
  return FALSE;
}

/* Locks the pad from @at, inside the caller's transaction. */
static gboolean
lock_out_now (SokStore  *store,
              LockRow   *row,
              gint64     at,
              GError   **error)
{
  g_autofree char *detail = NULL;
  gint64 delay;

  row->failed = 0;
  row->lockouts++;
  delay = sok_staff_lock_delay ((guint)MIN (row->lockouts, G_MAXUINT));
  row->locked_until = at + delay;
  detail = g_strdup_printf ("%d wrong PINs in a row; locked for %" G_GINT64_FORMAT " s",
                            SOK_STAFF_MAX_FAILED, delay);

  return write_lock (store, row, error) && log_at (store, at, 0, "pad-locked", detail, error);
}

/**
 * sok_staff_get_lock:
 * @now: (nullable): the time to judge the lock at; %NULL for the real time
 * @lock_out: (out): the pad's failure counters and when its lock ends
 *
 * For the PIN pad to show a lock (and its countdown) before anyone types.
 */
gboolean
sok_staff_get_lock (SokStore      *store,
                    GDateTime     *now,
                    SokStaffLock  *lock_out,
                    GError       **error)
{
  LockRow row = { 0 };

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (lock_out != NULL, FALSE);

  if (!sok_store_begin (store, error))
    return FALSE;
  if (!read_lock (store, &row, error) ||
      (clamp_lock (&row, unix_now (now)) && !write_lock (store, &row, error)) ||
      !sok_store_commit (store, error))
    {
      sok_store_rollback (store);
      return FALSE;
    }

  lock_out->failed = (guint)row.failed;
  lock_out->lockouts = (guint)row.lockouts;
  lock_out->locked_until = row.locked_until > unix_now (now) ? row.locked_until : 0;

  return TRUE;
}

/* ---- One member's wrong PINs ----------------------------------------------------- */

#define DAY_SECONDS (24 * 60 * 60)

/* How many wrong PINs for @staff_id were counted in the 24 hours up to @at. */
static gboolean
count_failures (SokStore  *store,
                gint64     staff_id,
                gint64     at,
                guint     *failures,
                GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = sok_store_prepare (store,
                            "SELECT count(*) FROM pin_failures WHERE staff_id = ? AND at > ?",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_int64 (stmt, 2, at - DAY_SECONDS);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sok_store_set_error_from_db (store, rc, "counting wrong PINs", error);
      return FALSE;
    }

  *failures = (guint)CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
  return TRUE;
}

static gboolean
add_failure (SokStore  *store,
             gint64     staff_id,
             gint64     at,
             GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = sok_store_prepare (store, "INSERT INTO pin_failures (staff_id, at) VALUES (?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_int64 (stmt, 2, at);
  return sok_store_step_done (store, stmt, error);
}

/* Forgets @staff_id's wrong PINs, and wrong PINs older than a day for everyone, so
 * the table stays small. */
static gboolean
clear_failures (SokStore  *store,
                gint64     staff_id,
                gint64     at,
                GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = sok_store_prepare (store, "DELETE FROM pin_failures WHERE staff_id = ? OR at <= ?",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_int64 (stmt, 2, at - DAY_SECONDS);
  return sok_store_step_done (store, stmt, error);
}

/* Locks @staff_id until IT unlocks them, inside the caller's transaction. */
static gboolean
lock_member_now (SokStore  *store,
                 gint64     staff_id,
                 gint64     at,
                 GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;

  stmt = sok_store_prepare (store, "UPDATE staff SET locked_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, MAX (at, 1));
  sqlite3_bind_int64 (stmt, 2, staff_id);
  detail = g_strdup_printf ("%d wrong PINs within 24 hours; locked until IT unlocks them",
                            SOK_STAFF_MAX_FAILED_PER_DAY);

  return sok_store_step_done (store, stmt, error) &&
         log_at (store, at, staff_id, "staff-locked", detail, error);
}

/* Refuses an attempt because the member is locked. Always returns %FALSE. */
static gboolean
refuse_member_locked (const SokStaffMember  *member,
                      GError               **error)
{
  g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_MEMBER_LOCKED,
               "%s is locked after %d wrong PINs within 24 hours; IT can unlock them with "
               "“sokctl staff unlock NAME”", member->name, SOK_STAFF_MAX_FAILED_PER_DAY);
  return FALSE;
}

/**
 * sok_staff_count_failures:
 * @staff_id: the member
 * @now: (nullable): the time to count back from; %NULL for the real time
 * @failures_out: (out): wrong PINs for the member within the 24 hours before @now,
 *   since their last right PIN or unlock
 *
 * For the PIN pad to say how many tries a member has left before they are locked.
 */
gboolean
sok_staff_count_failures (SokStore   *store,
                          gint64      staff_id,
                          GDateTime  *now,
                          guint      *failures_out,
                          GError    **error)
{
  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (failures_out != NULL, FALSE);

  return count_failures (store, staff_id, unix_now (now), failures_out, error);
}

/**
 * sok_staff_unlock:
 * @name: the member's name, as sok_staff_list() gives it (any case)
 * @was_locked_out: (out) (optional): whether they were locked
 *
 * What IT does for a member locked by too many wrong PINs: unlocks them, forgets
 * their wrong PINs, and ends the pad's lock and its count too (IT has stepped in, and
 * the member should be able to sign in at once), then logs "staff-unlocked" for them.
 * Unlocking a member who was not locked is no error, and is logged too. Sets
 * %SOK_STAFF_ERROR_NOT_FOUND when nobody who can sign in has that name.
 */
gboolean
sok_staff_unlock (SokStore    *store,
                  const char  *name,
                  gboolean    *was_locked_out,
                  GError     **error)
{
  g_autoptr (sqlite3_stmt) find = NULL;
  g_autoptr (sqlite3_stmt) update = NULL;
  gint64 at = unix_now (NULL);
  LockRow pad = { 0 };
  gboolean was_locked;
  gint64 id;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!sok_store_begin (store, error))
    return FALSE;

  find = sok_store_prepare (store,
                            "SELECT id, locked_at <> 0 FROM staff "
                            "WHERE pin_hash <> '" REMOVED_HASH "' AND name = ? COLLATE NOCASE",
                            error);
  if (find == NULL)
    goto fail;

  sqlite3_bind_text (find, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (find);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_NOT_FOUND,
                   "There is no member of staff called “%s”; “sokctl staff list” lists them",
                   name);
      goto fail;
    }
  if (rc != SQLITE_ROW)
    {
      sok_store_set_error_from_db (store, rc, "reading the staff list", error);
      goto fail;
    }
  id = sqlite3_column_int64 (find, 0);
  was_locked = sqlite3_column_int (find, 1) != 0;

  update = sok_store_prepare (store, "UPDATE staff SET locked_at = 0 WHERE id = ?", error);
  if (update == NULL)
    goto fail;
  sqlite3_bind_int64 (update, 1, id);

  if (!sok_store_step_done (store, update, error) ||
      !clear_failures (store, id, at, error) ||
      !read_lock (store, &pad, error) ||
      !write_lock (store, &(LockRow) { 0 }, error) ||
      !log_at (store, at, id, "staff-unlocked", was_locked ? "was locked" : "was not locked",
               error) ||
      !sok_store_commit (store, error))
    goto fail;

  if (was_locked_out != NULL)
    *was_locked_out = was_locked;
  return TRUE;

fail:
  sok_store_rollback (store);
  return FALSE;
}

/**
 * sok_staff_check_pin:
 * @store: the kiosk's store
 * @staff_id: the member whose name was tapped
 * @pin: the digits typed (not necessarily nul-terminated); the caller wipes them
 *   with sodium_memzero() afterwards
 * @len: how many bytes @pin has
 * @now: (nullable): the time of the attempt; %NULL for the real time
 * @out: (out) (optional) (transfer full): the member, signed in
 * @locked_until_out: (out) (optional): when the pad is locked, the Unix time its
 *   lock ends; else 0
 *
 * Signs a member of staff in: compares @pin with @staff_id's hash, and no other.
 * The attempt is counted (and committed), for the pad and for the member, before the
 * PIN is compared. A right PIN resets the pad's counters and the member's wrong PINs,
 * and logs "staff-mode-entered" for the member. A wrong PIN logs "pin-wrong" for the
 * member and sets %SOK_STAFF_ERROR_WRONG_PIN; the fifth in a row (for anyone) locks
 * the pad for sok_staff_lock_delay(), logs "pad-locked" and sets
 * %SOK_STAFF_ERROR_LOCKED; the member's tenth within 24 hours locks the member, logs
 * "staff-locked" for them and sets %SOK_STAFF_ERROR_MEMBER_LOCKED. While the pad or
 * the member is locked no PIN is compared at all: %SOK_STAFF_ERROR_LOCKED, with the
 * time left in the message, or %SOK_STAFF_ERROR_MEMBER_LOCKED. %SOK_STAFF_ERROR_NO_STAFF
 * when nobody has a PIN, %SOK_STAFF_ERROR_NOT_FOUND when @staff_id cannot sign in
 * (nothing is counted then). Takes about a tenth of a second on a kiosk: call it from
 * a thread, or use sok_staff_check_pin_async().
 */
gboolean
sok_staff_check_pin (SokStore         *store,
                     gint64            staff_id,
                     const char       *pin,
                     gsize             len,
                     GDateTime        *now,
                     SokStaffMember  **out,
                     gint64           *locked_until_out,
                     GError          **error)
{
  g_autoptr (SokStaffMember) member = NULL;
  char *hash = NULL;
  LockRow row = { 0 };
  gint64 at = unix_now (now);
  guint failures = 0;
  gboolean right, member_locks, pad_locks;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (pin != NULL || len == 0, FALSE);

  if (locked_until_out != NULL)
    *locked_until_out = 0;

  if (!sok_seal_ensure_sodium (error))
    return FALSE;
  if (!load_credential (store, staff_id, &member, &hash, error))
    return FALSE;
  if (member->locked)
    {
      wipe_hash (hash);
      return refuse_member_locked (member, error);
    }

  /* Count the attempt first, durably. */
  if (!sok_store_begin (store, error))
    goto fail;
  if (!read_lock (store, &row, error) ||
      !count_failures (store, staff_id, at, &failures, error))
    goto fail;

  clamp_lock (&row, at);
  if (row.locked_until > at)
    {
      if (!write_lock (store, &row, error) || !sok_store_commit (store, error))
        goto fail;
      wipe_hash (hash);
      return refuse_locked (&row, at, locked_until_out, error);
    }

  /* Attempts counted by a check that never finished (the power went) still count. */
  if (failures >= SOK_STAFF_MAX_FAILED_PER_DAY)
    {
      if (!lock_member_now (store, staff_id, at, error) || !sok_store_commit (store, error))
        goto fail;
      wipe_hash (hash);
      return refuse_member_locked (member, error);
    }
  if (row.failed >= SOK_STAFF_MAX_FAILED)
    {
      if (!lock_out_now (store, &row, at, error) || !sok_store_commit (store, error))
        goto fail;
      wipe_hash (hash);
      return refuse_locked (&row, at, locked_until_out, error);
    }

  row.failed++;
  if (!write_lock (store, &row, error) ||
      !add_failure (store, staff_id, at, error) ||
      !sok_store_commit (store, error))
    goto fail;

  right = crypto_pwhash_str_verify (hash, pin, len) == 0;
  wipe_hash (hash);
  hash = NULL;

  if (!sok_store_begin (store, error))
    return FALSE;
  /* Another process may have counted attempts meanwhile; trust the tables. */
  if (!read_lock (store, &row, error))
    goto fail;

  if (right)
    {
      row.failed = 0;
      row.lockouts = 0;
      row.locked_until = 0;
      if (!write_lock (store, &row, error) ||
          !clear_failures (store, staff_id, at, error) ||
          !log_at (store, at, staff_id, "staff-mode-entered", NULL, error) ||
          !sok_store_commit (store, error))
        goto fail;

      if (out != NULL)
        *out = g_steal_pointer (&member);
      return TRUE;
    }

  if (!count_failures (store, staff_id, at, &failures, error))
    goto fail;
  member_locks = failures >= SOK_STAFF_MAX_FAILED_PER_DAY;
  pad_locks = row.failed >= SOK_STAFF_MAX_FAILED;

  if ((member_locks && !lock_member_now (store, staff_id, at, error)) ||
      (pad_locks && !lock_out_now (store, &row, at, error)))
    goto fail;
  if (!member_locks && !pad_locks)
    {
      g_autofree char *detail = g_strdup_printf ("%u of %d within 24 hours", failures,
                                                 SOK_STAFF_MAX_FAILED_PER_DAY);

      if (!log_at (store, at, staff_id, "pin-wrong", detail, error))
        goto fail;
    }
  if (!sok_store_commit (store, error))
    goto fail;

  if (member_locks)
    {
      if (pad_locks && locked_until_out != NULL)
        *locked_until_out = row.locked_until;
      return refuse_member_locked (member, error);
    }
  if (pad_locks)
    return refuse_locked (&row, at, locked_until_out, error);

  g_set_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_WRONG_PIN,
               "That PIN is not right; %d more wrong PINs lock the pad",
               (int)(SOK_STAFF_MAX_FAILED - row.failed));
  return FALSE;

fail:
  sok_store_rollback (store);
  wipe_hash (hash);
  return FALSE;
}

typedef struct
{
  char      *data_dir;
  gint64     staff_id;
  char      *pin;      /* sodium_malloc'd, wiped on free */
  gsize      len;
  GDateTime *now;
  gint64     locked_until;
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *check = data;

  g_free (check->data_dir);
  if (check->pin != NULL)
    sodium_free (check->pin);
  g_clear_pointer (&check->now, g_date_time_unref);
  g_free (check);
}

static void
check_pin_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CheckData *check = task_data;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GError) error = NULL;
  SokStaffMember *member = NULL;

  /* One connection per thread. */
  if (!(store = sok_store_open (check->data_dir, &error)) ||
      !sok_staff_check_pin (store, check->staff_id, check->pin, check->len, check->now, &member,
                            &check->locked_until, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, member, (GDestroyNotify)sok_staff_member_free);
}

/**
 * sok_staff_check_pin_async:
 * @data_dir: the kiosk's data directory; the check opens its own connection
 * @staff_id: the member whose name was tapped
 * @pin: the digits typed; copied into guarded memory that is wiped after the check,
 *   so the caller may wipe its own copy at once
 *
 * sok_staff_check_pin() in a worker thread, so the PIN pad keeps drawing.
 */
void
sok_staff_check_pin_async (const char          *data_dir,
                           gint64               staff_id,
                           const char          *pin,
                           gsize                len,
                           GDateTime           *now,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  CheckData *check;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (pin != NULL || len == 0);

  /* sodium_malloc() below needs libsodium started; a failure shows as NULL there. */
  sok_seal_ensure_sodium (NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sok_staff_check_pin_async);

  check = g_new0 (CheckData, 1);
  check->data_dir = g_strdup (data_dir);
  check->staff_id = staff_id;
  check->pin = sodium_malloc (MAX (len, 1));
  check->now = now != NULL ? g_date_time_ref (now) : NULL;
  g_task_set_task_data (task, check, check_data_free);
  if (check->pin == NULL)
    {
      g_task_return_new_error (task, SOK_STAFF_ERROR, SOK_STAFF_ERROR_FAILED,
                               "Not enough memory to check the PIN; restart the kiosk");
      return;
    }
  if (len > 0)
    memcpy (check->pin, pin, len);
  check->len = len;

  g_task_run_in_thread (task, check_pin_thread);
}

/**
 * sok_staff_check_pin_finish:
 * @locked_until_out: (out) (optional): as for sok_staff_check_pin()
 *
 * Returns: (transfer full): the member who signed in, or %NULL with @error set as
 *   sok_staff_check_pin() sets it.
 */
SokStaffMember *
sok_staff_check_pin_finish (GAsyncResult  *result,
                            gint64        *locked_until_out,
                            GError       **error)
{
  CheckData *check;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sok_staff_check_pin_async,
                        NULL);

  check = g_task_get_task_data (G_TASK (result));
  if (locked_until_out != NULL)
    *locked_until_out = check->locked_until;

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sok_staff_log:
 * @staff_id: the member who acted, or 0 when nobody is signed in
 * @action: what was done, a short fixed word such as "certificates-printed"
 * @detail: (nullable): counts and settings only. Callers MUST NOT pass report
 *   content, pupils' names or PINs: the log is read by every member of IT staff.
 *
 * Appends an entry to the staff log, committed durably, at the current time.
 */
gboolean
sok_staff_log (SokStore    *store,
               gint64       staff_id,
               const char  *action,
               const char  *detail,
               GError     **error)
{
  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (action != NULL && *action != '\0', FALSE);

  return log_at (store, unix_now (NULL), staff_id, action, detail, error);
}

/**
 * sok_staff_list_log:
 * @limit: the most entries to return; 0 for all
 *
 * Returns: (transfer full) (element-type SokStaffLogEntry): the newest entries first.
 */
GPtrArray *
sok_staff_list_log (SokStore  *store,
                    guint      limit,
                    GError   **error)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = sok_store_prepare (store,
                            "SELECT l.id, l.at, l.staff_id, s.name, l.action, l.detail "
                            "FROM staff_log l LEFT JOIN staff s ON s.id = l.staff_id "
                            "ORDER BY l.id DESC LIMIT ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (gint64)limit);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_staff_log_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokStaffLogEntry *entry = g_new0 (SokStaffLogEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 1));
      entry->staff_id = sqlite3_column_int64 (stmt, 2);
      entry->staff_name = dup_column_text (stmt, 3);
      entry->action = dup_column_text (stmt, 4);
      entry->detail = dup_column_text (stmt, 5);
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "reading the staff log", error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}
