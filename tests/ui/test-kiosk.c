/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-kiosk"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sok-config.h"
#include "sok-home-page.h"
#include "sok-page.h"
#include "sok-picture.h"
#include "sok-problem-page.h"
#include "sok-store.h"
#include "sok-tile.h"
#include "sok-ui-test.h"
#include "sok-window.h"
#include "sok-window-private.h"

#define SCHOOL_NAME "Hilltop Primary"

/* A page a flow might add: it counts how often it was told to forget and shown. */

#define SOK_TYPE_TEST_PAGE (sok_test_page_get_type ())
G_DECLARE_FINAL_TYPE (SokTestPage, sok_test_page, SOK, TEST_PAGE, SokPage)

struct _SokTestPage
{
  SokPage  parent_instance;

  GtkEntry *entry;
  guint     n_resets;
  guint     n_shown;
};

G_DEFINE_FINAL_TYPE (SokTestPage, sok_test_page, SOK_TYPE_PAGE)

static void
sok_test_page_reset (SokPage *page)
{
  SokTestPage *self = SOK_TEST_PAGE (page);

  self->n_resets++;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

static void
sok_test_page_shown (SokPage *page)
{
  SOK_TEST_PAGE (page)->n_shown++;
}

static void
sok_test_page_class_init (SokTestPageClass *klass)
{
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  page_class->reset = sok_test_page_reset;
  page_class->shown = sok_test_page_shown;
}

static void
sok_test_page_init (SokTestPage *self)
{
  self->entry = GTK_ENTRY (gtk_entry_new ());
  sok_page_set_content (SOK_PAGE (self), GTK_WIDGET (self->entry));
  sok_page_set_title (SOK_PAGE (self), "What happened?");
  sok_page_set_show_back (SOK_PAGE (self), TRUE);
  sok_page_set_show_next (SOK_PAGE (self), TRUE);
}

/* Fixture: a data directory set up as `sokctl init` would, and the kiosk's window. */

typedef struct
{
  char        *dir;
  SokConfig   *config;
  SokStore    *store;
  SokWindow   *window;
  SokTestPage *page;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr (SokConfig) initial = NULL;
  g_autoptr (GError) error = NULL;

  fixture->dir = sok_test_make_data_dir ("sok-kiosk-XXXXXX");

  initial = sok_config_new (fixture->dir);
  g_assert_true (sok_config_set_value (initial, "school-name", SCHOOL_NAME, &error));
  g_assert_no_error (error);
  g_assert_true (sok_config_save (initial, &error));
  g_assert_no_error (error);

  sok_test_open_data_dir (fixture->dir, &fixture->config, &fixture->store);

  fixture->window = g_object_ref_sink (sok_window_new (NULL, fixture->config, fixture->store,
                                                       TRUE));
  fixture->page = g_object_new (SOK_TYPE_TEST_PAGE, "name", "test", NULL);
  g_object_ref_sink (fixture->page);
  sok_window_add_page (fixture->window, SOK_PAGE (fixture->page));

  sok_test_present_window (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  sok_test_close_window (fixture->window, fixture->store, fixture->config);
  g_assert_finalize_object (fixture->page);

  sok_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Widget tree helpers: find what a child would see. */

static gboolean
still_here_is_shown (gpointer data)
{
  return sok_window_is_still_here_shown (SOK_WINDOW (data));
}

static gboolean
still_here_is_hidden (gpointer data)
{
  return !sok_window_is_still_here_shown (SOK_WINDOW (data));
}

static gboolean
test_page_is_drawn (gpointer data)
{
  Fixture *fixture = data;

  return sok_window_get_visible_page (fixture->window) == SOK_PAGE (fixture->page) &&
         gtk_widget_get_mapped (GTK_WIDGET (fixture->page)) &&
         gtk_widget_get_width (GTK_WIDGET (fixture->page)) > 0;
}

static void
show_test_page (Fixture *fixture)
{
  sok_window_show_page (fixture->window, "test");
  sok_test_wait_until (test_page_is_drawn, fixture, 5000);
  sok_test_spin (300); /* let the slide finish */
  g_assert_cmpuint (fixture->page->n_shown, ==, 1);
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* Tests */

static void
test_home_shows_school_name (Fixture       *fixture,
                             gconstpointer  user_data)
{
  SokPage *home = sok_window_get_visible_page (fixture->window);

  g_assert_nonnull (home);
  g_assert_true (SOK_IS_HOME_PAGE (home));
  g_assert_cmpstr (sok_page_get_name (home), ==, "home");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (sok_page_get_heading (home))), ==, SCHOOL_NAME);
  g_assert_true (gtk_widget_is_drawable (sok_page_get_heading (home)));

  /* The page is a group named by its heading, and home has no Hide. */
  gtk_test_accessible_assert_role (home, GTK_ACCESSIBLE_ROLE_GROUP);
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (home),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_false (sok_page_get_show_hide (home));
  g_assert_null (sok_test_find_tile (GTK_WIDGET (home), "Hide"));
}

static void
test_home_tiles_have_accessible_names (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  const char *names[] = { "Make my promise", "Tell a grown-up" };
  GtkWidget *home = GTK_WIDGET (sok_window_get_visible_page (fixture->window));
  int window_width = gtk_widget_get_width (GTK_WIDGET (fixture->window));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *tile = sok_test_find_tile (home, names[i]);

      g_assert_nonnull (tile);
      gtk_test_accessible_assert_role (tile, GTK_ACCESSIBLE_ROLE_BUTTON);
      gtk_test_accessible_assert_property (tile, GTK_ACCESSIBLE_PROPERTY_LABEL, names[i]);
      g_assert_true (sok_test_find_button (home, names[i]) == tile);

      /* Huge: each tile takes well over a third of the window's width. */
      g_assert_cmpint (gtk_widget_get_width (tile), >, window_width / 3);
      g_assert_cmpint (gtk_widget_get_height (tile), >=, 300);
    }
}

static void
start_flow_cb (SokWindow  *window,
               const char *flow,
               GPtrArray  *flows)
{
  g_ptr_array_add (flows, g_strdup (flow));
}

static gboolean
has_two (gpointer data)
{
  return ((GPtrArray *) data)->len == 2;
}

static void
test_home_tiles_start_flows (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr (GPtrArray) flows = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *home = GTK_WIDGET (sok_window_get_visible_page (fixture->window));

  g_signal_connect (fixture->window, "start-flow", G_CALLBACK (start_flow_cb), flows);

  gtk_widget_activate (sok_test_find_tile (home, "Make my promise"));
  gtk_widget_activate (sok_test_find_tile (home, "Tell a grown-up"));
  sok_test_wait_until (has_two, flows, 5000);

  g_assert_cmpstr (g_ptr_array_index (flows, 0), ==, "promise");
  g_assert_cmpstr (g_ptr_array_index (flows, 1), ==, "tell");

  g_signal_handlers_disconnect_by_data (fixture->window, flows);
}

static void
test_home_renders (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *home = GTK_WIDGET (sok_window_get_visible_page (fixture->window));
  GtkWidget *tile = sok_test_find_tile (home, "Make my promise");
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (home);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guint32 *pixels = NULL;
  GskRenderer *renderer;
  int width, height;

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), >, 0);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (fixture->window)), >, 0);

  /* The tiles' pictures are really there. */
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (tile)));
       w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (SOK_IS_PICTURE (w))
      g_assert_true (sok_picture_has_image (SOK_PICTURE (w)));

  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_new (guint32, (gsize) width * height);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);

  /* A blank or single-colour page would have a handful of colours; pictures, words
   * and tiles have many. */
  for (gsize i = 0; i < (gsize) width * height; i += 7)
    g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);
}

