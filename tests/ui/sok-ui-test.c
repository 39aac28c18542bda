/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-ui-test"

#include "config.h"

#include <adwaita.h>

#include "sok-tile.h"
#include "sok-ui-test.h"
#include "sok-window.h"

/* Playback on a machine without a sound device ends in an error the speaker reports
 * as a warning; that is the speaker's business (see test-speaker), not a failure of
 * the page under test. */
static gboolean
ignore_speaker_warnings (const char     *log_domain,
                         GLogLevelFlags  log_level,
                         const char     *message,
                         gpointer        user_data)
{
  return g_strcmp0 (log_domain, "sok-speaker") != 0;
}

/**
 * sok_test_init_gtk:
 *
 * g_test_init() with isolated directories, libadwaita, and the kiosk's style sheet.
 */
void
sok_test_init_gtk (int    *argc,
                   char ***argv)
{
  sok_test_keep_system_schemas ();
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_log_set_fatal_handler (ignore_speaker_warnings, NULL);
  sok_test_init_style ("/org/safeonlinekiosk/Kiosk/style.css");
}

static gboolean
is_tile_with_words (GtkWidget     *widget,
                    gconstpointer  words)
{
  return SOK_IS_TILE (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (sok_tile_get_words (SOK_TILE (widget)), words) == 0;
}

/* The drawable tile under @root showing @words, or %NULL. */
GtkWidget *
sok_test_find_tile (GtkWidget  *root,
                    const char *words)
{
  return sok_test_find_widget (root, is_tile_with_words, words);
}

static gboolean
is_label_with_prefix (GtkWidget     *widget,
                      gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
         g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

/* The drawable label under @root whose text starts with @prefix, or %NULL. */
GtkWidget *
sok_test_find_label (GtkWidget  *root,
                     const char *prefix)
{
  return sok_test_find_widget (root, is_label_with_prefix, prefix);
}

/* What assistive technology calls @widget when nothing set its label: a tile's
 * words, or the text of a button's label. */
static const char *
words_on (GtkWidget *widget)
{
  GtkWidget *child;

  if (SOK_IS_TILE (widget))
    return sok_tile_get_words (SOK_TILE (widget));

  child = gtk_button_get_child (GTK_BUTTON (widget));
  return GTK_IS_LABEL (child) ? gtk_label_get_label (GTK_LABEL (child)) : NULL;
}

static gboolean
is_button_named (GtkWidget     *widget,
                 gconstpointer  name)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_is_drawable (widget) &&
         (gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, name) == NULL ||
          g_strcmp0 (words_on (widget), name) == 0);
}

/* The drawable button under @root whose accessible name is @name: its accessible
 * label (a row's "Promise now, with an adult, Yusuf Ahmed"), or else its words. */
GtkWidget *
sok_test_find_button (GtkWidget  *root,
                      const char *name)
{
  return sok_test_find_widget (root, is_button_named, name);
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

  return sok_test_find_button (wait->root, wait->text) != NULL;
}

static gboolean
label_is_there (gpointer data)
{
  FindWait *wait = data;

  return sok_test_find_label (wait->root, wait->text) != NULL;
}

/* Waits for a label under @root starting with @prefix to be drawn, and returns it. */
GtkWidget *
sok_test_wait_for_label (GtkWidget  *root,
                         const char *prefix)
{
  FindWait wait = { root, prefix };

  sok_test_wait_until (label_is_there, &wait, 10000);
  return sok_test_find_label (root, prefix);
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
  return *(gboolean *) data;
}

/* Activates the sensitive button named @name under @root, as a finger would, and
 * waits until its click has arrived (GTK 4.8 delivers it on a timeout, and a second
 * activation before then is dropped). */
void
sok_test_press (GtkWidget  *root,
                const char *name)
{
  FindWait wait = { root, name };
  g_autoptr (GtkWidget) button = NULL;
  gboolean clicked = FALSE;
  gulong id;

  sok_test_wait_until (button_is_there, &wait, 5000);
  button = g_object_ref (sok_test_find_button (root, name));
  g_assert_true (gtk_widget_is_sensitive (button));
  id = g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &clicked);
  gtk_widget_activate (button);
  sok_test_wait_until (is_true, &clicked, 5000);
  g_signal_handler_disconnect (button, id);
}

