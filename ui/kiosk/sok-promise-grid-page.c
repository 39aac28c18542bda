/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-promise-grid-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-promise-grid-page.h"
#include "sok-tile.h"

/* A screen of big buttons to pick one from: the classes, then a class's pupils. Each
 * button shows the class or pupil name and is named by it for assistive technology.
 * The flow fills the grid and hears what was chosen through the chosen signal.
 */
struct _SokPromiseGridPage
{
  SokPage         parent_instance;

  GtkWidget      *stack;
  GtkFlowBox     *grid;
  GtkWidget      *empty_label;
  guint           n_choices;
};

G_DEFINE_FINAL_TYPE (SokPromiseGridPage, sok_promise_grid_page, SOK_TYPE_PAGE)

#define CHOICE_ID_KEY "sok-choice-id"

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
choice_clicked_cb (SokPromiseGridPage *self,
                   GtkButton          *tile)
{
  gint64 *id = g_object_get_data (G_OBJECT (tile), CHOICE_ID_KEY);

  g_signal_emit (self, signals[CHOSEN], 0, *id);
}

/* Listen reads the question and then every choice, for a child who cannot read
 * the names yet. */
static char *
sok_promise_grid_page_dup_speech_text (SokPage *page)
{
  SokPromiseGridPage *self = SOK_PROMISE_GRID_PAGE (page);
  GString *text = g_string_new (sok_page_get_title (page));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->grid));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *tile = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *words = sok_tile_get_words (SOK_TILE (tile));
      gsize len = strlen (words);

      /* "Amir K." ends a sentence already; a pause between names, not two. */
      if (len > 0 && words[len - 1] == '.')
        len--;
      g_string_append (text, ". ");
      g_string_append_len (text, words, (gssize) len);
    }
  g_string_append_c (text, '.');

  return g_string_free (text, FALSE);
}

static void
sok_promise_grid_page_reset (SokPage *page)
{
  /* The names of a class must not stay in the widget tree after Hide. */
  sok_promise_grid_page_clear (SOK_PROMISE_GRID_PAGE (page));
}

static void
sok_promise_grid_page_class_init (SokPromiseGridPageClass *klass)
{
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  page_class->reset = sok_promise_grid_page_reset;
  page_class->dup_speech_text = sok_promise_grid_page_dup_speech_text;

  /**
   * SokPromiseGridPage::chosen:
   * @id: the id given with the button that was tapped
   */
  signals[CHOSEN] =
    g_signal_new ("chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
sok_promise_grid_page_init (SokPromiseGridPage *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  /* A flow box, not a grid: on a narrower screen the buttons wrap onto more rows
   * instead of pushing the page wider than the screen. */
  self->grid = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->grid, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->grid, TRUE);
  gtk_flow_box_set_min_children_per_line (self->grid, 2);
  gtk_flow_box_set_row_spacing (self->grid, 16);
  gtk_flow_box_set_column_spacing (self->grid, 20);
  gtk_widget_set_valign (GTK_WIDGET (self->grid), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid), "choice-grid");

  /* A big class may not fit: it scrolls up and down, never sideways. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  /* A scroll bar that stays, so a teacher sees at once that there are more names. */
  gtk_scrolled_window_set_overlay_scrolling (GTK_SCROLLED_WINDOW (scrolled), FALSE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->grid));

  self->empty_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->empty_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->empty_label, "promise-words");

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "choices");
  gtk_stack_add_named (GTK_STACK (self->stack), self->empty_label, "empty");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");

  sok_page_set_content (SOK_PAGE (self), self->stack);
  sok_page_set_show_back (SOK_PAGE (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "promise-grid");
}

/**
 * sok_promise_grid_page_new:
 * @context: the kiosk's context
 * @name: the page's name
 * @columns: the most buttons in a row (fewer on a narrow screen)
 *
 * Returns: (transfer floating): an empty grid page
 */
GtkWidget *
sok_promise_grid_page_new (SokContext *context,
                           const char *name,
                           guint       columns)
{
  SokPromiseGridPage *self;

  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (columns > 0, NULL);

  self = g_object_new (SOK_TYPE_PROMISE_GRID_PAGE,
                       "context", context, "name", name, NULL);
  gtk_flow_box_set_max_children_per_line (self->grid, columns);
  gtk_widget_add_css_class (GTK_WIDGET (self), name);

  return GTK_WIDGET (self);
}

guint
sok_promise_grid_page_get_n_choices (SokPromiseGridPage *self)
{
  g_return_val_if_fail (SOK_IS_PROMISE_GRID_PAGE (self), 0);

  return self->n_choices;
}

void
sok_promise_grid_page_clear (SokPromiseGridPage *self)
{
  GtkWidget *child;

  g_return_if_fail (SOK_IS_PROMISE_GRID_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_flow_box_remove (self->grid, child);

  self->n_choices = 0;
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
}

/**
 * sok_promise_grid_page_add_choice:
 * @id: what the flow is told when this button is tapped
 * @words: the name on the button, also its accessible name
 * @icon_name: (nullable): a picture above the words
 */
void
sok_promise_grid_page_add_choice (SokPromiseGridPage *self,
                                  gint64              id,
                                  const char         *words,
                                  const char         *icon_name)
{
  GtkWidget *tile;

  g_return_if_fail (SOK_IS_PROMISE_GRID_PAGE (self));
  g_return_if_fail (words != NULL);

  tile = sok_tile_new (icon_name, words);
  sok_tile_set_picture_size (SOK_TILE (tile), 96);
  gtk_widget_set_hexpand (tile, TRUE);
  gtk_widget_add_css_class (tile, icon_name == NULL ? "name-tile" : "class-tile");
  g_object_set_data_full (G_OBJECT (tile), CHOICE_ID_KEY, g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (tile, "clicked", G_CALLBACK (choice_clicked_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_flow_box_append (self->grid, tile);
  /* The tile is what takes focus and taps, not the flow box's wrapper around it. */
  gtk_widget_set_focusable (gtk_widget_get_parent (tile), FALSE);

  self->n_choices++;
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "choices");
}

/**
 * sok_promise_grid_page_set_empty_text:
 * @text: what the page says when there is nothing to choose
 */
void
sok_promise_grid_page_set_empty_text (SokPromiseGridPage *self,
                                      const char         *text)
{
  g_return_if_fail (SOK_IS_PROMISE_GRID_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->empty_label), text);
}
