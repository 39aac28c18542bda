/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-staff"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-campaign-page.h"
#include "sok-config.h"
#include "sok-half-day.h"
#include "sok-outbox.h"
#include "sok-page.h"
#include "sok-promise-flow.h"
#include "sok-promise-grid-page.h"
#include "sok-roster.h"
#include "sok-roster-page.h"
#include "sok-seal.h"
#include "sok-staff-mode.h"
#include "sok-staff-mode-private.h"
#include "sok-store.h"
#include "sok-tile.h"
#include "sok-window.h"
#include "sok-window-private.h"
#include "sok-ui-test.h"

/* Staff mode as staff use it: their name, the PIN pad, the locks, the September campaign, parent
 * slips, certificates, the roster from a USB stick, kiosk health and the time-out.
 * Buttons are pressed by activating them, as a finger would; what is asserted is what
 * staff see and what the database holds.
 *
 * With SOK_SHOTS_DIR set, each staff screen is also saved there as a PNG. */

#define SCHOOL_NAME "Demo Primary School"
#define PARENT_URL "https://demo-primary.example/parents/online-safety"
#define TEACHER_PIN "402917"
#define IT_PIN "583016"
#define WRONG_PIN "111213"

typedef struct
{
  char      *dir;
  SokConfig *config;
  SokStore  *store;
  SokWindow *window;
} Fixture;

static void
open_window (Fixture *fixture)
{
  sok_test_open_data_dir (fixture->dir, &fixture->config, &fixture->store);

  fixture->window = g_object_ref_sink (sok_window_new (NULL, fixture->config, fixture->store,
                                                       TRUE));
  sok_test_present_window (fixture->window);
}

