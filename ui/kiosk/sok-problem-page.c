/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-problem-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-problem-page.h"
#include "sok-picture.h"

/* Shown instead of the home screen when the kiosk cannot work (its settings or its
 * database cannot be opened). A child sees a calm request to fetch an adult; the adult
 * finds the whole error, which says what to do, in small print below.
 */
struct _SokProblemPage
{
  SokPage    parent_instance;

  GtkWidget *details_label;
};

G_DEFINE_FINAL_TYPE (SokProblemPage, sok_problem_page, SOK_TYPE_PAGE)

static void
sok_problem_page_class_init (SokProblemPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);


  g_type_ensure (SOK_TYPE_PICTURE);

  /* No gtk_widget_dispose_template() for this class: its template's widgets sit in
   * SokPage's content slot, and SokPage's own dispose releases them with all the
   * page's template children (GTK 4.8 keeps one table of them per widget). */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-problem-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokProblemPage, details_label);
}

static void
sok_problem_page_init (SokProblemPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sok_problem_page_new:
 *
 * Returns: (transfer floating): the page named “problem”
 */
GtkWidget *
sok_problem_page_new (void)
{
  return g_object_new (SOK_TYPE_PROBLEM_PAGE, NULL);
}

const char *
sok_problem_page_get_details (SokProblemPage *self)
{
  g_return_val_if_fail (SOK_IS_PROBLEM_PAGE (self), NULL);

  return gtk_label_get_label (GTK_LABEL (self->details_label));
}

/**
 * sok_problem_page_set_details:
 * @details: the full error message, for staff
 */
void
sok_problem_page_set_details (SokProblemPage *self,
                              const char     *details)
{
  g_return_if_fail (SOK_IS_PROBLEM_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->details_label), details ? details : "");
}
