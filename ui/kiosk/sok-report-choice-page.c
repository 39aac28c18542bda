/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report-choice-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-report-choice-page.h"
#include "sok-tile.h"

/* The three picture screens of "Tell a grown-up": What happened?, Where? and How do
 * you feel?. The tiles come from the report content file (data/report/report.ini or
 * the school's own copy). One tap on a tile is the whole answer: the page says which
 * (its chosen signal; the flow puts it in the draft) and asks for the next screen
 * (flow.next), so a child who cannot read needs no Next.
 * Coming back, the chosen tile is marked and Next takes the child on unchanged.
 */
struct _SokReportChoicePage
{
  SokPage        parent_instance;

  GtkGrid       *grid;

  SokChoiceKind  kind;
  GPtrArray     *tiles;    /* of SokTile, borrowed from the grid */
  char          *chosen;
};

G_DEFINE_FINAL_TYPE (SokReportChoicePage, sok_report_choice_page, SOK_TYPE_PAGE)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mark_chosen (SokReportChoicePage *self)
{
  for (guint i = 0; i < self->tiles->len; i++)
    {
      GtkWidget *tile = g_ptr_array_index (self->tiles, i);
      const char *id = g_object_get_data (G_OBJECT (tile), "sok-choice-id");
      gboolean chosen = self->chosen != NULL && g_str_equal (id, self->chosen);

      if (chosen)
        gtk_widget_add_css_class (tile, "chosen");
      else
        gtk_widget_remove_css_class (tile, "chosen");

      /* A screen reader says which one was picked, as it would for a radio button. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (tile),
                                   GTK_ACCESSIBLE_STATE_PRESSED,
                                   chosen ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                          : GTK_ACCESSIBLE_TRISTATE_FALSE,
                                   -1);
    }

  sok_page_set_next_sensitive (SOK_PAGE (self), self->chosen != NULL);
}

static void
tile_clicked_cb (GtkButton           *tile,
                 SokReportChoicePage *self)
{
  const char *id = g_object_get_data (G_OBJECT (tile), "sok-choice-id");
  gboolean taken = FALSE;

  /* The flow refuses a choice while a report is being sent. */
  g_signal_emit (self, signals[CHOSEN], 0, id, &taken);
  if (!taken)
    return;

  g_free (self->chosen);
  self->chosen = g_strdup (id);

  mark_chosen (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "flow.next", NULL);
}

static void
build_tiles (SokReportChoicePage *self,
             SokReportContent    *content)
{
  GPtrArray *choices;
  guint columns;
  int picture_size;

  if (content == NULL)
    return;

  choices = sok_report_content_get_choices (content, self->kind);

  /* Up to five sit in one row (the faces), centred and as tall as they need; more
   * make rows of three that fill the page. */
  columns = choices->len <= 5 ? MAX (choices->len, 1) : 3;
  picture_size = choices->len <= 5 ? 150 : 100;
  if (choices->len <= 5)
    gtk_widget_set_valign (GTK_WIDGET (self->grid), GTK_ALIGN_CENTER);

  for (guint i = 0; i < choices->len; i++)
    {
      const SokChoice *choice = g_ptr_array_index (choices, i);
      GtkWidget *tile = sok_tile_new (choice->icon, choice->words);

      sok_tile_set_picture_size (SOK_TILE (tile), picture_size);
      gtk_widget_set_hexpand (tile, TRUE);
      gtk_widget_set_vexpand (tile, choices->len > 5);
      gtk_widget_add_css_class (tile, "choice");
      if (choices->len > 5)
        gtk_widget_add_css_class (tile, "in-rows");
      g_object_set_data_full (G_OBJECT (tile), "sok-choice-id", g_strdup (choice->id), g_free);
      g_signal_connect (tile, "clicked", G_CALLBACK (tile_clicked_cb), self);
      gtk_grid_attach (self->grid, tile, (int) (i % columns), (int) (i / columns), 1, 1);
      g_ptr_array_add (self->tiles, tile);
    }
}

static void
sok_report_choice_page_reset (SokPage *page)
{
  SokReportChoicePage *self = SOK_REPORT_CHOICE_PAGE (page);

  g_clear_pointer (&self->chosen, g_free);
  mark_chosen (self);
}

static char *
sok_report_choice_page_dup_speech_text (SokPage *page)
{
  SokReportChoicePage *self = SOK_REPORT_CHOICE_PAGE (page);
  g_autoptr (GString) text = g_string_new (sok_page_get_title (page));

  for (guint i = 0; i < self->tiles->len; i++)
    {
      /* Translators: what Listen says between the words of two picture tiles */
      g_string_append (text, _(". "));
      g_string_append (text, sok_tile_get_words (g_ptr_array_index (self->tiles, i)));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
sok_report_choice_page_next (SokPage *page)
{
  SokReportChoicePage *self = SOK_REPORT_CHOICE_PAGE (page);

  if (self->chosen != NULL)
    gtk_widget_activate_action (GTK_WIDGET (page), "flow.next", NULL);
}

static void
sok_report_choice_page_finalize (GObject *object)
{
  SokReportChoicePage *self = SOK_REPORT_CHOICE_PAGE (object);

  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->chosen, g_free);

  G_OBJECT_CLASS (sok_report_choice_page_parent_class)->finalize (object);
}

static void
sok_report_choice_page_class_init (SokReportChoicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->finalize = sok_report_choice_page_finalize;

  page_class->reset = sok_report_choice_page_reset;
  page_class->dup_speech_text = sok_report_choice_page_dup_speech_text;
  page_class->next = sok_report_choice_page_next;

  /**
   * SokReportChoicePage::chosen:
   * @id: the id of the choice whose tile was tapped
   *
   * Emitted when a tile is tapped. The flow puts the choice in the draft and returns
   * %TRUE; the page then marks the tile and asks for the next screen.
   *
   * Returns: %TRUE when the choice was taken
   */
  signals[CHOSEN] =
    g_signal_new ("chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 1, G_TYPE_STRING);

  g_type_ensure (SOK_TYPE_TILE);

  /* No gtk_widget_dispose_template() for this class: its template's widgets sit in
   * SokPage's content slot, and SokPage's own dispose releases them. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-report-choice-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokReportChoicePage, grid);
}

static void
sok_report_choice_page_init (SokReportChoicePage *self)
{
  self->tiles = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sok_report_choice_page_new:
 * @context: the kiosk's context
 * @content: (nullable): the report choices, which the tiles are made from; %NULL
 *   when they could not be read (the flow then never shows the page)
 * @kind: which question the page asks
 *
 * Returns: (transfer floating): the page, named %SOK_REPORT_PAGE_WHAT,
 *   %SOK_REPORT_PAGE_WHERE or %SOK_REPORT_PAGE_FEELING
 */
GtkWidget *
sok_report_choice_page_new (SokContext       *context,
                            SokReportContent *content,
                            SokChoiceKind     kind)
{
  SokReportChoicePage *self;
  const char *name = NULL;
  const char *title = NULL;
  const char *icon = NULL;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  switch (kind)
    {
    case SOK_CHOICE_CATEGORY:
      name = SOK_REPORT_PAGE_WHAT;
      /* Translators: the first "Tell a grown-up" screen's heading */
      title = _("What happened?");
      icon = "tile-tell";
      break;

    case SOK_CHOICE_WHERE:
      name = SOK_REPORT_PAGE_WHERE;
      /* Translators: heading; the child picks a game, videos, chat, … */
      title = _("Where did it happen?");
      icon = "where-somewhere-else";
      break;

    case SOK_CHOICE_FEELING:
      name = SOK_REPORT_PAGE_FEELING;
      /* Translators: heading over five faces */
      title = _("How do you feel?");
      icon = "feel-okay";
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  self = g_object_new (SOK_TYPE_REPORT_CHOICE_PAGE,
                       "context", context,
                       "name", name,
                       "title", title,
                       "icon-name", icon,
                       NULL);
  self->kind = kind;
  build_tiles (self, content);

  return GTK_WIDGET (self);
}

SokChoiceKind
sok_report_choice_page_get_kind (SokReportChoicePage *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_CHOICE_PAGE (self), SOK_CHOICE_CATEGORY);

  return self->kind;
}

/**
 * sok_report_choice_page_get_chosen:
 *
 * Returns: (nullable): the id of the tile the child chose
 */
const char *
sok_report_choice_page_get_chosen (SokReportChoicePage *self)
{
  g_return_val_if_fail (SOK_IS_REPORT_CHOICE_PAGE (self), NULL);

  return self->chosen;
}