static void
close_window (Fixture *fixture)
{
  sok_test_close_window (fixture->window, fixture->store, fixture->config);
  fixture->window = NULL;
  fixture->store = NULL;
  fixture->config = NULL;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr (SokConfig) initial = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *roster = g_build_filename (g_getenv ("SOK_SOURCE_ROOT"), "data", "demo",
                                              "roster.csv", NULL);
  SokRosterCounts counts = { 0 };

  fixture->dir = sok_test_make_data_dir ("sok-staff-XXXXXX");

  initial = sok_config_new (fixture->dir);
  g_assert_true (sok_config_set_value (initial, "school-name", SCHOOL_NAME, &error));
  g_assert_true (sok_config_set_value (initial, "parent-aup-url", PARENT_URL, &error));
  g_assert_true (sok_config_save (initial, &error));
  g_assert_no_error (error);

  store = sok_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (sok_roster_import_file (store, roster, &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sok_staff_add (store, "Mr Patel", "teacher", TEACHER_PIN, 6, NULL, &error));
  g_assert_true (sok_staff_add (store, "Ms Okafor", "it", IT_PIN, 6, NULL, &error));
  g_assert_no_error (error);

  open_window (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  close_window (fixture);
  sok_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* ---- Acting as staff ------------------------------------------------------------ */

static SokStaffMode *
staff_mode (Fixture *fixture)
{
  return sok_window_get_staff_mode (fixture->window);
}

static void
type_pin (Fixture    *fixture,
          const char *pin)
{
  GtkWidget *page = GTK_WIDGET (sok_window_get_page (fixture->window, "staff-pin"));

  for (const char *p = pin; *p != '\0'; p++)
    {
      char digit[2] = { *p, '\0' };
      sok_test_press (page, digit);
    }
  sok_test_press (page, "Enter");
}

/* The member of the fixture whose PIN @pin is. */
static const char *
member_for_pin (const char *pin)
{
  if (g_str_equal (pin, TEACHER_PIN))
    return "Mr Patel";
  if (g_str_equal (pin, IT_PIN))
    return "Ms Okafor";

  g_assert_not_reached ();
}

static gint64
staff_id (Fixture    *fixture,
          const char *name)
{
  g_autoptr (GPtrArray) members = sok_staff_list (fixture->store, NULL);

  for (guint i = 0; i < members->len; i++)
    if (g_str_equal (((SokStaffMember *)g_ptr_array_index (members, i))->name, name))
      return ((SokStaffMember *)g_ptr_array_index (members, i))->id;

  g_assert_not_reached ();
}

/* Opens staff sign-in and taps @name, as the hidden corner and a finger would. */
static GtkWidget *
choose_name (Fixture    *fixture,
             const char *name)
{
  GtkWidget *page;

  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  page = sok_test_wait_for_page (fixture->window, "staff-pin");
  sok_test_press (page, name);
  sok_test_wait_for_label (page, "Type your staff PIN");
  return page;
}

static gboolean
keypad_is_ready (gpointer data)
{
  return sok_test_find_button (data, "Enter") != NULL &&
         gtk_widget_is_sensitive (sok_test_find_button (data, "Enter"));
}

static gboolean
keypad_is_laid_out (gpointer data)
{
  GtkWidget *enter = sok_test_find_button (data, "Enter");

  return enter != NULL && gtk_widget_get_height (enter) > 0;
}

static gboolean
keypad_is_locked (gpointer data)
{
  return sok_test_find_label (data, "Too many wrong PINs") != NULL;
}

static gboolean
member_is_locked (gpointer data)
{
  return sok_test_find_label (data, "Your staff sign-in is locked") != NULL;
}

/* Signs in the member of the fixture whose PIN @pin is: their name, then the PIN. */
static void
sign_in (Fixture    *fixture,
         const char *pin)
{
  choose_name (fixture, member_for_pin (pin));
  type_pin (fixture, pin);
  sok_test_wait_for_page (fixture->window, "staff-home");
}

static gboolean
log_has (SokStore   *store,
         const char *action)
{
  g_autoptr (GPtrArray) entries = sok_staff_list_log (store, 1000, NULL);

  g_assert_nonnull (entries);
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (((SokStaffLogEntry *)g_ptr_array_index (entries, i))->action, action))
      return TRUE;

  return FALSE;
}

/* The log says who did what and when, never a PIN or a pupil's name. */
static void
assert_log_is_clean (SokStore *store)
{
  g_autoptr (GPtrArray) entries = sok_staff_list_log (store, 1000, NULL);
  const char *never[] = { TEACHER_PIN, IT_PIN, WRONG_PIN, "Ava", "Thompson", "Yusuf", NULL };

  for (guint i = 0; i < entries->len; i++)
    {
      SokStaffLogEntry *entry = g_ptr_array_index (entries, i);

      for (guint n = 0; never[n] != NULL; n++)
        {
          g_assert_null (strstr (entry->action, never[n]));
          if (entry->detail != NULL)
            g_assert_null (strstr (entry->detail, never[n]));
        }
    }
}

/* ---- Tests -------------------------------------------------------------------------- */

static void
test_corner_is_top_right (void)
{
  g_assert_true (sok_staff_mode_is_corner (1280, 800, 1270, 10));
  g_assert_true (sok_staff_mode_is_corner (1280, 800, 1280 - SOK_STAFF_MODE_CORNER_PX, 0));
  g_assert_false (sok_staff_mode_is_corner (1280, 800, 10, 10));
  g_assert_false (sok_staff_mode_is_corner (1280, 800, 1270, 400));
  g_assert_false (sok_staff_mode_is_corner (1280, 800, 640, 400));
}

static void
test_right_pin_enters_staff_mode (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  const SokStaffMember *member;
  GtkWidget *pin_page;
  GtkWidget *home;
  const char *names[] = { "Mr Patel", "Ms Okafor", NULL };

  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  pin_page = sok_test_wait_for_page (fixture->window, "staff-pin");

  /* First the staff's names, big buttons each named by the name; no keys yet. */
  g_assert_cmpstr (sok_page_get_title (SOK_PAGE (pin_page)), ==, "Staff sign-in");
  sok_test_wait_for_label (pin_page, "Tap your name");
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *button = sok_test_find_button (pin_page, names[i]);

      g_assert_nonnull (button);
      gtk_test_accessible_assert_role (button, GTK_ACCESSIBLE_ROLE_BUTTON);
      g_assert_cmpint (gtk_widget_get_height (button), >=, 64);
      g_assert_cmpint (gtk_widget_get_width (button), >=, 200);
    }
  g_assert_null (sok_test_find_button (pin_page, "Enter"));
  g_assert_null (sok_test_find_button (pin_page, "5"));
  g_assert_false (sok_page_get_show_back (SOK_PAGE (pin_page)));
  sok_test_save_shot (fixture->window, "00-staff-names");

  /* Back from the pad leads to the names again, forgetting what was typed. */
  sok_test_press (pin_page, "Ms Okafor");
  sok_test_wait_for_label (pin_page, "Type your staff PIN");
  g_assert_nonnull (sok_test_find_label (pin_page, "Ms Okafor"));
  sok_test_press (pin_page, "4");
  sok_test_press (pin_page, "Back");
  sok_test_wait_for_label (pin_page, "Tap your name");
  sok_test_press (pin_page, "Mr Patel");
  sok_test_wait_for_label (pin_page, "Type your staff PIN");
  g_assert_cmpstr (sok_page_get_title (SOK_PAGE (pin_page)), ==, "Staff PIN");
  g_assert_true (sok_page_get_show_back (SOK_PAGE (pin_page)));
  g_assert_nonnull (sok_test_find_label (pin_page, "Mr Patel"));
  g_assert_null (sok_test_find_button (pin_page, "Ms Okafor"));
  sok_test_wait_until (keypad_is_laid_out, pin_page, 5000);

  /* Big digit buttons, each named by its digit for a screen reader. */
  for (char c = '0'; c <= '9'; c++)
    {
      char digit[2] = { c, '\0' };
      GtkWidget *key = sok_test_find_button (pin_page, digit);

      g_assert_nonnull (key);
      gtk_test_accessible_assert_role (key, GTK_ACCESSIBLE_ROLE_BUTTON);
      g_assert_cmpint (gtk_widget_get_height (key), >=, 64);
      g_assert_cmpint (gtk_widget_get_width (key), >=, 96);
    }
  g_assert_nonnull (sok_test_find_button (pin_page, "Delete"));
  sok_test_save_shot (fixture->window, "01-pin-pad");

  /* A typo taken back with Delete still gets in. */
  sok_test_press (pin_page, "9");
  sok_test_press (pin_page, "Delete");
  type_pin (fixture, TEACHER_PIN);
  home = sok_test_wait_for_page (fixture->window, "staff-home");

  member = sok_staff_mode_get_member (staff_mode (fixture));
  g_assert_nonnull (member);
  g_assert_cmpstr (member->name, ==, "Mr Patel");
  g_assert_cmpstr (member->role, ==, "teacher");
  g_assert_nonnull (sok_test_find_label (home, "Signed in: Mr Patel, Teacher"));
  g_assert_true (log_has (fixture->store, "staff-mode-entered"));

  /* A teacher runs the campaign and imports the roster; health and leaving kiosk mode
   * are for IT and the DSL. */
  g_assert_nonnull (sok_test_find_button (home, "Promises and certificates"));
  g_assert_nonnull (sok_test_find_button (home, "Import the roster"));
  g_assert_null (sok_test_find_button (home, "Kiosk health"));
  g_assert_null (sok_test_find_button (home, "Leave kiosk mode"));
  sok_test_save_shot (fixture->window, "02-staff-home-teacher");

  sok_test_press (home, "Sign out");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
  g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
  g_assert_true (log_has (fixture->store, "staff-mode-left"));
  assert_log_is_clean (fixture->store);
}

static void
test_wrong_pins_lock_across_restart (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *pin_page;
  SokStaffLock lock = { 0 };

  pin_page = choose_name (fixture, "Mr Patel");

  for (guint i = 1; i < SOK_STAFF_MAX_FAILED; i++)
    {
      type_pin (fixture, WRONG_PIN);
      sok_test_wait_for_label (pin_page, "That PIN is not right");
      sok_test_wait_until (keypad_is_ready, pin_page, 10000);
      g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
    }
  g_assert_nonnull (sok_test_find_label (pin_page, "That PIN is not right. 1 more wrong PIN locks"));

  type_pin (fixture, WRONG_PIN);
  sok_test_wait_until (keypad_is_locked, pin_page, 10000);
  g_assert_false (gtk_widget_is_sensitive (sok_test_find_button (pin_page, "Enter")));
  g_assert_false (gtk_widget_is_sensitive (sok_test_find_button (pin_page, "4")));
  g_assert_true (log_has (fixture->store, "pad-locked"));
  sok_test_save_shot (fixture->window, "03-pin-pad-locked");

  /* Restart: a new window on the same data directory is still locked. */
  close_window (fixture);
  open_window (fixture);

  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  pin_page = sok_test_wait_for_page (fixture->window, "staff-pin");
  g_assert_nonnull (sok_test_find_label (pin_page, "Too many wrong PINs"));
  g_assert_false (gtk_widget_is_sensitive (sok_test_find_button (pin_page, "Mr Patel")));
  g_assert_false (gtk_widget_is_sensitive (sok_test_find_button (pin_page, "Ms Okafor")));

  /* Even the right PIN is refused while locked. */
  g_assert_false (sok_staff_check_pin (fixture->store, staff_id (fixture, "Mr Patel"),
                                       TEACHER_PIN, 6, NULL, NULL, NULL, &error));
  g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED);
  g_assert_true (sok_staff_get_lock (fixture->store, NULL, &lock, NULL));
  g_assert_cmpint (lock.locked_until, >, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
  assert_log_is_clean (fixture->store);
}

static void
test_pin_pad_without_staff_says_how_to_add (Fixture       *fixture,
                                            gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *pin_page;

  g_assert_true (sok_staff_remove (fixture->store, "Mr Patel", &error));
  g_assert_true (sok_staff_remove (fixture->store, "Ms Okafor", &error));
  g_assert_no_error (error);

  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  pin_page = sok_test_wait_for_page (fixture->window, "staff-pin");
  g_assert_nonnull (sok_test_find_label (pin_page, "No member of staff has a PIN yet"));
  g_assert_false (gtk_widget_is_sensitive (sok_test_find_button (pin_page, "Enter")));
}

/* The PIN is compared with the chosen member's only: Ms Okafor's PIN typed after
 * tapping Mr Patel is a wrong PIN, and nobody is signed in. */
static void
test_pin_of_another_member_is_wrong (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  GtkWidget *pin_page = choose_name (fixture, "Mr Patel");

  type_pin (fixture, IT_PIN);
  sok_test_wait_for_label (pin_page, "That PIN is not right");
  g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));

  type_pin (fixture, TEACHER_PIN);
  sok_test_wait_for_page (fixture->window, "staff-home");
  g_assert_cmpstr (sok_staff_mode_get_member (staff_mode (fixture))->name, ==, "Mr Patel");
}

