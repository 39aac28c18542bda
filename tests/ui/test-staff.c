/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-staff"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-campaign-page.h"
#include "sok-config.h"
#include "sok-outbox.h"
#include "sok-page.h"
#include "sok-roster.h"
#include "sok-roster-page.h"
#include "sok-seal.h"
#include "sok-staff-mode.h"
#include "sok-store.h"
#include "sok-tile.h"
#include "sok-window.h"
#include "test-util.h"

/* Staff mode as staff use it: the PIN pad, the lock, the September campaign, parent
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

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition  condition,
            gpointer   data,
            guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %u ms waiting for a condition", timeout_ms);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
window_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) &&
         gtk_widget_get_width (GTK_WIDGET (data)) > 0;
}

static void
open_window (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  fixture->config = sok_config_load (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->store = sok_store_open (fixture->dir, &error);
  g_assert_no_error (error);

  fixture->window = g_object_ref_sink (sok_window_new (NULL, fixture->config, fixture->store,
                                                       TRUE));
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until (window_is_mapped, fixture->window, 5000);
}

static void
close_window (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  spin (100);

  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->store);
  g_assert_finalize_object (fixture->config);
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

  fixture->dir = g_dir_make_tmp ("sok-staff-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_true (sok_store_ensure_data_dir (fixture->dir, &error));
  g_assert_no_error (error);

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

/* ---- Finding what staff see ----------------------------------------------------- */

static const char *
accessible_label (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      if (SOK_IS_TILE (widget))
        return sok_tile_get_words (SOK_TILE (widget));
      if (GTK_IS_LABEL (child))
        return gtk_label_get_label (GTK_LABEL (child));
    }

  return NULL;
}

/* A drawable button whose accessible name is @name (its words, or its words and the
 * pupil it acts on). */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *name)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_is_drawable (root) &&
      (g_strcmp0 (accessible_label (root), name) == 0 ||
       gtk_test_accessible_check_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           name) == NULL))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *prefix)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_drawable (root) &&
      g_str_has_prefix (gtk_label_get_label (GTK_LABEL (root)), prefix))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *name;
} PageWait;

static gboolean
page_is_drawn (gpointer data)
{
  PageWait *wait = data;
  SokPage *page = sok_window_get_visible_page (wait->fixture->window);

  return page != NULL && g_strcmp0 (sok_page_get_name (page), wait->name) == 0 &&
         gtk_widget_get_mapped (GTK_WIDGET (page)) &&
         gtk_widget_get_width (GTK_WIDGET (page)) > 0;
}

static GtkWidget *
wait_for_page (Fixture    *fixture,
               const char *name)
{
  PageWait wait = { fixture, name };

  wait_until (page_is_drawn, &wait, 20000);
  spin (300); /* the slide */
  return GTK_WIDGET (sok_window_get_visible_page (fixture->window));
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} FindWait;

static gboolean
button_is_there (gpointer data)
{
  FindWait *wait = data;

  return find_button (wait->root, wait->text) != NULL;
}

static gboolean
label_is_there (gpointer data)
{
  FindWait *wait = data;

  return find_label (wait->root, wait->text) != NULL;
}

static GtkWidget *
wait_for_label (GtkWidget  *root,
                const char *prefix)
{
  FindWait wait = { root, prefix };

  wait_until (label_is_there, &wait, 10000);
  return find_label (root, prefix);
}

static void
clicked_cb (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

/* Activates the button named @name and waits until its click has arrived (GTK
 * delivers it on a timeout, and a second activation before then is dropped). */
static void
press (GtkWidget  *root,
       const char *name)
{
  FindWait wait = { root, name };
  g_autoptr (GtkWidget) button = NULL;
  gboolean clicked = FALSE;
  gulong id;

  wait_until (button_is_there, &wait, 5000);
  button = g_object_ref (find_button (root, name));
  g_assert_true (gtk_widget_is_sensitive (button));
  id = g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &clicked);
  gtk_widget_activate (button);
  wait_until (is_true, &clicked, 5000);
  g_signal_handler_disconnect (button, id);
}

