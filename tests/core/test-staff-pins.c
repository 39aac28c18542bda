/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-staff"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>

#include "sok-case.h"
#include "sok-schema.h"
#include "sok-staff.h"
#include "sok-store.h"

/* Staff PINs in the core: roles, a PIN checked against the chosen member only, the
 * pad's lock and its growing delay across a restart, a member locked by too many
 * wrong PINs in a day until IT unlocks them, and a log that never holds a PIN. Times
 * are given to the checks, so nothing waits. */

#define PIN "402917"
#define OTHER_PIN "583016"
#define WRONG_PIN "111213"

static char *
new_dir (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("staff-XXXXXX", &error);
  char *dir = g_build_filename (tmp, "kiosk", NULL);

  g_assert_no_error (error);
  return dir;
}

static SokStore *
open_store (const char *dir)
{
  g_autoptr (GError) error = NULL;
  SokStore *store = sok_store_open (dir, &error);

  g_assert_no_error (error);
  return store;
}

static void
test_staff_roles (void)
{
  g_assert_true (sok_staff_role_is_valid ("teacher"));
  g_assert_true (sok_staff_role_is_valid ("dsl"));
  g_assert_true (sok_staff_role_is_valid ("it"));
  /* An unknown role once read past the end of the list of roles. */
  g_assert_false (sok_staff_role_is_valid ("head"));
  g_assert_false (sok_staff_role_is_valid ("headteacher-and-designated-safeguarding-lead"));
  g_assert_false (sok_staff_role_is_valid (""));
  g_assert_false (sok_staff_role_is_valid ("Teacher"));
  g_assert_false (sok_staff_role_is_valid (NULL));
}

static void
test_staff_lock_delay_grows (void)
{
  g_assert_cmpint (sok_staff_lock_delay (1), ==, 30);
  g_assert_cmpint (sok_staff_lock_delay (2), ==, 2 * 60);
  g_assert_cmpint (sok_staff_lock_delay (3), ==, 10 * 60);
  g_assert_cmpint (sok_staff_lock_delay (4), ==, 30 * 60);
  g_assert_cmpint (sok_staff_lock_delay (40), ==, 30 * 60);
}

static gint64
add_member (SokStore   *store,
            const char *name,
            const char *role,
            const char *pin)
{
  g_autoptr (GError) error = NULL;
  gint64 id = 0;

  g_assert_true (sok_staff_add (store, name, role, pin, strlen (pin), &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
wrong_pins (SokStore  *store,
            gint64     staff_id,
            GDateTime *now,
            guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (sok_staff_check_pin (store, staff_id, WRONG_PIN, 6, now, NULL, NULL,
                                           &error));
      g_assert_nonnull (error);
    }
}

static gboolean
log_has (SokStore   *store,
         const char *action,
         gint64      staff_id)
{
  g_autoptr (GPtrArray) entries = sok_staff_list_log (store, 0, NULL);

  g_assert_nonnull (entries);
  for (guint i = 0; i < entries->len; i++)
    {
      SokStaffLogEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->action, action) && entry->staff_id == staff_id)
        return TRUE;
    }

  return FALSE;
}

static gboolean
member_is_locked (SokStore *store,
                  gint64    staff_id)
{
  g_autoptr (GPtrArray) members = sok_staff_list (store, NULL);

  g_assert_nonnull (members);
  for (guint i = 0; i < members->len; i++)
    {
      SokStaffMember *member = g_ptr_array_index (members, i);

      if (member->id == staff_id)
        return member->locked;
    }

  g_assert_not_reached ();
}