/* With only one member of staff there is no name to choose: the pad opens at once,
 * saying whose PIN it asks for, without Back. */
static void
test_one_member_skips_the_names (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  GtkWidget *pin_page;

  g_assert_true (sok_staff_remove (fixture->store, "Ms Okafor", &error));
  g_assert_no_error (error);

  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  pin_page = sok_test_wait_for_page (fixture->window, "staff-pin");
  sok_test_wait_for_label (pin_page, "Type your staff PIN");
  g_assert_cmpstr (sok_page_get_title (SOK_PAGE (pin_page)), ==, "Staff PIN");
  g_assert_nonnull (sok_test_find_label (pin_page, "Mr Patel"));
  g_assert_null (sok_test_find_button (pin_page, "Mr Patel"));
  g_assert_false (sok_page_get_show_back (SOK_PAGE (pin_page)));

  type_pin (fixture, TEACHER_PIN);
  sok_test_wait_for_page (fixture->window, "staff-home");
}

/* Ten wrong PINs for a member within a day lock that member: the pad warns before
 * the last one, then says calmly to ask IT, with the keys off; a colleague can still
 * sign in; after `sokctl staff unlock` the member signs in again. The lock and the
 * unlock are in the staff log. */
static void
test_member_locked_is_told_to_ask_it (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  gint64 patel = staff_id (fixture, "Mr Patel");
  gint64 okafor = staff_id (fixture, "Ms Okafor");
  GtkWidget *pin_page;

  /* Eight wrong PINs for Mr Patel earlier today, with Ms Okafor signing in between so
   * that the pad itself never locked. */
  for (guint i = 1; i <= SOK_STAFF_MAX_FAILED_PER_DAY - 2; i++)
    {
      g_assert_false (sok_staff_check_pin (fixture->store, patel, WRONG_PIN, 6, NULL, NULL, NULL,
                                           &error));
      g_assert_error (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_WRONG_PIN);
      g_clear_error (&error);
      if (i % (SOK_STAFF_MAX_FAILED - 1) == 0)
        g_assert_true (sok_staff_check_pin (fixture->store, okafor, IT_PIN, 6, NULL, NULL, NULL,
                                            &error));
    }

  /* The ninth warns of the member's lock, nearer than the pad's. */
  pin_page = choose_name (fixture, "Mr Patel");
  type_pin (fixture, WRONG_PIN);
  sok_test_wait_for_label (pin_page, "That PIN is not right. After 1 more wrong PIN your "
                           "sign-in is locked until IT unlocks it.");
  sok_test_wait_until (keypad_is_ready, pin_page, 10000);

  /* The tenth locks him. */
  type_pin (fixture, WRONG_PIN);
  sok_test_wait_until (member_is_locked, pin_page, 10000);
  g_assert_nonnull (sok_test_find_label (pin_page, "Your staff sign-in is locked after too many "
                                         "wrong PINs. Please ask IT to unlock it."));
  g_assert_false (gtk_widget_is_sensitive (sok_test_find_button (pin_page, "Enter")));
  g_assert_false (gtk_widget_is_sensitive (sok_test_find_button (pin_page, "4")));
  g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
  g_assert_false (gtk_widget_has_css_class (sok_test_find_label (pin_page, "Your staff sign-in"),
                                            "staff-problem"));
  sok_test_save_shot (fixture->window, "03b-member-locked");

  /* Shown again, the lock is still there, before anything is typed. */
  sok_test_press (pin_page, "Hide");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  pin_page = sok_test_wait_for_page (fixture->window, "staff-pin");
  sok_test_press (pin_page, "Mr Patel");
  sok_test_wait_until (member_is_locked, pin_page, 10000);
  g_assert_false (gtk_widget_is_sensitive (sok_test_find_button (pin_page, "Enter")));

  /* Ms Okafor is not locked. */
  sok_test_press (pin_page, "Back");
  sok_test_press (pin_page, "Ms Okafor");
  sok_test_wait_for_label (pin_page, "Type your staff PIN");
  g_assert_true (gtk_widget_is_sensitive (sok_test_find_button (pin_page, "Enter")));
  sok_test_press (pin_page, "Back");

  /* IT unlocks him. */
  g_assert_true (sok_staff_unlock (fixture->store, "Mr Patel", NULL, &error));
  g_assert_no_error (error);
  sok_test_press (pin_page, "Mr Patel");
  sok_test_wait_for_label (pin_page, "Type your staff PIN");
  type_pin (fixture, TEACHER_PIN);
  sok_test_wait_for_page (fixture->window, "staff-home");
  g_assert_true (log_has (fixture->store, "staff-locked"));
  g_assert_true (log_has (fixture->store, "staff-unlocked"));
  assert_log_is_clean (fixture->store);
}

