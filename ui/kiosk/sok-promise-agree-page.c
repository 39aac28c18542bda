/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-promise-agree-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-draw-pad.h"
#include "sok-picture.h"
#include "sok-promise-agree-page.h"
#include "sok-tile.h"

/* The promise itself: the AUP's sentence in big words, a pad to sign with a finger,
 * and "I agree", one tap, which records the promise: signed when there is a
 * signature on the pad, tapped when there is not (for a child who cannot drag).
 */
struct _SokPromiseAgreePage
{
  SokPage         parent_instance;

  gboolean        with_adult;  /* a teacher started the promise */
  GtkWidget      *sentence;
  GtkWidget      *pad;
  GtkWidget      *again_tile;
  GtkWidget      *agree_tile;
  GtkWidget      *adult_toggle;
  GtkWidget      *saving_box;
  GtkWidget      *saving_bar;
  guint           saving_id;   /* until "Saving your promise…" shows */
  guint           pulse_id;
};

G_DEFINE_FINAL_TYPE (SokPromiseAgreePage, sok_promise_agree_page, SOK_TYPE_PAGE)

enum {
  AGREED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pad_changed_cb (SokPromiseAgreePage *self)
{
  gtk_widget_set_sensitive (self->again_tile,
                            sok_draw_pad_get_n_strokes (SOK_DRAW_PAD (self->pad)) > 0);
}

static void
again_clicked_cb (SokPromiseAgreePage *self)
{
  sok_draw_pad_clear (SOK_DRAW_PAD (self->pad));
}

/* The pad keeps strokes in its own unit square, as the signature does. */
static SokSignature *
dup_signature (SokPromiseAgreePage *self)
{
  SokDrawPad *pad = SOK_DRAW_PAD (self->pad);
  g_autoptr (SokSignature) signature = sok_signature_new ();

  for (guint s = 0; s < sok_draw_pad_get_n_strokes (pad); s++)
    {
      const GArray *stroke = sok_draw_pad_get_stroke (pad, s);

      sok_signature_begin_stroke (signature);
      for (guint i = 0; i < stroke->len; i++)
        {
          const graphene_point_t *p = &g_array_index (stroke, graphene_point_t, i);

          /* A very long scribble is cut at the signature's size limit. */
          if (!sok_signature_add_point (signature, p->x, p->y))
            return g_steal_pointer (&signature);
        }
    }

  return g_steal_pointer (&signature);
}

static void
agree_clicked_cb (SokPromiseAgreePage *self)
{
  g_autoptr (SokSignature) signature = dup_signature (self);

  g_signal_emit (self, signals[AGREED], 0, signature,
                 gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->adult_toggle)));
}

static char *
sok_promise_agree_page_dup_speech_text (SokPage *page)
{
  SokPromiseAgreePage *self = SOK_PROMISE_AGREE_PAGE (page);

  return g_strdup_printf ("%s %s",
                          gtk_label_get_label (GTK_LABEL (self->sentence)),
                          /* Translators: read aloud on the agreement screen */
                          _("Sign your name with your finger, then tap I agree. "
                            "Or just tap I agree."));
}

static gboolean
pulse_cb (gpointer user_data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (SOK_PROMISE_AGREE_PAGE (user_data)->saving_bar));
  return G_SOURCE_CONTINUE;
}

static gboolean
saving_shows_cb (gpointer user_data)
{
  SokPromiseAgreePage *self = user_data;

  self->saving_id = 0;
  gtk_widget_set_visible (self->saving_box, TRUE);
  self->pulse_id = g_timeout_add (100, pulse_cb, self);
  return G_SOURCE_REMOVE;
}

/* A commit is quick on an ordinary disk: the words show only when it is not. */
#define SAVING_DELAY_MS 300

/**
 * sok_promise_agree_page_set_saving:
 * @saving: whether the promise is being stored
 *
 * While the promise is stored, "I agree" cannot be tapped again, and after a moment
 * the page says it is saving, with a bar that moves.
 */
void
sok_promise_agree_page_set_saving (SokPromiseAgreePage *self,
                                   gboolean             saving)
{
  g_return_if_fail (SOK_IS_PROMISE_AGREE_PAGE (self));

  g_clear_handle_id (&self->saving_id, g_source_remove);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_set_visible (self->saving_box, FALSE);
  gtk_widget_set_sensitive (self->agree_tile, !saving);
  if (saving)
    self->saving_id = g_timeout_add (SAVING_DELAY_MS, saving_shows_cb, self);
}