static void
test_page_chrome (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  const char *controls[] = { "Hide", "Back", "Listen", "Next" };

  show_test_page (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *button = sok_test_find_tile (page, controls[i]);

      g_assert_nonnull (button);
      gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, controls[i]);
      g_assert_cmpint (gtk_widget_get_width (button), >=, 96);
      g_assert_cmpint (gtk_widget_get_height (button), >=, 96);
    }

  g_assert_true (gtk_widget_get_sensitive (sok_test_find_tile (page, "Next")));
  sok_page_set_next_sensitive (SOK_PAGE (page), FALSE);
  g_assert_false (gtk_widget_get_sensitive (sok_test_find_tile (page, "Next")));

  sok_page_set_show_back (SOK_PAGE (page), FALSE);
  sok_test_spin (20);
  g_assert_null (sok_test_find_tile (page, "Back"));
}

static void
test_hide_returns_home (Fixture       *fixture,
                        gconstpointer  user_data)
{
  guint n_window_resets = 0;
  GtkWidget *hide;

  g_signal_connect (fixture->window, "reset", G_CALLBACK (count_cb), &n_window_resets);

  show_test_page (fixture);
  gtk_editable_set_text (GTK_EDITABLE (fixture->page->entry), "someone was mean");

  hide = sok_test_find_tile (GTK_WIDGET (fixture->page), "Hide");
  g_assert_nonnull (hide);
  gtk_widget_activate (hide);
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);

  g_assert_cmpuint (fixture->page->n_resets, ==, 1);
  g_assert_cmpuint (n_window_resets, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->page->entry)), ==, "");
  /* At once: no slide that would leave the page on screen for a moment. */
  g_assert_false (gtk_widget_get_child_visible (GTK_WIDGET (fixture->page)));

  g_signal_handlers_disconnect_by_data (fixture->window, &n_window_resets);
}