static gint64
class_id (Fixture    *fixture,
          const char *name)
{
  g_autoptr (GPtrArray) classes = sok_roster_list_classes (fixture->store, NULL);

  for (guint i = 0; i < classes->len; i++)
    if (g_str_equal (((SokClass *)g_ptr_array_index (classes, i))->name, name))
      return ((SokClass *)g_ptr_array_index (classes, i))->id;

  g_assert_not_reached ();
}

static gint64
pupil_id (Fixture    *fixture,
          const char *class_name,
          const char *forename)
{
  g_autoptr (GPtrArray) pupils = sok_roster_list_pupils (fixture->store,
                                                         class_id (fixture, class_name), NULL);

  for (guint i = 0; i < pupils->len; i++)
    if (g_str_equal (((SokPupil *)g_ptr_array_index (pupils, i))->forename, forename))
      return ((SokPupil *)g_ptr_array_index (pupils, i))->id;

  g_assert_not_reached ();
}

/* A promise made on the kiosk by the pupil alone: the words of their band as the
 * kiosk shows them, tapped. */
static void
record_promise (Fixture    *fixture,
                const char *class_name,
                const char *forename)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) languages = sok_config_dup_languages (fixture->config);
  gint64 id = pupil_id (fixture, class_name, forename);
  g_autoptr (SokPupil) pupil = sok_roster_get_pupil (fixture->store, id, &error);
  g_autoptr (SokAup) aup = sok_aup_load (fixture->dir, pupil->band, languages[0], &error);
  gint64 version = 0;

  g_assert_no_error (error);
  g_assert_true (sok_aup_ensure_version (fixture->store, aup, &version, &error));
  g_assert_true (sok_agreement_record (fixture->store, id, version, SOK_AGREEMENT_METHOD_TAP,
                                       FALSE, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static SokPromiseFlow *
promise_flow (Fixture *fixture)
{
  return sok_window_get_promise_flow (fixture->window);
}

/* Reads every rule with Next, as the pupil does, each one on screen in turn. */
static void
read_rules (GtkWidget *page,
            SokAup    *aup)
{
  for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
    {
      sok_test_wait_for_label (page, sok_aup_get_rule_text (aup, i));
      sok_test_press (page, "Next");
    }
}

static GtkWidget *
open_campaign (Fixture    *fixture,
               const char *class_button)
{
  GtkWidget *page;

  sok_test_press (GTK_WIDGET (sok_window_get_page (fixture->window, "staff-home")),
         "Promises and certificates");
  page = sok_test_wait_for_page (fixture->window, "staff-campaign");
  if (class_button != NULL)
    {
      sok_test_press (page, class_button);
      sok_test_spin (100);
    }
  return page;
}

/* The teacher signs in, opens @class_button's class and taps "Promise now" for
 * @pupil (as the row names him); returns the first rule the pupil sees. */
static GtkWidget *
start_promise_with_adult (Fixture    *fixture,
                          const char *class_button,
                          const char *pupil)
{
  g_autofree char *button = g_strconcat ("Promise now, with an adult, ", pupil, NULL);
  GtkWidget *page;

  sign_in (fixture, TEACHER_PIN);
  page = open_campaign (fixture, class_button);
  sok_test_press (page, button);

  return sok_test_wait_for_page (fixture->window, "promise-rules");
}

static void
test_campaign_counts_promises (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr (GPtrArray) agreements = NULL;
  g_autoptr (SokAup) aup = NULL;
  GtkWidget *page;
  GtkWidget *rules;
  GtkWidget *agree;
  GtkWidget *helped;
  GtkWidget *thanks;

  record_promise (fixture, "Robins", "Ava");
  record_promise (fixture, "Robins", "Siân");
  record_promise (fixture, "Owls", "Amelia");

  sign_in (fixture, TEACHER_PIN);
  page = open_campaign (fixture, "Robins: 2 of 10 promised");

  /* Every class with its count; the class's own lists. */
  g_assert_nonnull (sok_test_find_button (page, "Badgers: 0 of 11 promised"));
  g_assert_nonnull (sok_test_find_button (page, "Owls: 1 of 11 promised"));
  sok_test_wait_for_label (page, "Robins: 2 of 10 pupils have made their promise");
  g_assert_nonnull (sok_test_find_label (page, "Not yet promised (8 pupils)"));
  g_assert_nonnull (sok_test_find_label (page, "Promised (2 pupils)"));
  g_assert_nonnull (sok_test_find_button (page, "Promise now, with an adult, Yusuf Ahmed"));
  g_assert_null (sok_test_find_button (page, "Promise now, with an adult, Ava Thompson"));
  g_assert_nonnull (sok_test_find_button (page, "Parent’s slip returned, Ava Thompson"));
  sok_test_save_shot (fixture->window, "04-campaign-class");

  /* Yusuf promises now, beside his teacher: his own promise, on the pages a child
   * uses, without the class and pupil grids. */
  sok_test_press (page, "Promise now, with an adult, Yusuf Ahmed");
  rules = sok_test_wait_for_page (fixture->window, "promise-rules");
  g_assert_cmpuint (sok_promise_grid_page_get_n_choices (SOK_PROMISE_GRID_PAGE (
                      sok_window_get_page (fixture->window, "promise-classes"))), ==, 0);
  g_assert_cmpuint (sok_promise_grid_page_get_n_choices (SOK_PROMISE_GRID_PAGE (
                      sok_window_get_page (fixture->window, "promise-pupils"))), ==, 0);
  aup = sok_aup_load (fixture->dir, SOK_AGE_BAND_EARLY, NULL, NULL);
  g_assert_nonnull (aup);
  g_assert_cmpstr (sok_page_get_title (SOK_PAGE (rules)), ==, sok_aup_get_title (aup));
  sok_test_save_shot (fixture->window, "05-promise-with-adult-rules");
  read_rules (rules, aup);

  agree = sok_test_wait_for_page (fixture->window, "promise-agree");
  helped = sok_test_find_button (agree, "A grown-up helped me");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (helped)));
  g_assert_false (gtk_widget_get_can_target (helped));
  g_assert_false (gtk_widget_get_focusable (helped));
  sok_test_save_shot (fixture->window, "05b-promise-with-adult-agree");
  sok_test_press (agree, "I agree");

  thanks = sok_test_wait_for_page (fixture->window, "promise-thanks");
  g_assert_cmpstr (sok_page_get_title (SOK_PAGE (thanks)), ==, "Thank you, Yusuf!");
  sok_test_save_shot (fixture->window, "05c-promise-with-adult-thank-you");

  agreements = sok_agreement_list (fixture->store, "Robins", 0, NULL);
  g_assert_cmpuint (agreements->len, ==, 3);
  for (guint i = 0; i < agreements->len; i++)
    {
      SokAgreement *a = g_ptr_array_index (agreements, i);

      if (g_str_equal (a->forename, "Yusuf"))
        {
          g_assert_true (a->with_adult);
          g_assert_cmpstr (a->method, ==, "tap");
          g_assert_cmpstr (a->aup_sha256, ==, sok_aup_get_sha256 (aup));
        }
      else
        g_assert_false (a->with_adult);
    }
  g_assert_true (log_has (fixture->store, "promise-started-with-adult"));
  g_assert_true (log_has (fixture->store, "promise-recorded-with-adult"));

  /* After Thank you the teacher is back on the class, still signed in, the count
   * one higher and Yusuf no longer waiting. */
  page = sok_test_wait_for_page (fixture->window, "staff-campaign");
  g_assert_true (sok_staff_mode_is_signed_in (staff_mode (fixture)));
  sok_test_wait_for_label (page, "Robins: 3 of 10 pupils have made their promise");
  g_assert_nonnull (sok_test_find_button (page, "Robins: 3 of 10 promised"));
  g_assert_nonnull (sok_test_find_label (page, "Not yet promised (7 pupils)"));
  g_assert_null (sok_test_find_button (page, "Promise now, with an adult, Yusuf Ahmed"));
  g_assert_nonnull (sok_test_find_label (page, "Yusuf’s promise is saved"));
  sok_test_save_shot (fixture->window, "05d-campaign-after-promise");

  /* Nothing of Yusuf's promise waits on its pages for the next pupil. */
  g_assert_null (sok_page_get_title (SOK_PAGE (thanks)));
  g_assert_null (sok_page_get_title (SOK_PAGE (rules)));
  g_assert_null (sok_promise_flow_get_pupil (promise_flow (fixture)));
  g_assert_false (sok_promise_flow_get_with_adult (promise_flow (fixture)));

  /* Hide forgets every name on screen and ends staff mode. */
  sok_window_go_home (fixture->window);
  g_assert_null (sok_test_find_label (page, "Robins"));
  g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
  assert_log_is_clean (fixture->store);
}

