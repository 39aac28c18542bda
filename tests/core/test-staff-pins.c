/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-staff"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>

#include "sok-case.h"
#include "sok-staff.h"
#include "sok-store.h"

/* Staff PINs in the core: roles, the lock and its growing delay across a restart, and
 * a log that never holds a PIN. Times are given to the checks, so nothing waits. */

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

static void
wrong_pins (SokStore  *store,
            GDateTime *now,
            guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (sok_staff_check_pin (store, WRONG_PIN, 6, now, NULL, NULL, &error));
      g_assert_nonnull (error);
    }
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

  g_assert_true (sok_staff_add (store, "Mr Patel", "teacher", PIN, 6, NULL, &error));
  g_assert_no_error (error);

  /* Four wrong PINs warn; the fifth locks for 30 seconds. */
  wrong_pins (store, start, SOK_STAFF_MAX_FAILED - 1);
  g_assert_true (sok_staff_get_lock (store, start, &lock, &error));
  g_assert_cmpuint (lock.failed, ==, SOK_STAFF_MAX_FAILED - 1);
  g_assert_cmpint (lock.locked_until, <=, g_date_time_to_unix (start));

  g_assert_false (sok_staff_check_pin (store, WRONG_PIN, 6, start, NULL, &locked_until, &error));
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
  g_assert_false (sok_staff_check_pin (store, PIN, 6, later, NULL, NULL, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED);
  g_clear_error (&error);

  /* Five more wrong ones after the lock lock it for longer: 2 minutes. */
  after = g_date_time_add_seconds (start, 31);
  wrong_pins (store, after, SOK_STAFF_MAX_FAILED - 1);
  g_assert_false (sok_staff_check_pin (store, WRONG_PIN, 6, after, NULL, &locked_until, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (locked_until, ==, g_date_time_to_unix (after) + 2 * 60);

  /* After it, the right PIN gets in and the lock is forgotten. */
  after_second = g_date_time_add_seconds (after, 2 * 60 + 1);
  g_assert_true (sok_staff_check_pin (store, PIN, 6, after_second, &member, NULL, &error));
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

  g_assert_true (sok_staff_add (store, "Ms Okafor", "it", OTHER_PIN, 6, NULL, &error));
  wrong_pins (store, NULL, 1);
  g_assert_true (sok_staff_check_pin (store, OTHER_PIN, 6, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  entries = sok_staff_list_log (store, 100, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      SokStaffLogEntry *entry = g_ptr_array_index (entries, i);

      entered |= g_str_equal (entry->action, "staff-mode-entered") &&
                 g_strcmp0 (entry->staff_name, "Ms Okafor") == 0;
      wrong |= g_str_equal (entry->action, "pin-wrong") && entry->staff_id == 0;
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

      sok_staff_check_pin_async (g_getenv ("SOK_TEST_STAFF_DIR"), PIN, 6, now, NULL,
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

      g_assert_true (sok_staff_add (store, "Mr Patel", "teacher", PIN, 6, NULL, &error));
      g_assert_no_error (error);
      g_clear_object (&store);

      g_setenv ("SOK_TEST_STAFF_DIR", dir, TRUE);
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
  g_test_add_func ("/staff/pin/async-check-first-thing-in-a-process",
                   test_staff_async_check_first_in_process);

  return g_test_run ();
}