/* Saves the window as a PNG in $SOK_SHOTS_DIR, for people to look at. */
static void
save_shot (Fixture    *fixture,
           const char *name)
{
  const char *dir = g_getenv ("SOK_SHOTS_DIR");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  spin (200);
  paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->window));
  snapshot = gtk_snapshot_new ();
  width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  height = gtk_widget_get_height (GTK_WIDGET (fixture->window));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
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
      press (page, digit);
    }
  press (page, "Enter");
}

static gboolean
keypad_is_ready (gpointer data)
{
  return find_button (data, "Enter") != NULL &&
         gtk_widget_is_sensitive (find_button (data, "Enter"));
}

static gboolean
keypad_is_locked (gpointer data)
{
  return find_label (data, "Too many wrong PINs") != NULL;
}

static void
sign_in (Fixture    *fixture,
         const char *pin)
{
  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  wait_for_page (fixture, "staff-pin");
  type_pin (fixture, pin);
  wait_for_page (fixture, "staff-home");
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

static gboolean
home_is_visible (gpointer data)
{
  SokPage *page = sok_window_get_visible_page (SOK_WINDOW (data));

  return page != NULL && g_strcmp0 (sok_page_get_name (page), "home") == 0;
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

  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  pin_page = wait_for_page (fixture, "staff-pin");

  /* Big digit buttons, each named by its digit for a screen reader. */
  for (char c = '0'; c <= '9'; c++)
    {
      char digit[2] = { c, '\0' };
      GtkWidget *key = find_button (pin_page, digit);

      g_assert_nonnull (key);
      gtk_test_accessible_assert_role (key, GTK_ACCESSIBLE_ROLE_BUTTON);
      g_assert_cmpint (gtk_widget_get_height (key), >=, 64);
      g_assert_cmpint (gtk_widget_get_width (key), >=, 96);
    }
  g_assert_nonnull (find_button (pin_page, "Delete"));
  save_shot (fixture, "01-pin-pad");

  /* A typo taken back with Delete still gets in. */
  press (pin_page, "9");
  press (pin_page, "Delete");
  type_pin (fixture, TEACHER_PIN);
  home = wait_for_page (fixture, "staff-home");

  member = sok_staff_mode_get_member (staff_mode (fixture));
  g_assert_nonnull (member);
  g_assert_cmpstr (member->name, ==, "Mr Patel");
  g_assert_cmpstr (member->role, ==, "teacher");
  g_assert_nonnull (find_label (home, "Signed in: Mr Patel, Teacher"));
  g_assert_true (log_has (fixture->store, "staff-mode-entered"));

  /* A teacher runs the campaign and imports the roster; health and leaving kiosk mode
   * are for IT and the DSL. */
  g_assert_nonnull (find_button (home, "Promises and certificates"));
  g_assert_nonnull (find_button (home, "Import the roster"));
  g_assert_null (find_button (home, "Kiosk health"));
  g_assert_null (find_button (home, "Leave kiosk mode"));
  save_shot (fixture, "02-staff-home-teacher");

  press (home, "Sign out");
  wait_until (home_is_visible, fixture->window, 5000);
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

  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  pin_page = wait_for_page (fixture, "staff-pin");

  for (guint i = 1; i < SOK_STAFF_MAX_FAILED; i++)
    {
      type_pin (fixture, WRONG_PIN);
      wait_for_label (pin_page, "That PIN is not right");
      wait_until (keypad_is_ready, pin_page, 10000);
      g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
    }
  g_assert_nonnull (find_label (pin_page, "That PIN is not right. 1 more wrong PIN locks"));

  type_pin (fixture, WRONG_PIN);
  wait_until (keypad_is_locked, pin_page, 10000);
  g_assert_false (gtk_widget_is_sensitive (find_button (pin_page, "Enter")));
  g_assert_false (gtk_widget_is_sensitive (find_button (pin_page, "4")));
  g_assert_true (log_has (fixture->store, "pad-locked"));
  save_shot (fixture, "03-pin-pad-locked");

  /* Restart: a new window on the same data directory is still locked. */
  close_window (fixture);
  open_window (fixture);

  sok_staff_mode_open_pin_pad (staff_mode (fixture));
  pin_page = wait_for_page (fixture, "staff-pin");
  g_assert_nonnull (find_label (pin_page, "Too many wrong PINs"));
  g_assert_false (gtk_widget_is_sensitive (find_button (pin_page, "Enter")));

  /* Even the right PIN is refused while locked. */
  g_assert_false (sok_staff_check_pin (fixture->store, TEACHER_PIN, 6, NULL, NULL, NULL, &error));
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
  pin_page = wait_for_page (fixture, "staff-pin");
  g_assert_nonnull (find_label (pin_page, "No member of staff has a PIN yet"));
  g_assert_false (gtk_widget_is_sensitive (find_button (pin_page, "Enter")));
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

static GtkWidget *
open_campaign (Fixture    *fixture,
               const char *class_button)
{
  GtkWidget *page;

  press (GTK_WIDGET (sok_window_get_page (fixture->window, "staff-home")),
         "Promises and certificates");
  page = wait_for_page (fixture, "staff-campaign");
  if (class_button != NULL)
    {
      press (page, class_button);
      spin (100);
    }
  return page;
}

static void
test_campaign_counts_promises (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr (GPtrArray) agreements = NULL;
  GtkWidget *page;
  GtkWidget *promise_page;

  record_promise (fixture, "Robins", "Ava");
  record_promise (fixture, "Robins", "Siân");
  record_promise (fixture, "Owls", "Amelia");

  sign_in (fixture, TEACHER_PIN);
  page = open_campaign (fixture, "Robins: 2 of 10 promised");

  /* Every class with its count; the class's own lists. */
  g_assert_nonnull (find_button (page, "Badgers: 0 of 11 promised"));
  g_assert_nonnull (find_button (page, "Owls: 1 of 11 promised"));
  wait_for_label (page, "Robins: 2 of 10 pupils have made their promise");
  g_assert_nonnull (find_label (page, "Not yet promised (8 pupils)"));
  g_assert_nonnull (find_label (page, "Promised (2 pupils)"));
  g_assert_nonnull (find_button (page, "Promise now, with an adult, Yusuf Ahmed"));
  g_assert_null (find_button (page, "Promise now, with an adult, Ava Thompson"));
  g_assert_nonnull (find_button (page, "Parent’s slip returned, Ava Thompson"));
  save_shot (fixture, "04-campaign-class");

  /* Yusuf promises now, beside his teacher. */
  press (page, "Promise now, with an adult, Yusuf Ahmed");
  promise_page = wait_for_page (fixture, "staff-promise");
  g_assert_cmpstr (sok_page_get_title (SOK_PAGE (promise_page)), ==, "Yusuf’s promise");
  g_assert_nonnull (find_label (promise_page, "I only go online with a grown up"));
  save_shot (fixture, "05-promise-with-adult");
  press (promise_page, "I agree");
  wait_for_label (promise_page, "Your promise is saved");
  g_assert_true (g_str_has_prefix (sok_page_get_title (SOK_PAGE (promise_page)), "Thank you"));
  save_shot (fixture, "05b-promise-thank-you");

  agreements = sok_agreement_list (fixture->store, "Robins", 0, NULL);
  g_assert_cmpuint (agreements->len, ==, 3);
  for (guint i = 0; i < agreements->len; i++)
    {
      SokAgreement *a = g_ptr_array_index (agreements, i);

      if (g_str_equal (a->forename, "Yusuf"))
        {
          g_assert_true (a->with_adult);
          g_assert_cmpstr (a->method, ==, "tap");
        }
      else
        g_assert_false (a->with_adult);
    }
  g_assert_true (log_has (fixture->store, "promise-started-with-adult"));
  g_assert_true (log_has (fixture->store, "promise-recorded-with-adult"));

  press (promise_page, "Back to the class");
  page = wait_for_page (fixture, "staff-campaign");
  g_assert_nonnull (find_button (page, "Robins: 3 of 10 promised"));
  wait_for_label (page, "Robins: 3 of 10 pupils have made their promise");
  g_assert_nonnull (find_label (page, "Not yet promised (7 pupils)"));
  g_assert_null (find_button (page, "Promise now, with an adult, Yusuf Ahmed"));

  /* Hide forgets every name on screen and ends staff mode. */
  sok_window_go_home (fixture->window);
  g_assert_null (find_label (page, "Robins"));
  g_assert_false (sok_staff_mode_is_signed_in (staff_mode (fixture)));
  assert_log_is_clean (fixture->store);
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

  press (page, "Parent’s slip returned, Ava Thompson");
  wait_for_label (page, "Parent’s slip back");
  g_assert_null (find_button (page, "Parent’s slip returned, Ava Thompson"));
  g_assert_nonnull (find_label (page, "The parent’s slip is recorded"));
  save_shot (fixture, "04b-campaign-parent-slip");

  agreements = sok_agreement_list (fixture->store, "Robins", 0, NULL);
  g_assert_cmpuint (agreements->len, ==, 1);
  g_assert_cmpint (((SokAgreement *)g_ptr_array_index (agreements, 0))->parent_endorsed_at, >,
                   0);
  g_assert_true (log_has (fixture->store, "parent-endorsement-recorded"));
  assert_log_is_clean (fixture->store);
}

/* A tool a test needs: skipped with the reason on a developer's machine, a failure in
 * CI where it must be installed. */
static char *
find_tool (const char *name,
           const char *package)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed (apt install %s)",
                                                  name, package);
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          g_test_message ("%s; CI must have it", message);
          g_test_fail ();
        }
      else
        g_test_skip (message);
    }

  return path;
}

