/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-home-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-home-page.h"
#include "sok-picture.h"
#include "sok-tile.h"

/* The first screen: the school's name and two huge pictures a child can tell apart
 * without reading. The tiles ask the window to start a flow through its
 * “kiosk.start-flow” action; the window turns that into its start-flow signal.
 */
struct _SokHomePage
{
  SokPage    parent_instance;

  GtkWidget *promise_tile;
  GtkWidget *tell_tile;
};

G_DEFINE_FINAL_TYPE (SokHomePage, sok_home_page, SOK_TYPE_PAGE)

static char *
sok_home_page_dup_speech_text (SokPage *page)
{
  /* Translators: read aloud on the home screen; the names of its two big buttons */
  return g_strdup (_("Make my promise. Tell a grown-up."));
}

static void
sok_home_page_class_init (SokHomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);


  page_class->dup_speech_text = sok_home_page_dup_speech_text;

  g_type_ensure (SOK_TYPE_PICTURE);
  g_type_ensure (SOK_TYPE_TILE);

  /* No gtk_widget_dispose_template() for this class: its template's widgets sit in
   * SokPage's content slot, and SokPage's own dispose releases them with all the
   * page's template children (GTK 4.8 keeps one table of them per widget). */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokHomePage, promise_tile);
  gtk_widget_class_bind_template_child (widget_class, SokHomePage, tell_tile);
}

static void
sok_home_page_init (SokHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sok_home_page_new:
 * @school_name: (nullable): the school's name as pupils know it
 *
 * Returns: (transfer floating): the home page, named “home”
 */
GtkWidget *
sok_home_page_new (const char *school_name)
{
  SokHomePage *self = g_object_new (SOK_TYPE_HOME_PAGE, NULL);

  sok_home_page_set_school_name (self, school_name);

  return GTK_WIDGET (self);
}

void
sok_home_page_set_school_name (SokHomePage *self,
                               const char  *school_name)
{
  g_return_if_fail (SOK_IS_HOME_PAGE (self));

  if (school_name == NULL || *school_name == '\0')
    /* Translators: the home screen's heading when the school has not given its name */
    school_name = _("Welcome");

  sok_page_set_title (SOK_PAGE (self), school_name);
}
