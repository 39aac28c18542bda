/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report-more-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-draw-pad.h"
#include "sok-keyboard.h"
#include "sok-report-more-page.h"
#include "sok-stack.h"
#include "sok-tile.h"

/* "Tell us more (if you want)": the child may type with the kiosk's own keyboard, or
 * draw with a finger, or neither (Next skips). What is typed stays in a text buffer
 * in memory and what is drawn in the pad's strokes, both held by this page only
 * until Send copies them into the draft; Hide, idle time-out and Send throw them
 * away. Both are capped, and the child is told so kindly: the text at
 * SOK_REPORT_MAX_TEXT characters, the drawing when the pad is full.
 */
struct _SokReportMorePage
{
  SokPage        parent_instance;

  GtkWidget     *type_tile;
  GtkWidget     *draw_tile;
  GtkStack      *mode_stack;
  GtkTextView   *text_view;
  GtkWidget     *text_limit_label;
  SokKeyboard   *keyboard;
  SokDrawPad    *draw_pad;
  GtkLabel      *draw_limit_label;

  gulong         changed_id;
  gboolean       capped;
  gboolean       capping;
};

G_DEFINE_FINAL_TYPE (SokReportMorePage, sok_report_more_page, SOK_TYPE_PAGE)

/* Everything the child sees on the pad fits the report unchanged. */
G_STATIC_ASSERT (SOK_DRAW_PAD_MAX_POINTS <= SOK_REPORT_MAX_POINTS);
G_STATIC_ASSERT (SOK_DRAW_PAD_MAX_STROKES <= SOK_REPORT_MAX_STROKES);

static void
buffer_changed_cb (GtkTextBuffer     *buffer,
                   SokReportMorePage *self)
{
  gboolean capped;

  if (self->capping)
    return;

  /* Cut what goes past the limit, as it arrives (a key at a time, or pasted by
   * assistive technology), so the buffer never holds more than a report may. */
  capped = gtk_text_buffer_get_char_count (buffer) >= SOK_REPORT_MAX_TEXT;
  if (gtk_text_buffer_get_char_count (buffer) > SOK_REPORT_MAX_TEXT)
    {
      GtkTextIter start, end;

      self->capping = TRUE;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, SOK_REPORT_MAX_TEXT);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_delete (buffer, &start, &end);
      self->capping = FALSE;
    }

  self->capped = capped;
  gtk_widget_set_visible (self->text_limit_label, capped);

  /* The keys never take the focus, so the view does not follow the cursor by itself:
   * keep the words being typed in sight. */
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (buffer));
}

/* A new, empty buffer for each report, so nothing of the last child's words is kept
 * in the old one's undo history. */
static void
new_buffer (SokReportMorePage *self)
{
  GtkTextBuffer *old = gtk_text_view_get_buffer (self->text_view);
  g_autoptr (GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);

  if (old != NULL && self->changed_id != 0)
    {
      g_clear_signal_handler (&self->changed_id, old);
      gtk_text_buffer_set_text (old, "", 0);
    }

  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  self->changed_id = g_signal_connect (buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  gtk_text_view_set_buffer (self->text_view, buffer);
  self->capped = FALSE;
  gtk_widget_set_visible (self->text_limit_label, FALSE);
}

static void
update_draw_hint (SokReportMorePage *self)
{
  gboolean full = sok_draw_pad_get_full (self->draw_pad);

  if (full)
    /* Translators: shown when the drawing pad takes no more lines */
    gtk_label_set_label (self->draw_limit_label,
                         _("Your drawing is full. A grown-up can hear the rest when you talk to them."));
  else
    gtk_label_set_label (self->draw_limit_label, _("Draw with your finger."));

  /* The limit stands out as the typing limit does; the hint is quiet. */
  if (full)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->draw_limit_label), "report-limit");
      gtk_widget_remove_css_class (GTK_WIDGET (self->draw_limit_label), "report-hint");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->draw_limit_label), "report-hint");
      gtk_widget_remove_css_class (GTK_WIDGET (self->draw_limit_label), "report-limit");
    }
}

static void
pad_changed_cb (SokDrawPad        *pad,
                SokReportMorePage *self)
{
  update_draw_hint (self);
}

void
sok_report_more_page_show_drawing (SokReportMorePage *self,
                                   gboolean           drawing)
{
  g_return_if_fail (SOK_IS_REPORT_MORE_PAGE (self));

  gtk_stack_set_visible_child_name (self->mode_stack, drawing ? "draw" : "type");

  if (drawing)
    {
      gtk_widget_add_css_class (self->draw_tile, "chosen");
      gtk_widget_remove_css_class (self->type_tile, "chosen");
    }
  else
    {
      gtk_widget_add_css_class (self->type_tile, "chosen");
      gtk_widget_remove_css_class (self->draw_tile, "chosen");
    }
}

static void
mode_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sok_report_more_page_show_drawing (SOK_REPORT_MORE_PAGE (widget),
                                     g_str_equal (g_variant_get_string (parameter, NULL), "draw"));
}

static void
clear_drawing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SokReportMorePage *self = SOK_REPORT_MORE_PAGE (widget);

  sok_draw_pad_clear (self->draw_pad);
  update_draw_hint (self);
}

/**
 * sok_report_more_page_apply:
 * @draft: the report's draft
 *
 * Copies what the child typed and drew into @draft, replacing what it held.
 */