/* Hide while a pupil makes the promise a teacher started: the kiosk goes home and
 * staff are signed out, so a child is never left on a staff page; nothing is
 * recorded. The next child's own promise is an ordinary one again. */
static void
test_campaign_promise_hidden_signs_out (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  g_autoptr (GPtrArray) agreements = NULL;
  GtkWidget *page;
  GtkWidget *rules;

  rules = start_promise_with_adult (fixture, "Robins: 0 of 10 promised", "Yusuf Ahmed");
  page = GTK_WIDGET (sok_window_get_page (fixture->window, "staff-campaign"));
  g_assert_true (sok_promise_flow_get_with_adult (promise_flow (fixture)));

  sok_test_press (rules, "Hide");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
  g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
  g_assert_true (log_has (fixture->store, "staff-mode-left"));
  g_assert_null (sok_promise_flow_get_pupil (promise_flow (fixture)));
  g_assert_false (sok_promise_flow_get_with_adult (promise_flow (fixture)));

  agreements = sok_agreement_list (fixture->store, "Robins", 0, NULL);
  g_assert_cmpuint (agreements->len, ==, 0);

  /* The campaign page forgot the class; the next promise starts at the classes. */
  g_assert_null (sok_test_find_label (page, "Robins"));
  sok_test_press (GTK_WIDGET (sok_window_get_page (fixture->window, "home")),
                  "Make my promise");
  sok_test_wait_for_page (fixture->window, "promise-classes");
  g_assert_false (sok_promise_flow_get_with_adult (promise_flow (fixture)));
  assert_log_is_clean (fixture->store);
}

/* A pupil who goes Back from the first rule of a promise the teacher started hands
 * the kiosk back to the teacher's class, not to a grid of classmates' names. */
static void
test_campaign_promise_back_returns_to_class (Fixture       *fixture,
                                             gconstpointer  user_data)
{
  g_autoptr (GPtrArray) agreements = NULL;
  GtkWidget *page;
  GtkWidget *rules;

  rules = start_promise_with_adult (fixture, "Owls: 0 of 11 promised", "Amelia Wright");

  sok_test_press (rules, "Back");
  page = sok_test_wait_for_page (fixture->window, "staff-campaign");
  g_assert_true (sok_staff_mode_is_signed_in (staff_mode (fixture)));
  sok_test_wait_for_label (page, "Owls: 0 of 11 pupils have made their promise");
  g_assert_null (sok_test_find_label (page, "Amelia’s promise is saved"));
  g_assert_nonnull (sok_test_find_button (page, "Promise now, with an adult, Amelia Wright"));

  agreements = sok_agreement_list (fixture->store, "Owls", 0, NULL);
  g_assert_cmpuint (agreements->len, ==, 0);
}

/* A promise a teacher started that ran on longer than staff-idle-seconds — the
 * child kept tapping, but nobody knows the teacher is still there — ends at home
 * with staff signed out, not on the campaign. */
static void
test_campaign_promise_outlasting_staff_idle_goes_home (Fixture       *fixture,
                                                       gconstpointer  user_data)
{
  start_promise_with_adult (fixture, "Robins: 0 of 10 promised", "Yusuf Ahmed");

  /* The window's idle time-out was set when the teacher signed in and the child's
   * taps keep it from firing; only the teacher's allowance is made short here, and
   * then runs out while the pupil is still reading. */
  sok_staff_mode_set_idle_ms (staff_mode (fixture), 400);
  sok_test_spin (600);
  g_assert_true (sok_staff_mode_is_signed_in (staff_mode (fixture)));

  sok_promise_flow_finish (promise_flow (fixture));
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
  g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
}

static void
test_campaign_records_parent_slip (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr (GPtrArray) agreements = NULL;
  GtkWidget *page;

  record_promise (fixture, "Robins", "Ava");

  sign_in (fixture, TEACHER_PIN);
  page = open_campaign (fixture, "Robins: 1 of 10 promised");

  sok_test_press (page, "Parent’s slip returned, Ava Thompson");
  sok_test_wait_for_label (page, "Parent’s slip back");
  g_assert_null (sok_test_find_button (page, "Parent’s slip returned, Ava Thompson"));
  g_assert_nonnull (sok_test_find_label (page, "The parent’s slip is recorded"));
  sok_test_save_shot (fixture->window, "04b-campaign-parent-slip");

  agreements = sok_agreement_list (fixture->store, "Robins", 0, NULL);
  g_assert_cmpuint (agreements->len, ==, 1);
  g_assert_cmpint (((SokAgreement *)g_ptr_array_index (agreements, 0))->parent_endorsed_at, >,
                   0);
  g_assert_true (log_has (fixture->store, "parent-endorsement-recorded"));
  assert_log_is_clean (fixture->store);
}