static void
test_hide_forgets_the_clipboard (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  GtkEditable *text;

  show_test_page (fixture);
  text = gtk_editable_get_delegate (GTK_EDITABLE (fixture->page->entry));
  gtk_editable_set_text (text, "someone was mean");
  gtk_editable_select_region (text, 0, -1);

  /* What a long press, then Copy, does. */
  g_signal_emit_by_name (text, "copy-clipboard");
  sok_test_spin (50);
  g_assert_true (gdk_clipboard_is_local (clipboard));
  g_assert_nonnull (gdk_clipboard_get_content (clipboard));

  gtk_widget_activate (sok_test_find_tile (GTK_WIDGET (fixture->page), "Hide"));
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);

  /* The next child cannot Paste the last one's words back. */
  g_assert_null (gdk_clipboard_get_content (clipboard));
}

static void
test_idle_warns_then_goes_home (Fixture       *fixture,
                                gconstpointer  user_data)
{
  guint n_window_resets = 0;
  GtkWidget *countdown;
  gint64 shown_at;

  g_signal_connect (fixture->window, "reset", G_CALLBACK (count_cb), &n_window_resets);
  sok_window_set_idle_timeouts (fixture->window, 300, 1500);

  show_test_page (fixture);
  sok_test_wait_until (still_here_is_shown, fixture->window, 5000);
  shown_at = g_get_monotonic_time ();

  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (fixture->window), "Are you still there?"));
  g_assert_nonnull (sok_test_find_button (GTK_WIDGET (fixture->window), "I'm still here"));
  countdown = sok_test_find_label (GTK_WIDGET (fixture->window), "Going back to the start in ");
  g_assert_nonnull (countdown);
  g_assert_cmpuint (fixture->page->n_resets, ==, 0);
  g_assert_true (sok_window_get_visible_page (fixture->window) == SOK_PAGE (fixture->page));

  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);

  /* The countdown ran its course before anything was forgotten. shown_at is when the
   * test noticed the warning, which on a busy machine can be a few hundred ms after
   * it appeared, so the bound leaves room for that; going home at once would fail. */
  g_assert_cmpint (g_get_monotonic_time () - shown_at, >=, 1000 * 1000);
  g_assert_false (sok_window_is_still_here_shown (fixture->window));
  g_assert_cmpuint (fixture->page->n_resets, ==, 1);
  g_assert_cmpuint (n_window_resets, ==, 1);

  /* Nobody is asked anything on the home page. */
  sok_test_spin (700);
  g_assert_false (sok_window_is_still_here_shown (fixture->window));

  g_signal_handlers_disconnect_by_data (fixture->window, &n_window_resets);
}

static void
test_idle_still_here_keeps_page (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  GtkWidget *button;

  sok_window_set_idle_timeouts (fixture->window, 300, 3000);

  show_test_page (fixture);
  gtk_editable_set_text (GTK_EDITABLE (fixture->page->entry), "my words");
  sok_test_wait_until (still_here_is_shown, fixture->window, 5000);

  button = sok_test_find_button (GTK_WIDGET (fixture->window), "I'm still here");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  sok_test_wait_until (still_here_is_hidden, fixture->window, 5000);

  g_assert_true (sok_window_get_visible_page (fixture->window) == SOK_PAGE (fixture->page));
  g_assert_cmpuint (fixture->page->n_resets, ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (fixture->page->entry)), ==, "my words");

  /* The idle timer starts again: the question comes back later. */
  sok_test_wait_until (still_here_is_shown, fixture->window, 5000);
}

static gboolean
speaking (gpointer data)
{
  return sok_speaker_get_speaking (SOK_SPEAKER (data));
}

static void
test_listen_reads_and_hide_stops (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  SokSpeaker *speaker = sok_window_get_speaker (fixture->window);
  SokPage *home = sok_window_get_visible_page (fixture->window);
  g_autofree char *home_text = sok_page_dup_speech_text (home);
  g_autofree char *page_text = sok_page_dup_speech_text (SOK_PAGE (fixture->page));

  g_assert_cmpstr (home_text, ==, "Make my promise. Tell a grown-up.");
  g_assert_cmpstr (page_text, ==, "What happened?");

  show_test_page (fixture);
  g_assert_false (sok_speaker_get_speaking (speaker));

  gtk_widget_activate (sok_test_find_tile (GTK_WIDGET (fixture->page), "Listen"));
  sok_test_wait_until (speaking, speaker, 5000);

  /* Hide silences the kiosk at once: nothing goes on reading a child's screen. */
  gtk_widget_activate (sok_test_find_tile (GTK_WIDGET (fixture->page), "Hide"));
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
  g_assert_false (sok_speaker_get_speaking (speaker));
}