void
sok_report_more_page_apply (SokReportMorePage *self,
                            SokReportDraft    *draft)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  char *text;
  guint width, height;

  g_return_if_fail (SOK_IS_REPORT_MORE_PAGE (self));
  g_return_if_fail (draft != NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  sok_report_draft_set_text (draft, text, -1);
  sok_report_secret_free (text);

  /* The pad keeps points in its unit square; the draft keeps them in canvas units
   * of the same shape as the pad on screen. */
  width = (guint) MAX (gtk_widget_get_width (GTK_WIDGET (self->draw_pad)), 0);
  height = (guint) MAX (gtk_widget_get_height (GTK_WIDGET (self->draw_pad)), 0);
  if (width == 0 || height == 0)
    {
      width = 1000;
      height = 600;
    }

  sok_report_draft_clear_drawing (draft);
  sok_report_draft_set_canvas_size (draft, width, height);
  for (guint i = 0; i < sok_draw_pad_get_n_strokes (self->draw_pad); i++)
    {
      const GArray *stroke = sok_draw_pad_get_stroke (self->draw_pad, i);

      if (!sok_report_draft_begin_stroke (draft))
        break;
      for (guint j = 0; j < stroke->len; j++)
        {
          const graphene_point_t *p = &g_array_index (stroke, graphene_point_t, j);

          if (!sok_report_draft_add_point (draft, p->x * width, p->y * height))
            break;
        }
    }
}

static void
sok_report_more_page_reset (SokPage *page)
{
  SokReportMorePage *self = SOK_REPORT_MORE_PAGE (page);

  new_buffer (self);
  sok_draw_pad_clear (self->draw_pad);
  update_draw_hint (self);
  sok_keyboard_set_capitals (self->keyboard, FALSE);
  sok_report_more_page_show_drawing (self, FALSE);
}

static char *
sok_report_more_page_dup_speech_text (SokPage *page)
{
  /* What the child typed is never read aloud: classmates may be near. */
  return g_strdup_printf ("%s. %s", sok_page_get_title (page),
                          /* Translators: read aloud on the "Tell us more" screen */
                          _("You can type it, or draw it. You don't have to: tap Next."));
}

static void
sok_report_more_page_dispose (GObject *object)
{
  SokReportMorePage *self = SOK_REPORT_MORE_PAGE (object);

  if (self->text_view != NULL && self->changed_id != 0)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

      g_clear_signal_handler (&self->changed_id, buffer);
      gtk_text_buffer_set_text (buffer, "", 0);
    }

  G_OBJECT_CLASS (sok_report_more_page_parent_class)->dispose (object);
}

static void
sok_report_more_page_class_init (SokReportMorePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->dispose = sok_report_more_page_dispose;

  page_class->reset = sok_report_more_page_reset;
  page_class->dup_speech_text = sok_report_more_page_dup_speech_text;

  g_type_ensure (SOK_TYPE_TILE);
  g_type_ensure (SOK_TYPE_KEYBOARD);
  g_type_ensure (SOK_TYPE_DRAW_PAD);

  /* No gtk_widget_dispose_template() for this class: its template's widgets sit in
   * SokPage's content slot, and SokPage's own dispose releases them. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-report-more-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokReportMorePage, type_tile);
  gtk_widget_class_bind_template_child (widget_class, SokReportMorePage, draw_tile);
  gtk_widget_class_bind_template_child (widget_class, SokReportMorePage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, SokReportMorePage, text_view);
  gtk_widget_class_bind_template_child (widget_class, SokReportMorePage, text_limit_label);
  gtk_widget_class_bind_template_child (widget_class, SokReportMorePage, keyboard);
  gtk_widget_class_bind_template_child (widget_class, SokReportMorePage, draw_pad);
  gtk_widget_class_bind_template_child (widget_class, SokReportMorePage, draw_limit_label);

  gtk_widget_class_install_action (widget_class, "report-more.mode", "s", mode_action);
  gtk_widget_class_install_action (widget_class, "report-more.clear-drawing", NULL,
                                   clear_drawing_action);
}

static void
sok_report_more_page_init (SokReportMorePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  sok_stack_present_only_visible_child (self->mode_stack);
  new_buffer (self);
  sok_keyboard_set_target (self->keyboard, GTK_WIDGET (self->text_view));
  g_signal_connect (self->draw_pad, "changed", G_CALLBACK (pad_changed_cb), self);
  sok_report_more_page_show_drawing (self, FALSE);
}

/**
 * sok_report_more_page_new:
 * @context: the kiosk's context
 *
 * Returns: (transfer floating): the page named %SOK_REPORT_PAGE_MORE
 */
GtkWidget *
sok_report_more_page_new (SokContext *context)
{
  SokReportMorePage *self;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  self = g_object_new (SOK_TYPE_REPORT_MORE_PAGE,
                       "context", context, NULL);

  return GTK_WIDGET (self);
}

/**
 * sok_report_more_page_get_buffer:
 *
 * Returns: (transfer none): the buffer the child types into
 */
GtkTextBuffer *
sok_report_more_page_get_buffer (SokReportMorePage *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_MORE_PAGE (self), NULL);

  return gtk_text_view_get_buffer (self->text_view);
}

/**
 * sok_report_more_page_get_capped:
 *
 * Returns: %TRUE when the child has typed as much as a report may hold and is
 *   being told so
 */
gboolean
sok_report_more_page_get_capped (SokReportMorePage *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_MORE_PAGE (self), FALSE);

  return self->capped;
}