/* Turns each page of @pdf into a PNG and decodes its QR code. */
static void
assert_pages_decode_to_parent_url (const char *pdf,
                                   guint       n_pages,
                                   const char *shot_name)
{
  g_autofree char *pdftoppm = sok_test_find_tool ("pdftoppm", "poppler-utils");
  g_autofree char *zbarimg = sok_test_find_tool ("zbarimg", "zbar-tools");
  g_autofree char *tmp = NULL;
  g_autofree char *prefix = NULL;

  if (pdftoppm == NULL || zbarimg == NULL)
    return;

  tmp = g_dir_make_tmp ("certificate-png-XXXXXX", NULL);
  prefix = g_build_filename (tmp, "page", NULL);
  {
    const char *argv[] = { pdftoppm, "-r", "100", "-png", pdf, prefix, NULL };
    g_auto (SokTestRun) run = { 0 };

    sok_test_run_argv (&run, argv);
    g_assert_cmpint (run.status, ==, 0);
  }

  for (guint page = 1; page <= n_pages + 1; page++)
    {
      g_autofree char *png = g_strdup_printf ("%s-%u.png", prefix, page);
      const char *argv[] = { zbarimg, "--raw", "-q", png, NULL };
      g_auto (SokTestRun) run = { 0 };

      if (page == n_pages + 1)
        {
          /* Exactly one page per pupil. */
          g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
          break;
        }
      g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
      sok_test_run_argv (&run, argv);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.out, ==, PARENT_URL "\n");

      if (page == 1 && shot_name != NULL && g_getenv ("SOK_SHOTS_DIR") != NULL)
        {
          g_autofree char *file = g_strconcat (shot_name, ".png", NULL);
          g_autofree char *copy = g_build_filename (g_getenv ("SOK_SHOTS_DIR"), file, NULL);
          g_autofree char *contents = NULL;
          gsize len = 0;

          g_assert_true (g_file_get_contents (png, &contents, &len, NULL));
          g_assert_true (g_file_set_contents (copy, contents, (gssize)len, NULL));
        }
      g_remove (png);
    }
  g_rmdir (tmp);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static void
test_certificates_for_a_class (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *saved = g_build_filename (fixture->dir, "robins.pdf", NULL);
  g_autofree char *printed = g_build_filename (fixture->dir, "printed.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (saved);
  GtkWidget *page;

  record_promise (fixture, "Robins", "Ava");
  record_promise (fixture, "Robins", "Siân");
  record_promise (fixture, "Robins", "Noah");

  sign_in (fixture, TEACHER_PIN);
  page = open_campaign (fixture, "Robins: 3 of 10 promised");

  /* Saved as a PDF, as the file chooser's Save does. */
  sok_campaign_page_save_certificates (SOK_CAMPAIGN_PAGE (page), "Robins", 0, file);
  sok_test_wait_for_label (page, "Saved 3 certificates to");
  g_assert_true (log_has (fixture->store, "certificates-saved"));
  assert_pages_decode_to_parent_url (saved, 3, "07-certificate-page");

  /* Printed: the very pages the printer gets, exported to a PDF. */
  sok_campaign_page_print_certificates (SOK_CAMPAIGN_PAGE (page), "Robins", 0, printed);
  sok_test_wait_until (file_exists, printed, 10000);
  sok_test_spin (200);
  assert_pages_decode_to_parent_url (printed, 3, "08-certificate-printed");
  g_assert_true (log_has (fixture->store, "certificates-printed"));
  assert_log_is_clean (fixture->store);
}

/* The file is read and stored in a worker thread. */
static gboolean
roster_imported (gpointer page)
{
  return !sok_roster_page_get_importing (page);
}

static GtkPrintUnixDialog *
find_print_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_PRINT_UNIX_DIALOG (window))
        return GTK_PRINT_UNIX_DIALOG (window);
    }

  return NULL;
}

static gboolean
printer_is_chosen (gpointer data)
{
  GtkPrinter *printer = gtk_print_unix_dialog_get_selected_printer (data);

  return printer != NULL && g_str_equal (gtk_printer_get_name (printer), "Print to File");
}

static gboolean
staff_dialogs_closed (gpointer data)
{
  return sok_staff_mode_get_n_dialogs (data) == 0 && find_print_dialog () == NULL;
}

/* The print dialog is answered Print, and the member signs out before the printer has
 * the pages: the certificates still print (the member asked for them), but nothing
 * about them appears on a staff page once someone else may be at the kiosk; and a
 * print dialog still open when staff mode ends is closed, printing nothing. */