static void
test_close_refused (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);

  g_assert_false (gtk_window_get_deletable (window));

  gtk_window_close (window);
  sok_test_spin (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Only staff mode's explicit permission lets it go. */
  sok_window_allow_close (fixture->window);
  gtk_window_close (window);
  sok_test_spin (100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
}

static void
test_problem_page (void)
{
  g_autoptr (GError) error = g_error_new_literal (SOK_CONFIG_ERROR, SOK_CONFIG_ERROR_MISSING,
                                                  "/nowhere/kiosk.conf does not exist.");
  SokWindow *window = g_object_ref_sink (sok_window_new (NULL, NULL, NULL, TRUE));
  SokPage *page;

  sok_window_show_problem (window, error);
  sok_test_present_window (window);

  page = sok_window_get_visible_page (window);
  g_assert_true (SOK_IS_PROBLEM_PAGE (page));
  g_assert_true (g_str_has_prefix (sok_page_get_title (page), "Please tell a grown-up"));
  g_assert_cmpstr (sok_problem_page_get_details (SOK_PROBLEM_PAGE (page)), ==,
                   "/nowhere/kiosk.conf does not exist.");
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "/nowhere/kiosk.conf"));
  g_assert_null (sok_test_find_tile (GTK_WIDGET (page), "Hide"));

  /* Going home keeps the kiosk on the problem: there is nothing else it can do. */
  sok_window_go_home (window);
  g_assert_true (sok_window_get_visible_page (window) == page);

  sok_test_close_window (window, NULL, NULL);
}

static void
test_picture_missing_warns_once (void)
{
  GtkWidget *first = g_object_ref_sink (sok_picture_new ("no-such-picture"));
  GtkWidget *second = g_object_ref_sink (sok_picture_new ("no-such-picture"));
  GtkWidget *known = g_object_ref_sink (sok_picture_new_with_meaning ("thank-you", "Thank you"));

  g_test_expect_message ("sok-picture", G_LOG_LEVEL_WARNING, "*no-such-picture*");
  g_assert_false (sok_picture_has_image (SOK_PICTURE (first)));
  g_test_assert_expected_messages ();

  /* The second one stays quiet: a missing picture is reported, not repeated. */
  g_assert_false (sok_picture_has_image (SOK_PICTURE (second)));

  g_assert_true (sok_picture_has_image (SOK_PICTURE (known)));
  gtk_test_accessible_assert_role (known, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (known, GTK_ACCESSIBLE_PROPERTY_LABEL, "Thank you");
  gtk_test_accessible_assert_role (first, GTK_ACCESSIBLE_ROLE_PRESENTATION);

  g_assert_finalize_object (first);
  g_assert_finalize_object (second);
  g_assert_finalize_object (known);
}

int
main (int   argc,
      char *argv[])
{
  sok_test_init_gtk (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/kiosk/home/shows-the-school-name", test_home_shows_school_name);
  ADD ("/kiosk/home/tiles-are-named-by-their-words", test_home_tiles_have_accessible_names);
  ADD ("/kiosk/home/tiles-start-the-promise-and-tell-flows", test_home_tiles_start_flows);
  ADD ("/kiosk/home/renders", test_home_renders);
  ADD ("/kiosk/page/has-hide-back-listen-next", test_page_chrome);
  ADD ("/kiosk/hide/returns-home-and-forgets", test_hide_returns_home);
  ADD ("/kiosk/hide/forgets-what-was-copied", test_hide_forgets_the_clipboard);
  ADD ("/kiosk/idle/warns-then-goes-home-and-forgets", test_idle_warns_then_goes_home);
  ADD ("/kiosk/idle/still-here-keeps-the-page", test_idle_still_here_keeps_page);
  ADD ("/kiosk/page/listen-reads-aloud-and-hide-stops-it", test_listen_reads_and_hide_stops);
  ADD ("/kiosk/window/refuses-to-close", test_close_refused);
  g_test_add_func ("/kiosk/picture/missing-one-warns-once-and-draws-nothing",
                   test_picture_missing_warns_once);
  g_test_add_func ("/kiosk/problem/asks-for-a-grown-up-and-shows-the-error", test_problem_page);

#undef ADD

  return g_test_run ();
}