static char *
run (const char * const *argv,
     int                *status)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, status, &error));
  g_assert_no_error (error);
  return out;
}

/* Turns each page of @pdf into a PNG and decodes its QR code. */
static void
assert_pages_decode_to_parent_url (const char *pdf,
                                   guint       n_pages,
                                   const char *shot_name)
{
  g_autofree char *pdftoppm = find_tool ("pdftoppm", "poppler-utils");
  g_autofree char *zbarimg = find_tool ("zbarimg", "zbar-tools");
  g_autofree char *tmp = NULL;
  g_autofree char *prefix = NULL;

  if (pdftoppm == NULL || zbarimg == NULL)
    return;

  tmp = g_dir_make_tmp ("certificate-png-XXXXXX", NULL);
  prefix = g_build_filename (tmp, "page", NULL);
  {
    const char *argv[] = { pdftoppm, "-r", "100", "-png", pdf, prefix, NULL };
    int status = 0;
    g_autofree char *out = run (argv, &status);

    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  for (guint page = 1; page <= n_pages + 1; page++)
    {
      g_autofree char *png = g_strdup_printf ("%s-%u.png", prefix, page);
      const char *argv[] = { zbarimg, "--raw", "-q", png, NULL };
      g_autofree char *decoded = NULL;
      int status = 0;

      if (page == n_pages + 1)
        {
          /* Exactly one page per pupil. */
          g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
          break;
        }
      g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
      decoded = run (argv, &status);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpstr (decoded, ==, PARENT_URL "\n");

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
  wait_for_label (page, "Saved 3 certificates to");
  g_assert_true (log_has (fixture->store, "certificates-saved"));
  assert_pages_decode_to_parent_url (saved, 3, "07-certificate-page");

  /* Printed: the very pages the printer gets, exported to a PDF. */
  sok_campaign_page_print_certificates (SOK_CAMPAIGN_PAGE (page), "Robins", 0, printed);
  wait_until (file_exists, printed, 10000);
  spin (200);
  assert_pages_decode_to_parent_url (printed, 3, "08-certificate-printed");
  g_assert_true (log_has (fixture->store, "certificates-printed"));
  assert_log_is_clean (fixture->store);
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
  press (GTK_WIDGET (sok_window_get_page (fixture->window, "staff-home")), "Import the roster");
  page = wait_for_page (fixture, "staff-roster");
  g_assert_nonnull (find_button (page, "Choose the roster file…"));

  sok_roster_page_import_file (SOK_ROSTER_PAGE (page), bad_file);
  g_assert_nonnull (find_label (page, "bad.csv has 2 bad lines"));
  g_assert_nonnull (find_label (page, "Line 3: "));
  g_assert_nonnull (find_label (page, "Line 4: "));
  save_shot (fixture, "06-roster-bad-lines");
  classes = sok_roster_list_classes (fixture->store, NULL);
  g_assert_cmpuint (classes->len, ==, 7);
  g_clear_pointer (&classes, g_ptr_array_unref);
  g_assert_true (log_has (fixture->store, "roster-import-refused"));

  sok_roster_page_import_file (SOK_ROSTER_PAGE (page), good_file);
  g_assert_nonnull (find_label (page, "Imported good.csv: 2 classes and 2 pupils"));
  g_assert_nonnull (find_label (page, "71 pupils are no longer listed"));
  g_assert_null (find_label (page, "Line 3: "));
  save_shot (fixture, "06b-roster-imported");
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

  /* A report that has waited twenty minutes. */
  g_assert_true (sok_outbox_put (fixture->store, "7b1f0c7e-2d55-4c1e-9a53-1f3f0a4b2c11",
                                 "kiosk-test", FALSE, sealed, &error));
  g_assert_no_error (error);
  stmt = sok_store_prepare (fixture->store, "UPDATE outbox SET created_at = ?", &error);
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () - (gint64)20 * 60 * G_USEC_PER_SEC);
  g_assert_true (sok_store_step_done (fixture->store, stmt, &error));
  g_assert_no_error (error);

  sign_in (fixture, IT_PIN);
  home = GTK_WIDGET (sok_window_get_page (fixture->window, "staff-home"));
  g_assert_nonnull (find_label (home, "A child’s report has waited 20 minutes"));
  g_assert_nonnull (find_button (home, "Kiosk health"));
  g_assert_nonnull (find_button (home, "Leave kiosk mode"));
  save_shot (fixture, "09-staff-home-it-late-report");

  press (home, "Kiosk health");
  page = wait_for_page (fixture, "staff-health");
  g_assert_nonnull (find_label (page, "1 report; it has waited 20 minutes"));
  g_assert_nonnull (find_label (page, "No DSL queue is set"));
  /* The key's fingerprint, for the DSL to compare with theirs. */
  g_assert_nonnull (find_label (page, fingerprint));
  g_assert_nonnull (find_label (page, SCHOOL_NAME));
  g_assert_nonnull (find_label (page, PARENT_URL));
  wait_for_label (page, "OK: ");
  save_shot (fixture, "10-kiosk-health");
  g_assert_true (log_has (fixture->store, "health-viewed"));

  /* A queue that cannot be reached: the reason in plain words, the details for IT. */
  press (page, "Back");
  home = wait_for_page (fixture, "staff-home");
  g_assert_true (sok_config_set_value (fixture->config, "queue", "sqlite:/srv/sok/dsl-queue.db",
                                       &error));
  g_assert_no_error (error);
  {
    const char *ids[] = { "7b1f0c7e-2d55-4c1e-9a53-1f3f0a4b2c11", NULL };

    g_assert_true (sok_outbox_record_failure (fixture->store, ids,
                                              "Could not reach the DSL queue at "
                                              "/srv/sok/dsl-queue.db: unable to open database "
                                              "file (connection refused)",
                                              g_get_real_time (), &error));
    g_assert_no_error (error);
  }
  press (home, "Kiosk health");
  page = wait_for_page (fixture, "staff-health");
  g_assert_nonnull (find_label (page, "The kiosk could not reach the DSL queue"));
  g_assert_nonnull (find_label (page, "sqlite:/srv/sok/dsl-queue.db"));
  g_assert_null (find_label (page, "No DSL queue is set"));
  save_shot (fixture, "10b-kiosk-health-delivery-error");

  /* Leaving kiosk mode lets the window close. */
  press (page, "Back");
  home = wait_for_page (fixture, "staff-home");
  g_assert_false (gtk_window_get_deletable (GTK_WINDOW (fixture->window)));
  press (home, "Leave kiosk mode");
  wait_for_label (home, "Kiosk mode is off");
  g_assert_true (gtk_window_get_deletable (GTK_WINDOW (fixture->window)));
  g_assert_true (log_has (fixture->store, "kiosk-mode-left"));
  g_assert_null (find_button (home, "Leave kiosk mode"));
  g_assert_nonnull (find_button (home, "Close the kiosk"));
  save_shot (fixture, "11-kiosk-mode-left");
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

  wait_until (home_is_visible, fixture->window, 10000);
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
      home = wait_for_page (fixture, "staff-home");
      g_assert_true (sok_staff_mode_may (mode, "campaign"));
      g_assert_true (sok_staff_mode_may (mode, "certificates"));
      g_assert_true (sok_staff_mode_may (mode, "roster"));
      g_assert_true (sok_staff_mode_may (mode, "health") == health[i]);
      g_assert_true (sok_staff_mode_may (mode, "leave") == leave[i]);
      g_assert_false (sok_staff_mode_may (mode, "anything-else"));
      g_assert_true ((find_button (home, "Kiosk health") != NULL) == health[i]);
      g_assert_true ((find_button (home, "Leave kiosk mode") != NULL) == leave[i]);

      /* Nobody reaches a page their role may not see, even by asking for it. */
      if (!health[i])
        {
          sok_window_show_page (fixture->window, "staff-health");
          wait_until (home_is_visible, fixture->window, 5000);
          g_assert_false (sok_staff_mode_is_signed_in (mode));
          continue;
        }

      sok_staff_mode_sign_out (mode);
      wait_until (home_is_visible, fixture->window, 5000);
    }
}

