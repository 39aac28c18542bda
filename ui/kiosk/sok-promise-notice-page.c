/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-promise-notice-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-picture.h"
#include "sok-promise-notice-page.h"
#include "sok-tile.h"

/* A kind word before the rules, for a pupil who has been here before this school
 * year: "Well done, you promised already" (and they may read the rules again), or
 * "our rules have changed" (and they are asked to read and promise again).
 */
struct _SokPromiseNoticePage
{
  SokPage         parent_instance;

  GtkWidget      *words;
  GtkWidget      *read_tile;
  GtkWidget      *done_tile;
};

G_DEFINE_FINAL_TYPE (SokPromiseNoticePage, sok_promise_notice_page, SOK_TYPE_PAGE)

static void
read_clicked_cb (SokPromiseNoticePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "promise.read-rules", NULL);
}

static void
done_clicked_cb (SokPromiseNoticePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "promise.finish", NULL);
}

static char *
sok_promise_notice_page_dup_speech_text (SokPage *page)
{
  SokPromiseNoticePage *self = SOK_PROMISE_NOTICE_PAGE (page);

  return g_strdup_printf ("%s %s", sok_page_get_title (page),
                          gtk_label_get_label (GTK_LABEL (self->words)));
}

static void
sok_promise_notice_page_reset (SokPage *page)
{
  sok_promise_notice_page_set_text (SOK_PROMISE_NOTICE_PAGE (page), NULL, NULL, NULL, FALSE);
}

static void
sok_promise_notice_page_class_init (SokPromiseNoticePageClass *klass)
{
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  page_class->dup_speech_text = sok_promise_notice_page_dup_speech_text;
  page_class->reset = sok_promise_notice_page_reset;
}

static void
sok_promise_notice_page_init (SokPromiseNoticePage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 32);
  GtkWidget *tiles = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 48);

  self->words = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->words), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->words), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (self->words), 40);
  gtk_widget_add_css_class (self->words, "promise-words");

  self->read_tile = sok_tile_new ("tile-promise", NULL);
  sok_tile_set_picture_size (SOK_TILE (self->read_tile), 160);
  gtk_widget_add_css_class (self->read_tile, "big-choice");
  g_signal_connect_swapped (self->read_tile, "clicked", G_CALLBACK (read_clicked_cb), self);

  /* Translators: a button that ends the promise and goes back to the start */
  self->done_tile = sok_tile_new ("thank-you", _("All done"));
  sok_tile_set_picture_size (SOK_TILE (self->done_tile), 160);
  gtk_widget_add_css_class (self->done_tile, "big-choice");
  g_signal_connect_swapped (self->done_tile, "clicked", G_CALLBACK (done_clicked_cb), self);

  gtk_box_set_homogeneous (GTK_BOX (tiles), TRUE);
  gtk_widget_set_halign (tiles, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (tiles), self->read_tile);
  gtk_box_append (GTK_BOX (tiles), self->done_tile);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), self->words);
  gtk_box_append (GTK_BOX (box), tiles);

  sok_page_set_content (SOK_PAGE (self), box);
  sok_page_set_show_back (SOK_PAGE (self), TRUE);
  sok_page_set_icon_name (SOK_PAGE (self), "tile-promise");
  gtk_widget_set_name (GTK_WIDGET (self), "promise-notice");
  gtk_widget_add_css_class (GTK_WIDGET (self), "promise-notice");
}

/**
 * sok_promise_notice_page_new:
 *
 * Returns: (transfer floating): the page named “promise-notice”
 */
GtkWidget *
sok_promise_notice_page_new (SokContext *context)
{
  SokPromiseNoticePage *self;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  self = g_object_new (SOK_TYPE_PROMISE_NOTICE_PAGE,
                       "context", context, NULL);

  return GTK_WIDGET (self);
}

/**
 * sok_promise_notice_page_set_text:
 * @title: (nullable): the heading
 * @words: (nullable): what it says under the heading
 * @read_words: (nullable): the words on the button that shows the rules
 * @offer_done: whether to offer "All done" too (for a pupil who promised already)
 */
void
sok_promise_notice_page_set_text (SokPromiseNoticePage *self,
                                  const char           *title,
                                  const char           *words,
                                  const char           *read_words,
                                  gboolean              offer_done)
{
  g_return_if_fail (SOK_IS_PROMISE_NOTICE_PAGE (self));

  sok_page_set_title (SOK_PAGE (self), title);
  gtk_label_set_label (GTK_LABEL (self->words), words ? words : "");
  sok_tile_set_words (SOK_TILE (self->read_tile), read_words);
  gtk_widget_set_visible (self->done_tile, offer_done);
}
