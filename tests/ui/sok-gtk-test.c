/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-gtk-test"

#include "config.h"

#include <adwaita.h>

#include "sok-gtk-test.h"

/**
 * sok_test_keep_system_schemas:
 *
 * Call before g_test_init (G_TEST_OPTION_ISOLATE_DIRS): the isolated directories hide
 * the system's GSettings schemas, which libadwaita reads for the desktop's style (the
 * values come from the memory backend); this keeps them found.
 */
void
sok_test_keep_system_schemas (void)
{
  const char * const *data_dirs = g_get_system_data_dirs ();

  for (guint i = 0; data_dirs[i] != NULL && g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL; i++)
    {
      g_autofree char *schemas = g_build_filename (data_dirs[i], "glib-2.0", "schemas", NULL);
      g_autofree char *compiled = g_build_filename (schemas, "gschemas.compiled", NULL);

      if (g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
        g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
    }
}

/**
 * sok_test_init_style:
 * @css_resource: the program's style sheet in its GResource
 *
 * libadwaita, and the style sheet the application itself would load.
 */
void
sok_test_init_style (const char *css_resource)
{
  g_autoptr (GtkCssProvider) css = NULL;

  adw_init ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, css_resource);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* GTK delivers a button's activation on a timeout, and stack transitions run on the
 * main loop: iterate it until @condition holds, failing after a generous deadline.
 * SOK_TEST_TIMEOUT_FACTOR stretches every deadline, for runs under valgrind. */
void
sok_test_wait_until (SokTestCondition  condition,
                     gpointer          data,
                     guint             timeout_ms)
{
  const char *factor = g_getenv ("SOK_TEST_TIMEOUT_FACTOR");
  guint64 scale = factor != NULL ? MAX (1, g_ascii_strtoull (factor, NULL, 10)) : 1;
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_ms * scale) * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %u ms waiting for a condition", timeout_ms);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Iterates the main loop for @ms milliseconds. */
void
sok_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The first widget at or below @root, depth first, for which @match holds, or %NULL. */
GtkWidget *
sok_test_find_widget (GtkWidget     *root,
                      SokTestMatch   match,
                      gconstpointer  data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sok_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_drawable_of_type (GtkWidget     *widget,
                     gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type)) &&
         gtk_widget_is_drawable (widget);
}

/* The first drawable widget of @type at or below @root, or %NULL. */
GtkWidget *
sok_test_find_drawable_of_type (GtkWidget *root,
                                GType      type)
{
  return sok_test_find_widget (root, is_drawable_of_type, GSIZE_TO_POINTER (type));
}