/* Playback on a machine without a sound device is the speaker's business. */
static gboolean
ignore_speaker_warnings (const char     *log_domain,
                         GLogLevelFlags  log_level,
                         const char     *message,
                         gpointer        user_data)
{
  return g_strcmp0 (log_domain, "sok-speaker") != 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkCssProvider) css = NULL;
  const char * const *data_dirs = g_get_system_data_dirs ();

  for (guint i = 0; data_dirs[i] != NULL && g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL; i++)
    {
      g_autofree char *schemas = g_build_filename (data_dirs[i], "glib-2.0", "schemas", NULL);
      g_autofree char *compiled = g_build_filename (schemas, "gschemas.compiled", NULL);

      if (g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
        g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
    }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_log_set_fatal_handler (ignore_speaker_warnings, NULL);
  adw_init ();

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/safeonlinekiosk/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/staff/corner/is-the-top-right-of-home", test_corner_is_top_right);
  ADD ("/staff/pin/right-pin-enters-staff-mode", test_right_pin_enters_staff_mode);
  ADD ("/staff/pin/wrong-pins-lock-and-stay-locked-after-restart",
       test_wrong_pins_lock_across_restart);
  ADD ("/staff/pin/without-staff-says-how-to-add-them", test_pin_pad_without_staff_says_how_to_add);
  ADD ("/staff/campaign/counts-promises-and-starts-one-with-an-adult",
       test_campaign_counts_promises);
  ADD ("/staff/campaign/records-a-parent-slip", test_campaign_records_parent_slip);
  ADD ("/staff/certificates/class-pdf-qr-decodes-to-parent-page", test_certificates_for_a_class);
  ADD ("/staff/roster/bad-file-lists-lines-and-changes-nothing",
       test_roster_import_reports_bad_lines);
  ADD ("/staff/health/warns-of-a-report-waiting-too-long", test_health_warns_of_a_waiting_report);
  ADD ("/staff/idle/times-out-home-and-signs-out", test_staff_mode_times_out);
  ADD ("/staff/roles/decide-what-each-may-do", test_roles_decide_what_staff_may_do);

#undef ADD

  return g_test_run ();
}