static void
sok_promise_agree_page_dispose (GObject *object)
{
  SokPromiseAgreePage *self = SOK_PROMISE_AGREE_PAGE (object);

  g_clear_handle_id (&self->saving_id, g_source_remove);
  g_clear_handle_id (&self->pulse_id, g_source_remove);

  G_OBJECT_CLASS (sok_promise_agree_page_parent_class)->dispose (object);
}

static void
sok_promise_agree_page_reset (SokPage *page)
{
  SokPromiseAgreePage *self = SOK_PROMISE_AGREE_PAGE (page);

  sok_promise_agree_page_set_saving (self, FALSE);

  /* A signature never stays on screen for the next child. */
  sok_draw_pad_clear (SOK_DRAW_PAD (self->pad));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->adult_toggle), FALSE);
}

static void
sok_promise_agree_page_shown (SokPage *page)
{
  SokPromiseAgreePage *self = SOK_PROMISE_AGREE_PAGE (page);
  gboolean with_adult = self->with_adult;

  sok_promise_agree_page_reset (page);

  /* A promise a teacher started is made with an adult: the switch shows it on, in its
   * full colours (greyed out it looked off), and cannot be tapped or focused off. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->adult_toggle), with_adult);
  gtk_widget_set_can_target (self->adult_toggle, !with_adult);
  gtk_widget_set_focusable (self->adult_toggle, !with_adult);
}

static void
sok_promise_agree_page_class_init (SokPromiseAgreePageClass *klass)
{
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sok_promise_agree_page_dispose;
  page_class->dup_speech_text = sok_promise_agree_page_dup_speech_text;
  page_class->reset = sok_promise_agree_page_reset;
  page_class->shown = sok_promise_agree_page_shown;

  /**
   * SokPromiseAgreePage::agreed:
   * @signature: (type SokSignature): the child's signature, borrowed for the emission;
   *   empty when they only tapped "I agree"
   * @with_adult: whether the "a grown-up helped me" switch was on
   *
   * Emitted when "I agree" is tapped; the flow records the promise.
   */
  signals[AGREED] =
    g_signal_new ("agreed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);
}

static void
sok_promise_agree_page_init (SokPromiseAgreePage *self)
{
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 48);
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 32);
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *under_pad = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *adult_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *adult_label;
  GtkWidget *saving_label;
  GtkWidget *adult_picture = sok_picture_new ("tell-in-person");
  GtkWidget *sign_here;
  GtkWidget *frame;

  self->sentence = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->sentence), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->sentence), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (self->sentence), 26);
  gtk_widget_add_css_class (self->sentence, "agreement-words");

  /* Translators: the big button that makes the promise with one tap */
  self->agree_tile = sok_tile_new ("agree", _("I agree"));
  sok_tile_set_picture_size (SOK_TILE (self->agree_tile), 120);
  gtk_widget_set_vexpand (self->agree_tile, TRUE);
  gtk_widget_add_css_class (self->agree_tile, "agree-tile");
  g_signal_connect_swapped (self->agree_tile, "clicked", G_CALLBACK (agree_clicked_cb), self);

  /* Translators: shown under "I agree" when storing the promise takes a moment */
  saving_label = gtk_label_new (_("Saving your promise…"));
  gtk_label_set_wrap (GTK_LABEL (saving_label), TRUE);
  gtk_widget_add_css_class (saving_label, "agreement-saving");
  self->saving_bar = gtk_progress_bar_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->saving_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Saving your promise…"),
                                  -1);
  self->saving_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (self->saving_box), saving_label);
  gtk_box_append (GTK_BOX (self->saving_box), self->saving_bar);
  gtk_widget_set_visible (self->saving_box, FALSE);

  gtk_widget_set_size_request (left, 360, -1);
  gtk_box_append (GTK_BOX (left), self->sentence);
  gtk_box_append (GTK_BOX (left), self->agree_tile);
  gtk_box_append (GTK_BOX (left), self->saving_box);

  /* Translators: over the box where a pupil signs with their finger */
  sign_here = gtk_label_new (_("Sign here"));
  gtk_label_set_xalign (GTK_LABEL (sign_here), 0);
  gtk_widget_add_css_class (sign_here, "sign-here");

  self->pad = sok_draw_pad_new ();
  gtk_widget_set_hexpand (self->pad, TRUE);
  gtk_widget_set_vexpand (self->pad, TRUE);
  gtk_widget_set_size_request (self->pad, 360, 220);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pad),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sign here"),
                                  -1);
  g_signal_connect_swapped (self->pad, "changed", G_CALLBACK (pad_changed_cb), self);

  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), self->pad);
  gtk_widget_add_css_class (frame, "sign-pad");

  /* Translators: clears the signature box so the pupil can sign again */
  self->again_tile = sok_tile_new ("draw", _("Start again"));
  sok_tile_set_picture_size (SOK_TILE (self->again_tile), 48);
  gtk_widget_set_halign (self->again_tile, GTK_ALIGN_END);
  gtk_widget_set_sensitive (self->again_tile, FALSE);
  gtk_widget_add_css_class (self->again_tile, "control");
  g_signal_connect_swapped (self->again_tile, "clicked", G_CALLBACK (again_clicked_cb), self);

  /* For the record, not for the child: the grown-up who helped a young child
   * says so with one tap. */
  /* Translators: a switch on the agreement screen, tapped by an adult who helped */
  adult_label = gtk_label_new (_("A grown-up helped me"));
  sok_picture_set_pixel_size (SOK_PICTURE (adult_picture), 48);
  gtk_box_append (GTK_BOX (adult_box), adult_picture);
  gtk_box_append (GTK_BOX (adult_box), adult_label);
  self->adult_toggle = gtk_toggle_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->adult_toggle), adult_box);
  gtk_widget_set_valign (self->adult_toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (self->adult_toggle, FALSE);
  gtk_widget_add_css_class (self->adult_toggle, "adult-helped");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->adult_toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("A grown-up helped me"),
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (adult_label),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);

  gtk_widget_set_hexpand (self->again_tile, TRUE);
  gtk_box_append (GTK_BOX (under_pad), self->adult_toggle);
  gtk_box_append (GTK_BOX (under_pad), self->again_tile);

  gtk_widget_set_hexpand (right, TRUE);
  gtk_box_append (GTK_BOX (right), sign_here);
  gtk_box_append (GTK_BOX (right), frame);
  gtk_box_append (GTK_BOX (right), under_pad);

  gtk_box_append (GTK_BOX (columns), left);
  gtk_box_append (GTK_BOX (columns), right);

  sok_page_set_content (SOK_PAGE (self), columns);
  sok_page_set_show_back (SOK_PAGE (self), TRUE);
  /* Translators: heading of the screen where the pupil signs or taps "I agree" */
  sok_page_set_title (SOK_PAGE (self), _("Make your promise"));
  sok_page_set_icon_name (SOK_PAGE (self), "sign");
  gtk_widget_set_name (GTK_WIDGET (self), "promise-agree");
  gtk_widget_add_css_class (GTK_WIDGET (self), "promise-agree");
}

