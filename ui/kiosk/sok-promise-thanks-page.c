/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-promise-thanks-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-picture.h"
#include "sok-promise-thanks-page.h"

/* The last screen of a promise: "Thank you, Amir!" and a cheer. It is shown only
 * after the agreement was committed, and goes home by itself after
 * SOK_PROMISE_THANKS_SECONDS, so the next child finds the start screen (or, for a
 * promise a teacher started, back to the teacher's campaign).
 */
struct _SokPromiseThanksPage
{
  SokPage         parent_instance;

  GtkWidget      *cheer;
  guint           home_id;
};

G_DEFINE_FINAL_TYPE (SokPromiseThanksPage, sok_promise_thanks_page, SOK_TYPE_PAGE)

static gboolean
go_home_cb (gpointer user_data)
{
  SokPromiseThanksPage *self = user_data;

  self->home_id = 0;
  /* Home for the next child; a promise a teacher started goes back to staff mode. */
  gtk_widget_activate_action (GTK_WIDGET (self), "promise.finish", NULL);

  return G_SOURCE_REMOVE;
}

static char *
sok_promise_thanks_page_dup_speech_text (SokPage *page)
{
  SokPromiseThanksPage *self = SOK_PROMISE_THANKS_PAGE (page);

  return g_strdup_printf ("%s %s", sok_page_get_title (page),
                          gtk_label_get_label (GTK_LABEL (self->cheer)));
}

static void
sok_promise_thanks_page_shown (SokPage *page)
{
  SokPromiseThanksPage *self = SOK_PROMISE_THANKS_PAGE (page);

  g_clear_handle_id (&self->home_id, g_source_remove);
  self->home_id = g_timeout_add_seconds (SOK_PROMISE_THANKS_SECONDS, go_home_cb, self);
}

static void
sok_promise_thanks_page_reset (SokPage *page)
{
  SokPromiseThanksPage *self = SOK_PROMISE_THANKS_PAGE (page);

  g_clear_handle_id (&self->home_id, g_source_remove);
  sok_page_set_title (page, NULL);
}

static void
sok_promise_thanks_page_dispose (GObject *object)
{
  SokPromiseThanksPage *self = SOK_PROMISE_THANKS_PAGE (object);

  g_clear_handle_id (&self->home_id, g_source_remove);

  G_OBJECT_CLASS (sok_promise_thanks_page_parent_class)->dispose (object);
}

static void
sok_promise_thanks_page_class_init (SokPromiseThanksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->dispose = sok_promise_thanks_page_dispose;

  page_class->dup_speech_text = sok_promise_thanks_page_dup_speech_text;
  page_class->shown = sok_promise_thanks_page_shown;
  page_class->reset = sok_promise_thanks_page_reset;
}

static void
sok_promise_thanks_page_init (SokPromiseThanksPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *picture = sok_picture_new ("thank-you");

  sok_picture_set_pixel_size (SOK_PICTURE (picture), 300);

  /* Translators: the cheer on the last screen of a promise */
  self->cheer = gtk_label_new (_("You made your promise. Hooray!"));
  gtk_label_set_wrap (GTK_LABEL (self->cheer), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->cheer), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->cheer, "cheer");

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), self->cheer);

  sok_page_set_content (SOK_PAGE (self), box);
  gtk_widget_set_name (GTK_WIDGET (self), "promise-thanks");
  gtk_widget_add_css_class (GTK_WIDGET (self), "promise-thanks");
}

/**
 * sok_promise_thanks_page_new:
 *
 * Returns: (transfer floating): the page named “promise-thanks”
 */
GtkWidget *
sok_promise_thanks_page_new (SokContext *context)
{
  SokPromiseThanksPage *self;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  self = g_object_new (SOK_TYPE_PROMISE_THANKS_PAGE,
                       "context", context, NULL);

  return GTK_WIDGET (self);
}

/**
 * sok_promise_thanks_page_set_name:
 * @forename: the pupil's first name
 */
void
sok_promise_thanks_page_set_name (SokPromiseThanksPage *self,
                                  const char           *forename)
{
  g_autofree char *title = NULL;

  g_return_if_fail (SOK_IS_PROMISE_THANKS_PAGE (self));
  g_return_if_fail (forename != NULL);

  /* Translators: the heading of the last screen of a promise; %s is the pupil's
   * first name. It must start with the words for "Thank you". */
  title = g_strdup_printf (_("Thank you, %s!"), forename);
  sok_page_set_title (SOK_PAGE (self), title);
}