static void
test_certificates_print_dialog_and_sign_out (Fixture       *fixture,
                                             gconstpointer  user_data)
{
  g_autofree char *printed = g_build_filename (fixture->dir, "printed.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (printed, NULL, NULL);
  g_autoptr (GtkPrintSettings) settings = gtk_print_settings_new ();
  GtkPrintUnixDialog *dialog;
  GtkWidget *page;

  record_promise (fixture, "Robins", "Ava");
  sign_in (fixture, TEACHER_PIN);
  page = open_campaign (fixture, "Robins: 1 of 10 promised");

  sok_campaign_page_print_certificates (SOK_CAMPAIGN_PAGE (page), "Robins", 0, NULL);
  dialog = find_print_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpuint (sok_staff_mode_get_n_dialogs (staff_mode (fixture)), ==, 1);

  /* Staff mode ends with the dialog open: it goes, and prints nothing. */
  sok_staff_mode_sign_out (staff_mode (fixture));
  sok_test_wait_until (staff_dialogs_closed, staff_mode (fixture), 5000);
  g_assert_false (log_has (fixture->store, "certificates-printed"));

  /* Printed to a file, then signed out at once. */
  sign_in (fixture, TEACHER_PIN);
  page = open_campaign (fixture, "Robins: 1 of 10 promised");
  sok_campaign_page_print_certificates (SOK_CAMPAIGN_PAGE (page), "Robins", 0, NULL);
  dialog = find_print_dialog ();
  g_assert_nonnull (dialog);
  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_unix_dialog_set_settings (dialog, settings);
  sok_test_wait_until (printer_is_chosen, dialog, 10000);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_true (log_has (fixture->store, "certificates-printed"));
  sok_staff_mode_sign_out (staff_mode (fixture));

  sok_test_wait_until (file_exists, printed, 10000);
  sok_test_spin (500);
  assert_pages_decode_to_parent_url (printed, 1, NULL);

  /* The next member of staff sees nothing of it. */
  sign_in (fixture, IT_PIN);
  page = open_campaign (fixture, NULL);
  sok_test_spin (200);
  g_assert_null (sok_test_find_label (page, "Sent 1 certificate"));
  g_assert_null (sok_test_find_label (page, "Sending"));
}

static void
test_roster_import_reports_bad_lines (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.csv", NULL);
  g_autofree char *good = g_build_filename (fixture->dir, "good.csv", NULL);
  g_autoptr (GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr (GFile) good_file = g_file_new_for_path (good);
  g_autoptr (GPtrArray) classes = NULL;
  GtkWidget *page;

  g_assert_true (g_file_set_contents (bad, "Forename,Surname,Year,Reg Group\n"
                                      "Ava,Thompson,Reception,Robins\n"
                                      "Yusuf,Ahmed,Year 9,Robins\n"
                                      "Leo,Nowak,Year 1,\n", -1, NULL));
  g_assert_true (g_file_set_contents (good, "Forename,Surname,Year,Reg Group\n"
                                      "Ava,Thompson,Reception,Robins\n"
                                      "Amir,Khan,Year 5,Owls\n", -1, NULL));

  sign_in (fixture, TEACHER_PIN);
  sok_test_press (GTK_WIDGET (sok_window_get_page (fixture->window, "staff-home")), "Import the roster");
  page = sok_test_wait_for_page (fixture->window, "staff-roster");
  g_assert_nonnull (sok_test_find_button (page, "Choose the roster file…"));

  sok_roster_page_import_file (SOK_ROSTER_PAGE (page), bad_file);
  g_assert_true (sok_roster_page_get_importing (SOK_ROSTER_PAGE (page)));
  g_assert_false (gtk_widget_get_sensitive (sok_test_find_button (page, "Choose the roster file…")));
  sok_test_wait_until (roster_imported, page, 10000);
  g_assert_true (gtk_widget_get_sensitive (sok_test_find_button (page, "Choose the roster file…")));
  g_assert_nonnull (sok_test_find_label (page, "bad.csv has 2 bad lines"));
  g_assert_nonnull (sok_test_find_label (page, "Line 3: "));
  g_assert_nonnull (sok_test_find_label (page, "Line 4: "));
  sok_test_save_shot (fixture->window, "06-roster-bad-lines");
  classes = sok_roster_list_classes (fixture->store, NULL);
  g_assert_cmpuint (classes->len, ==, 7);
  g_clear_pointer (&classes, g_ptr_array_unref);
  g_assert_true (log_has (fixture->store, "roster-import-refused"));

  sok_roster_page_import_file (SOK_ROSTER_PAGE (page), good_file);
  sok_test_wait_until (roster_imported, page, 10000);
  g_assert_nonnull (sok_test_find_label (page, "Imported good.csv: 2 classes and 2 pupils"));
  g_assert_nonnull (sok_test_find_label (page, "71 pupils are no longer listed"));
  g_assert_null (sok_test_find_label (page, "Line 3: "));
  sok_test_save_shot (fixture->window, "06b-roster-imported");
  classes = sok_roster_list_classes (fixture->store, NULL);
  g_assert_cmpuint (classes->len, ==, 2);
  g_assert_true (log_has (fixture->store, "roster-imported"));
  assert_log_is_clean (fixture->store);
}

static void
test_health_warns_of_a_waiting_report (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autoptr (GBytes) sealed = g_bytes_new_static ("sealed", 6);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *keys = g_build_filename (fixture->dir, "keys", NULL);
  g_autofree char *pub_path = g_build_filename (keys, "dsl.pub", NULL);
  g_autofree char *pub = NULL;
  g_autofree char *fingerprint = NULL;
  GtkWidget *home;
  GtkWidget *page;

  /* The DSL's key, as IT pastes it in. */
  g_assert_true (sok_seal_generate_keys (keys, "correct horse battery staple", 28, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pub_path, &pub, NULL, &error));
  g_strstrip (pub);
  g_assert_true (sok_config_set_value (fixture->config, "dsl-public-key", pub, &error));
  g_assert_no_error (error);
  fingerprint = sok_seal_dup_fingerprint (pub);
  g_assert_nonnull (fingerprint);

  /* A report that has waited since yesterday: late, for non-urgent reports go within
   * the hour. The outbox knows only the half-day. */
  g_assert_true (sok_outbox_put (fixture->store, "7b1f0c7e-2d55-4c1e-9a53-1f3f0a4b2c11",
                                 "kiosk-test", FALSE, sealed, &error));
  g_assert_no_error (error);
  stmt = sok_store_prepare (fixture->store, "UPDATE outbox SET half_day = ?", &error);
  sqlite3_bind_int64 (stmt, 1, sok_half_day_of (g_get_real_time () - G_TIME_SPAN_DAY));
  g_assert_true (sok_store_step_done (fixture->store, stmt, &error));
  g_assert_no_error (error);

  sign_in (fixture, IT_PIN);
  home = GTK_WIDGET (sok_window_get_page (fixture->window, "staff-home"));
  g_assert_nonnull (sok_test_find_label (home, "A child’s report has been waiting to reach the "
                                               "DSL since yesterday"));
  g_assert_nonnull (sok_test_find_button (home, "Kiosk health"));
  g_assert_nonnull (sok_test_find_button (home, "Leave kiosk mode"));
  sok_test_save_shot (fixture->window, "09-staff-home-it-late-report");

  sok_test_press (home, "Kiosk health");
  page = sok_test_wait_for_page (fixture->window, "staff-health");
  g_assert_nonnull (sok_test_find_label (page, "1 report is waiting to be delivered, since "
                                               "yesterday"));
  g_assert_nonnull (sok_test_find_label (page, "No DSL queue is set"));
  /* The key's fingerprint, for the DSL to compare with theirs. */
  g_assert_nonnull (sok_test_find_label (page, fingerprint));
  g_assert_nonnull (sok_test_find_label (page, SCHOOL_NAME));
  g_assert_nonnull (sok_test_find_label (page, PARENT_URL));
  sok_test_wait_for_label (page, "OK: ");
  sok_test_save_shot (fixture->window, "10-kiosk-health");
  g_assert_true (log_has (fixture->store, "health-viewed"));

  /* A queue that cannot be reached: the reason in plain words, the details for IT. */
  sok_test_press (page, "Back");
  home = sok_test_wait_for_page (fixture->window, "staff-home");
  g_assert_true (sok_config_set_value (fixture->config, "queue", "sqlite:/srv/sok/dsl-queue.db",
                                       &error));
  g_assert_no_error (error);
  {
    const char *ids[] = { "7b1f0c7e-2d55-4c1e-9a53-1f3f0a4b2c11", NULL };

    g_assert_true (sok_outbox_record_failure (fixture->store, ids,
                                              "Could not reach the DSL queue at "
                                              "/srv/sok/dsl-queue.db: unable to open database "
                                              "file (connection refused)", &error));
    g_assert_no_error (error);
  }
  sok_test_press (home, "Kiosk health");
  page = sok_test_wait_for_page (fixture->window, "staff-health");
  g_assert_nonnull (sok_test_find_label (page, "The kiosk could not reach the DSL queue"));
  g_assert_nonnull (sok_test_find_label (page, "sqlite:/srv/sok/dsl-queue.db"));
  g_assert_null (sok_test_find_label (page, "No DSL queue is set"));
  sok_test_save_shot (fixture->window, "10b-kiosk-health-delivery-error");

  /* Leaving kiosk mode lets the window close. */
  sok_test_press (page, "Back");
  home = sok_test_wait_for_page (fixture->window, "staff-home");
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (fixture->window)));
  sok_test_press (home, "Leave kiosk mode");
  sok_test_wait_for_label (home, "Kiosk mode is off");
  g_assert_true (gtk_window_get_deletable (GTK_WINDOW (fixture->window)));
  g_assert_true (log_has (fixture->store, "kiosk-mode-left"));
  g_assert_null (sok_test_find_button (home, "Leave kiosk mode"));
  g_assert_nonnull (sok_test_find_button (home, "Close the kiosk"));
  sok_test_save_shot (fixture->window, "11-kiosk-mode-left");
}

