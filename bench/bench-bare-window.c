/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The floor for bench/startup: the least a GTK 4.8 program can do to show the kiosk
 * home screen's two pictures, fullscreen, on the same screen. Plain GTK (no
 * libadwaita, no database, no style sheet), the SVGs read by GdkPixbuf's own loader
 * at the kiosk's tile size (240 px). With SOK_BENCH_FIRST_FRAME set it says when its
 * first frame was painted, as the kiosk does ("first-frame MICROSECONDS", and
 * "first-frame-libs N": shared objects mapped at that moment).
 *
 * Usage: bench-bare-window PICTURE PICTURE
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gtk/gtk.h>

static char **pictures;

static guint
count_mapped_libraries (void)
{
  g_autofree char *maps = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    return 0;
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *path = strchr (lines[i], '/');

      if (path != NULL && strstr (path, ".so") != NULL)
        g_hash_table_add (seen, g_strdup (path));
    }
  return g_hash_table_size (seen);
}

static void
first_frame_painted_cb (GdkFrameClock *frame_clock,
                        gpointer       user_data)
{
  g_printerr ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_printerr ("first-frame-libs %u\n", count_mapped_libraries ());
  g_signal_handlers_disconnect_by_func (frame_clock, first_frame_painted_cb, user_data);
}

static GtkWidget *
make_picture (const char *path)
{
  GtkWidget *picture = gtk_picture_new_for_filename (path);

  gtk_widget_set_size_request (picture, 240, 240);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  return picture;
}

static void
activate_cb (GtkApplication *app,
             gpointer        user_data)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 48);

  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), make_picture (pictures[0]));
  gtk_box_append (GTK_BOX (box), make_picture (pictures[1]));
  gtk_window_set_child (GTK_WINDOW (window), box);
  /* Xvfb has no window manager to make a window fullscreen; the kiosk's window comes
   * out 1280×800 there from its content, so the floor draws the same area. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));

  if (g_getenv ("SOK_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                      G_CALLBACK (first_frame_painted_cb), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s PICTURE PICTURE (the home screen's two SVGs)\n", argv[0]);
      return 1;
    }
  pictures = argv + 1;

  /* As the kiosk's main(): drawing in software, GL is not even probed. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);

  app = gtk_application_new ("org.safeonlinekiosk.BenchBareWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