typedef struct
{
  SokWindow  *window;
  const char *name;
} PageWait;

static gboolean
page_is_drawn (gpointer data)
{
  PageWait *wait = data;
  SokPage *page = sok_window_get_visible_page (wait->window);

  return page != NULL && g_strcmp0 (sok_page_get_name (page), wait->name) == 0 &&
         gtk_widget_get_mapped (GTK_WIDGET (page)) &&
         gtk_widget_get_width (GTK_WIDGET (page)) > 0;
}

/* Waits until the #SokWindow @window shows the page called @name, and for its slide
 * to end so only it can be tapped; returns the page. */
GtkWidget *
sok_test_wait_for_page (gpointer    window,
                        const char *name)
{
  PageWait wait = { SOK_WINDOW (window), name };

  sok_test_wait_until (page_is_drawn, &wait, 20000);
  sok_test_spin (300);

  return GTK_WIDGET (sok_window_get_visible_page (SOK_WINDOW (window)));
}

/* Saves what @window shows as the PNG file @path. */
void
sok_test_save_window_png (gpointer    window,
                          const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width = 0, height = 0;

  /* Right after a page was added the window may be waiting for its next layout and
   * draw nothing; a frame later it draws. */
  for (guint tries = 0; node == NULL && tries < 50; tries++)
    {
      g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

      sok_test_spin (20);
      width = gtk_widget_get_width (GTK_WIDGET (window));
      height = gtk_widget_get_height (GTK_WIDGET (window));
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* With SOK_SHOTS_DIR set, saves what the #SokWindow @window shows as NAME.png there,
 * for people to look at; otherwise does nothing. */
void
sok_test_save_shot (gpointer    window,
                    const char *name)
{
  const char *dir = g_getenv ("SOK_SHOTS_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  sok_test_spin (200);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  sok_test_save_window_png (window, path);
}

/* How many tiles @root holds, shown or not. */
guint
sok_test_count_tiles (GtkWidget *root)
{
  guint n = SOK_IS_TILE (root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += sok_test_count_tiles (child);

  return n;
}

/* A new temporary data directory made as `sokctl init` would; free it with g_free()
 * after sok_test_remove_tree(). */
char *
sok_test_make_data_dir (const char *tmpl)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  g_assert_true (sok_store_ensure_data_dir (dir, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&dir);
}

/* Opens what the kiosk opens in @dir: its kiosk.conf and its store. */
void
sok_test_open_data_dir (const char  *dir,
                        SokConfig  **config,
                        SokStore   **store)
{
  g_autoptr (GError) error = NULL;

  *config = sok_config_load (dir, &error);
  g_assert_no_error (error);
  *store = sok_store_open (dir, &error);
  g_assert_no_error (error);
}

/* Shows @window and waits until it is on screen. */
void
sok_test_present_window (gpointer window)
{
  gtk_window_present (GTK_WINDOW (window));
  sok_test_wait_until (sok_test_window_is_mapped, window, 5000);
}

/* Closes @window, lets GTK finish with it, and checks that it, @store and @config
 * (either may be %NULL) are freed: nothing the window used may leak. */
void
sok_test_close_window (gpointer   window,
                       SokStore  *store,
                       SokConfig *config)
{
  gtk_window_destroy (GTK_WINDOW (window));
  sok_test_spin (100);

  g_assert_finalize_object (window);
  if (store != NULL)
    g_assert_finalize_object (store);
  if (config != NULL)
    g_assert_finalize_object (config);
}

/* Conditions for sok_test_wait_until() on a #SokWindow. */
gboolean
sok_test_window_is_mapped (gpointer window)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window)) &&
         gtk_widget_get_width (GTK_WIDGET (window)) > 0;
}

gboolean
sok_test_window_shows_home (gpointer window)
{
  SokPage *page = sok_window_get_visible_page (SOK_WINDOW (window));

  return page != NULL && g_strcmp0 (sok_page_get_name (page), "home") == 0;
}