static void
test_staff_lock_survives_restart (void)
{
  g_autofree char *dir = new_dir ();
  g_autoptr (GDateTime) start = g_date_time_new_utc (2026, 9, 7, 8, 30, 0);
  g_autoptr (GDateTime) later = NULL;
  g_autoptr (GDateTime) after = NULL;
  g_autoptr (GDateTime) after_second = NULL;
  g_autoptr (SokStaffMember) member = NULL;
  g_autoptr (GError) error = NULL;
  SokStore *store = open_store (dir);
  SokStaffLock lock = { 0 };
  gint64 locked_until = 0;
  gint64 patel = add_member (store, "Mr Patel", "teacher", PIN);
  gint64 okafor = add_member (store, "Ms Okafor", "it", OTHER_PIN);

  /* Four wrong PINs warn; the fifth locks for 30 seconds. */
  wrong_pins (store, patel, start, SOK_STAFF_MAX_FAILED - 1);
  g_assert_true (sok_staff_get_lock (store, start, &lock, &error));
  g_assert_cmpuint (lock.failed, ==, SOK_STAFF_MAX_FAILED - 1);
  g_assert_cmpint (lock.locked_until, <=, g_date_time_to_unix (start));

  g_assert_false (sok_staff_check_pin (store, patel, WRONG_PIN, 6, start, NULL, &locked_until,
                                       &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (locked_until, ==, g_date_time_to_unix (start) + 30);

  /* The kiosk restarts. */
  g_assert_finalize_object (store);
  store = open_store (dir);

  g_assert_true (sok_staff_get_lock (store, start, &lock, &error));
  g_assert_cmpint (lock.locked_until, ==, g_date_time_to_unix (start) + 30);
  g_assert_cmpuint (lock.lockouts, ==, 1);

  /* Even the right PIN is refused until then. */
  later = g_date_time_add_seconds (start, 29);
  g_assert_false (sok_staff_check_pin (store, patel, PIN, 6, later, NULL, NULL, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED);
  g_clear_error (&error);

  /* Five more wrong ones after the lock lock it for longer: 2 minutes, whoever they
   * were for (here another member, who would otherwise lock Mr Patel himself). */
  after = g_date_time_add_seconds (start, 31);
  wrong_pins (store, okafor, after, SOK_STAFF_MAX_FAILED - 1);
  g_assert_false (sok_staff_check_pin (store, okafor, WRONG_PIN, 6, after, NULL, &locked_until,
                                       &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (locked_until, ==, g_date_time_to_unix (after) + 2 * 60);

  /* After it, the right PIN gets in and the lock is forgotten. */
  after_second = g_date_time_add_seconds (after, 2 * 60 + 1);
  g_assert_true (sok_staff_check_pin (store, patel, PIN, 6, after_second, &member, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (member->name, ==, "Mr Patel");
  g_assert_true (sok_staff_get_lock (store, after_second, &lock, &error));
  g_assert_cmpuint (lock.failed, ==, 0);
  g_assert_cmpuint (lock.lockouts, ==, 0);

  g_assert_finalize_object (store);
}

static void
test_staff_log_never_holds_a_pin (void)
{
  g_autofree char *dir = new_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  gboolean entered = FALSE;
  gboolean wrong = FALSE;
  gint64 okafor = add_member (store, "Ms Okafor", "it", OTHER_PIN);

  wrong_pins (store, okafor, NULL, 1);
  g_assert_true (sok_staff_check_pin (store, okafor, OTHER_PIN, 6, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  wrong_pins (store, okafor, NULL, SOK_STAFF_MAX_FAILED_PER_DAY);
  g_assert_true (sok_staff_unlock (store, "Ms Okafor", NULL, &error));
  g_assert_no_error (error);

  entries = sok_staff_list_log (store, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      SokStaffLogEntry *entry = g_ptr_array_index (entries, i);

      entered |= g_str_equal (entry->action, "staff-mode-entered") &&
                 g_strcmp0 (entry->staff_name, "Ms Okafor") == 0;
      /* A wrong PIN is logged for the member whose name was tapped. */
      wrong |= g_str_equal (entry->action, "pin-wrong") && entry->staff_id == okafor;
      g_assert_null (strstr (entry->action, OTHER_PIN));
      g_assert_null (strstr (entry->action, WRONG_PIN));
      if (entry->detail != NULL)
        {
          g_assert_null (strstr (entry->detail, OTHER_PIN));
          g_assert_null (strstr (entry->detail, WRONG_PIN));
        }
    }
  g_assert_true (entered);
  g_assert_true (wrong);
}

/* The PIN typed is compared with the chosen member's hash only: another member's
 * PIN is a wrong PIN, and two members may share a PIN without knowing it. */
static void
test_staff_pin_checked_for_chosen_member_only (void)
{
  g_autofree char *dir = new_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (SokStaffMember) member = NULL;
  g_autoptr (GError) error = NULL;
  gint64 patel = add_member (store, "Mr Patel", "teacher", PIN);
  gint64 okafor = add_member (store, "Ms Okafor", "it", OTHER_PIN);
  gint64 shah = add_member (store, "Mrs Shah", "dsl", PIN);
  SokStaffLock lock = { 0 };

  g_assert_false (sok_staff_check_pin (store, patel, OTHER_PIN, 6, NULL, &member, NULL, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_WRONG_PIN);
  g_assert_null (member);
  g_clear_error (&error);
  g_assert_true (log_has (store, "pin-wrong", patel));

  g_assert_true (sok_staff_check_pin (store, okafor, OTHER_PIN, 6, NULL, &member, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (member->id, ==, okafor);
  g_assert_cmpstr (member->role, ==, "it");
  g_clear_pointer (&member, sok_staff_member_free);

  /* The same PIN signs in whoever was chosen. */
  g_assert_true (sok_staff_check_pin (store, shah, PIN, 6, NULL, &member, NULL, &error));
  g_assert_cmpint (member->id, ==, shah);
  g_assert_cmpstr (member->role, ==, "dsl");
  g_clear_pointer (&member, sok_staff_member_free);
  g_assert_true (sok_staff_check_pin (store, patel, PIN, 6, NULL, &member, NULL, &error));
  g_assert_cmpint (member->id, ==, patel);
  g_clear_pointer (&member, sok_staff_member_free);

  /* A member who was removed, or never was, is not counted against the pad. */
  g_assert_true (sok_staff_remove (store, "Mrs Shah", &error));
  g_assert_false (sok_staff_check_pin (store, shah, PIN, 6, NULL, &member, NULL, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sok_staff_check_pin (store, 9999, PIN, 6, NULL, &member, NULL, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sok_staff_get_lock (store, NULL, &lock, &error));
  g_assert_cmpuint (lock.failed, ==, 0);
}

/* Ten wrong PINs for one member within a day lock that member, across restarts and
 * with the pad's delays long over, until IT unlocks them; both are logged. Nobody
 * else is locked. */
static void
test_staff_member_locked_until_it_unlocks (void)
{
  g_autofree char *dir = new_dir ();
  g_autoptr (GDateTime) start = g_date_time_new_utc (2026, 9, 7, 8, 30, 0);
  g_autoptr (GDateTime) after_pad_lock = g_date_time_add_seconds (start, 31);
  g_autoptr (GDateTime) next_week = g_date_time_add_days (start, 7);
  g_autoptr (SokStaffMember) member = NULL;
  g_autoptr (GError) error = NULL;
  SokStore *store = open_store (dir);
  gint64 patel = add_member (store, "Mr Patel", "teacher", PIN);
  gint64 okafor = add_member (store, "Ms Okafor", "it", OTHER_PIN);
  gboolean was_locked = FALSE;
  guint failures = 0;

  /* Five lock the pad for 30 s; five more after it lock Mr Patel. */
  wrong_pins (store, patel, start, SOK_STAFF_MAX_FAILED);
  wrong_pins (store, patel, after_pad_lock, SOK_STAFF_MAX_FAILED - 1);
  g_assert_true (sok_staff_count_failures (store, patel, after_pad_lock, &failures, &error));
  g_assert_cmpuint (failures, ==, SOK_STAFF_MAX_FAILED_PER_DAY - 1);
  g_assert_false (member_is_locked (store, patel));
  g_assert_false (sok_staff_check_pin (store, patel, WRONG_PIN, 6, after_pad_lock, NULL, NULL,
                                       &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_MEMBER_LOCKED);
  g_clear_error (&error);
  g_assert_true (member_is_locked (store, patel));
  g_assert_true (log_has (store, "staff-locked", patel));

  /* A week and a restart later, the right PIN is still refused, without a check. */
  g_assert_finalize_object (store);
  store = open_store (dir);
  g_assert_false (sok_staff_check_pin (store, patel, PIN, 6, next_week, &member, NULL, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_MEMBER_LOCKED);
  g_assert_nonnull (strstr (error->message, "sokctl staff unlock"));
  g_clear_error (&error);
  g_assert_null (member);

  /* Ms Okafor is not locked. */
  g_assert_false (member_is_locked (store, okafor));
  g_assert_true (sok_staff_check_pin (store, okafor, OTHER_PIN, 6, next_week, &member, NULL,
                                      &error));
  g_assert_no_error (error);
  g_clear_pointer (&member, sok_staff_member_free);

  /* IT unlocks him (by name, in any case); the unlock is logged and he signs in. */
  g_assert_false (sok_staff_unlock (store, "Mr Nobody", NULL, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sok_staff_unlock (store, "mr patel", &was_locked, &error));
  g_assert_no_error (error);
  g_assert_true (was_locked);
  g_assert_true (log_has (store, "staff-unlocked", patel));
  g_assert_false (member_is_locked (store, patel));
  g_assert_true (sok_staff_count_failures (store, patel, next_week, &failures, &error));
  g_assert_cmpuint (failures, ==, 0);
  g_assert_true (sok_staff_check_pin (store, patel, PIN, 6, next_week, &member, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (member->id, ==, patel);

  g_assert_true (sok_staff_unlock (store, "Mr Patel", &was_locked, &error));
  g_assert_false (was_locked);

  g_assert_finalize_object (store);
}

/* Someone who knows their own PIN cannot reset the pad between guesses at a
 * colleague's and guess on for ever: the colleague's own count locks them. */
static void
test_staff_own_pin_does_not_reset_colleagues_count (void)
{
  g_autofree char *dir = new_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 9, 7, 8, 30, 0);
  g_autoptr (GError) error = NULL;
  gint64 patel = add_member (store, "Mr Patel", "teacher", PIN);
  gint64 shah = add_member (store, "Mrs Shah", "dsl", OTHER_PIN);
  guint tried = 0;

  while (!member_is_locked (store, shah))
    {
      g_assert_cmpuint (tried, <, SOK_STAFF_MAX_FAILED_PER_DAY);
      wrong_pins (store, shah, now, 1);
      tried++;
      if (tried % (SOK_STAFF_MAX_FAILED - 1) == 0)
        {
          g_assert_true (sok_staff_check_pin (store, patel, PIN, 6, now, NULL, NULL, &error));
          g_assert_no_error (error);
        }
    }
  g_assert_cmpuint (tried, ==, SOK_STAFF_MAX_FAILED_PER_DAY);

  /* The right PIN no longer helps. */
  g_assert_false (sok_staff_check_pin (store, shah, OTHER_PIN, 6, now, NULL, NULL, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_MEMBER_LOCKED);
}

/* Wrong PINs for @staff_id, each followed by @other's right PIN, so that the pad
 * never locks and only the member's own count grows. */
static void
wrong_pins_between_right_ones (SokStore  *store,
                               gint64     staff_id,
                               gint64     other,
                               GDateTime *now,
                               guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;

      wrong_pins (store, staff_id, now, 1);
      g_assert_true (sok_staff_check_pin (store, other, OTHER_PIN, 6, now, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

/* Wrong PINs are counted over 24 hours: nine today and nine tomorrow lock nobody, and
 * a right PIN starts the member's count again. */
static void
test_staff_failures_count_for_a_day (void)
{
  g_autofree char *dir = new_dir ();
  g_autoptr (SokStore) store = open_store (dir);
  g_autoptr (GDateTime) monday = g_date_time_new_utc (2026, 9, 7, 8, 0, 0);
  g_autoptr (GDateTime) monday_evening = g_date_time_add_hours (monday, 23);
  g_autoptr (GDateTime) tuesday = g_date_time_add_minutes (monday, 24 * 60 + 1);
  g_autoptr (GError) error = NULL;
  gint64 patel = add_member (store, "Mr Patel", "teacher", PIN);
  gint64 okafor = add_member (store, "Ms Okafor", "it", OTHER_PIN);
  guint failures = 0;

  wrong_pins_between_right_ones (store, patel, okafor, monday, SOK_STAFF_MAX_FAILED_PER_DAY - 1);
  g_assert_true (sok_staff_count_failures (store, patel, monday_evening, &failures, &error));
  g_assert_cmpuint (failures, ==, SOK_STAFF_MAX_FAILED_PER_DAY - 1);
  g_assert_true (sok_staff_count_failures (store, patel, tuesday, &failures, &error));
  g_assert_cmpuint (failures, ==, 0);

  wrong_pins_between_right_ones (store, patel, okafor, tuesday, SOK_STAFF_MAX_FAILED_PER_DAY - 1);
  g_assert_false (member_is_locked (store, patel));

  g_assert_true (sok_staff_check_pin (store, patel, PIN, 6, tuesday, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sok_staff_count_failures (store, patel, tuesday, &failures, &error));
  g_assert_cmpuint (failures, ==, 0);
  wrong_pins_between_right_ones (store, patel, okafor, tuesday, SOK_STAFF_MAX_FAILED_PER_DAY - 1);
  g_assert_false (member_is_locked (store, patel));

  /* The tenth within the day locks him. */
  wrong_pins (store, patel, tuesday, 1);
  g_assert_true (member_is_locked (store, patel));
}

/* A kiosk upgraded from the first schema keeps its staff, their PINs and the pad's
 * lock; nobody starts out locked. */
static void
test_staff_survive_the_upgrade (void)
{
  g_autofree char *dir = new_dir ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (SokStaffMember) member = NULL;
  g_autoptr (GError) error = NULL;
  SokStore *store = open_store (dir);
  gint64 patel = add_member (store, "Mr Patel", "teacher", PIN);
  SokStaffLock lock = { 0 };

  wrong_pins (store, patel, now, 2);

  /* Back to schema 1, as a kiosk installed before staff chose their names. */
  g_assert_true (sok_store_exec (store, "DROP TABLE pin_failures;"
                                 "ALTER TABLE staff DROP COLUMN locked_at;"
                                 "ALTER TABLE classes DROP COLUMN picture;"
                                 "DROP TABLE outbox;"
                                 "CREATE TABLE outbox (report_id TEXT PRIMARY KEY,"
                                 "  kiosk_id TEXT NOT NULL, urgent INTEGER NOT NULL DEFAULT 0,"
                                 "  sealed BLOB NOT NULL, created_at INTEGER NOT NULL,"
                                 "  attempts INTEGER NOT NULL DEFAULT 0,"
                                 "  next_attempt_at INTEGER NOT NULL DEFAULT 0, last_error TEXT);"
                                 "PRAGMA user_version = 1;", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  store = open_store (dir);
  g_assert_cmpint (sok_store_get_schema_version (store), ==, (int)sok_schema_get_n_migrations ());
  g_assert_false (member_is_locked (store, patel));
  g_assert_true (sok_staff_get_lock (store, now, &lock, &error));
  g_assert_cmpuint (lock.failed, ==, 2);
  g_assert_true (sok_staff_check_pin (store, patel, PIN, 6, now, &member, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (member->name, ==, "Mr Patel");
  g_assert_finalize_object (store);
}

/* The PIN pad and the DSL console each start with an asynchronous check, before
 * anything else in their process has touched libsodium: the check must start it, not
 * abort in sodium_malloc(). Run in a fresh process, where nothing has started it. */
static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_staff_async_check_first_in_process (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GAsyncResult) result = NULL;
      g_autoptr (GAsyncResult) unlock_result = NULL;
      g_autoptr (SokStaffMember) member = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) unlock_error = NULL;
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *no_key = g_build_filename (g_getenv ("SOK_TEST_STAFF_DIR"), "no.key", NULL);
      gpointer key;

      sok_staff_check_pin_async (g_getenv ("SOK_TEST_STAFF_DIR"),
                                 g_ascii_strtoll (g_getenv ("SOK_TEST_STAFF_ID"), NULL, 10),
                                 PIN, 6, now, NULL,
                                 async_done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      member = sok_staff_check_pin_finish (result, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (member);
      g_assert_cmpstr (member->name, ==, "Mr Patel");

      sok_dsl_unlock_async (no_key, "a passphrase", 12, NULL, async_done_cb, &unlock_result);
      while (unlock_result == NULL)
        g_main_context_iteration (NULL, TRUE);
      key = sok_dsl_unlock_finish (unlock_result, &unlock_error);
      g_assert_null (key);
      g_assert_nonnull (unlock_error);
      return;
    }
  else
    {
      g_autofree char *dir = new_dir ();
      g_autoptr (SokStore) store = open_store (dir);
      g_autoptr (GError) error = NULL;

      g_autofree char *id = NULL;

      id = g_strdup_printf ("%" G_GINT64_FORMAT, add_member (store, "Mr Patel", "teacher", PIN));
      g_clear_object (&store);

      g_setenv ("SOK_TEST_STAFF_DIR", dir, TRUE);
      g_setenv ("SOK_TEST_STAFF_ID", id, TRUE);
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Not in the fresh process of the async test: it checks the core starts libsodium. */
  if (!g_test_subprocess ())
    g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/staff/role/only-teacher-dsl-and-it", test_staff_roles);
  g_test_add_func ("/staff/lock/delay-grows-with-each-lock-out", test_staff_lock_delay_grows);
  g_test_add_func ("/staff/lock/survives-a-restart-and-grows", test_staff_lock_survives_restart);
  g_test_add_func ("/staff/log/never-holds-a-pin", test_staff_log_never_holds_a_pin);
  g_test_add_func ("/staff/pin/checked-against-the-chosen-member-only",
                   test_staff_pin_checked_for_chosen_member_only);
  g_test_add_func ("/staff/member/ten-wrong-pins-lock-them-until-it-unlocks",
                   test_staff_member_locked_until_it_unlocks);
  g_test_add_func ("/staff/member/own-right-pin-does-not-reset-a-colleagues-count",
                   test_staff_own_pin_does_not_reset_colleagues_count);
  g_test_add_func ("/staff/pin/staff-and-their-pins-survive-the-upgrade",
                   test_staff_survive_the_upgrade);
  g_test_add_func ("/staff/member/wrong-pins-count-for-24-hours",
                   test_staff_failures_count_for_a_day);
  g_test_add_func ("/staff/pin/async-check-first-thing-in-a-process",
                   test_staff_async_check_first_in_process);

  return g_test_run ();
}