/**
 * sok_promise_agree_page_new:
 *
 * Returns: (transfer floating): the page named “promise-agree”
 */
GtkWidget *
sok_promise_agree_page_new (SokContext *context)
{
  SokPromiseAgreePage *self;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  self = g_object_new (SOK_TYPE_PROMISE_AGREE_PAGE,
                       "context", context, NULL);

  return GTK_WIDGET (self);
}

/**
 * sok_promise_agree_page_set_with_adult:
 * @with_adult: whether a teacher started this promise
 *
 * Such a promise is made with an adult: the page shows the switch on and fixed the
 * next time it is shown.
 */
void
sok_promise_agree_page_set_with_adult (SokPromiseAgreePage *self,
                                       gboolean             with_adult)
{
  g_return_if_fail (SOK_IS_PROMISE_AGREE_PAGE (self));

  self->with_adult = !!with_adult;
}

/**
 * sok_promise_agree_page_get_pad:
 *
 * Returns: (transfer none): the signature pad
 */
GtkWidget *
sok_promise_agree_page_get_pad (SokPromiseAgreePage *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_AGREE_PAGE (self), NULL);

  return self->pad;
}

/**
 * sok_promise_agree_page_set_sentence:
 * @sentence: (nullable): the AUP's agreement sentence
 */
void
sok_promise_agree_page_set_sentence (SokPromiseAgreePage *self,
                                     const char          *sentence)
{
  g_return_if_fail (SOK_IS_PROMISE_AGREE_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->sentence), sentence ? sentence : "");
}