static void
test_staff_mode_times_out (Fixture       *fixture,
                           gconstpointer  user_data)
{
  guint idle_ms = 0;
  guint countdown_ms = 0;

  sok_window_set_idle_timeouts (fixture->window, 60 * 1000, 200);
  sok_staff_mode_set_idle_ms (staff_mode (fixture), 400);

  sign_in (fixture, TEACHER_PIN);
  /* The warning counts down the end of the staff time, not after it. */
  sok_window_get_idle_timeouts (fixture->window, &idle_ms, &countdown_ms);
  g_assert_cmpuint (idle_ms + countdown_ms, ==, 400);
  g_assert_cmpuint (countdown_ms, ==, 200);

  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 10000);
  g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
  g_assert_true (log_has (fixture->store, "staff-mode-left"));

  /* The children's idle time is back. */
  sok_window_get_idle_timeouts (fixture->window, &idle_ms, &countdown_ms);
  g_assert_cmpuint (idle_ms, ==, 60 * 1000);
  g_assert_cmpuint (countdown_ms, ==, 200);
}

static void
test_roles_decide_what_staff_may_do (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  const char *roles[] = { "teacher", "dsl", "it" };
  const gboolean health[] = { FALSE, TRUE, TRUE };
  const gboolean leave[] = { FALSE, FALSE, TRUE };
  SokStaffMode *mode = staff_mode (fixture);

  g_assert_false (sok_staff_mode_may (mode, "campaign"));

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      SokStaffMember member = { 0, (char *)"Someone", (char *)roles[i], NULL };
      GtkWidget *home;

      sok_staff_mode_begin (mode, &member);
      home = sok_test_wait_for_page (fixture->window, "staff-home");
      g_assert_true (sok_staff_mode_may (mode, "campaign"));
      g_assert_true (sok_staff_mode_may (mode, "certificates"));
      g_assert_true (sok_staff_mode_may (mode, "roster"));
      g_assert_true (sok_staff_mode_may (mode, "health") == health[i]);
      g_assert_true (sok_staff_mode_may (mode, "leave") == leave[i]);
      g_assert_false (sok_staff_mode_may (mode, "anything-else"));
      g_assert_true ((sok_test_find_button (home, "Kiosk health") != NULL) == health[i]);
      g_assert_true ((sok_test_find_button (home, "Leave kiosk mode") != NULL) == leave[i]);

      /* Nobody reaches a page their role may not see, even by asking for it. */
      if (!health[i])
        {
          sok_window_show_page (fixture->window, "staff-health");
          sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
          g_assert_false (sok_staff_mode_is_signed_in (mode));
          continue;
        }

      sok_staff_mode_sign_out (mode);
      sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
    }
}

int
main (int   argc,
      char *argv[])
{
  sok_test_init_gtk (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/staff/corner/is-the-top-right-of-home", test_corner_is_top_right);
  ADD ("/staff/pin/right-pin-enters-staff-mode", test_right_pin_enters_staff_mode);
  ADD ("/staff/pin/wrong-pins-lock-and-stay-locked-after-restart",
       test_wrong_pins_lock_across_restart);
  ADD ("/staff/pin/without-staff-says-how-to-add-them", test_pin_pad_without_staff_says_how_to_add);
  ADD ("/staff/pin/another-members-pin-is-wrong", test_pin_of_another_member_is_wrong);
  ADD ("/staff/pin/one-member-skips-the-names", test_one_member_skips_the_names);
  ADD ("/staff/pin/member-locked-by-ten-wrong-pins-is-told-to-ask-it",
       test_member_locked_is_told_to_ask_it);
  ADD ("/staff/campaign/counts-promises-and-starts-a-pupils-own-promise-with-an-adult",
       test_campaign_counts_promises);
  ADD ("/staff/campaign/hide-during-the-promise-goes-home-and-signs-out",
       test_campaign_promise_hidden_signs_out);
  ADD ("/staff/campaign/back-from-the-first-rule-returns-to-the-class",
       test_campaign_promise_back_returns_to_class);
  ADD ("/staff/campaign/promise-outlasting-staff-idle-ends-at-home",
       test_campaign_promise_outlasting_staff_idle_goes_home);
  ADD ("/staff/campaign/records-a-parent-slip", test_campaign_records_parent_slip);
  ADD ("/staff/certificates/class-pdf-qr-decodes-to-parent-page", test_certificates_for_a_class);
  ADD ("/staff/certificates/print-dialog-closes-and-a-late-job-says-nothing-after-sign-out",
       test_certificates_print_dialog_and_sign_out);
  ADD ("/staff/roster/bad-file-lists-lines-and-changes-nothing",
       test_roster_import_reports_bad_lines);
  ADD ("/staff/health/warns-of-a-report-waiting-too-long", test_health_warns_of_a_waiting_report);
  ADD ("/staff/idle/times-out-home-and-signs-out", test_staff_mode_times_out);
  ADD ("/staff/roles/decide-what-each-may-do", test_roles_decide_what_staff_may_do);

#undef ADD

  return g_test_run ();
}
