/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-governors-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-file-chooser.h"
#include "sok-governors-page.h"

/* The governors' figures: a term's reports counted by category, risk area, where,
 * age band and outcome, beside the term before, small numbers hidden (core's
 * SokStats does the counting and the hiding), and exported as a PDF. */
struct _SokGovernorsPage
{
  AdwBin                parent_instance;

  GtkLabel             *heading;
  GtkLabel             *summary_label;
  GtkDropDown          *term_dropdown;
  GtkBox               *groups_box;

  SokQueue             *queue;
  SokDslKey            *key;        /* borrowed from the window, which clears us first */
  SokReportContent     *content;    /* likewise */
  char                 *actor;
  char                 *school_name;
  SokStats             *stats;
  GArray               *terms;      /* of Term, newest first, as in the drop-down */
  gboolean              filling;
  GtkFileChooserNative *chooser;
};

typedef struct
{
  SokTerm term;
  int     year;
} Term;

/* How many terms the drop-down offers: two school years. */
#define N_TERMS 6

G_DEFINE_FINAL_TYPE (SokGovernorsPage, sok_governors_page, ADW_TYPE_BIN)

static void
show_notice (SokGovernorsPage *self,
       const char       *message)
{
  /* Through the window, which takes its notices down when it locks. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.notice", "s", message);
}

static GtkWidget *
count_label (const char *text,
             gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_width_chars (GTK_LABEL (label), 17);
  gtk_widget_add_css_class (label, "numeric");
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* @row: (nullable): a row of the figures, or %NULL for the totals */
static GtkWidget *
counts_box (SokStats          *stats,
            const SokStatsRow *row)
{
  g_autofree char *now = sok_stats_dup_count_text (stats, row, FALSE);
  g_autofree char *before = sok_stats_dup_count_text (stats, row, TRUE);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_append (GTK_BOX (box), count_label (now, FALSE));
  gtk_box_append (GTK_BOX (box), count_label (before, TRUE));
  return box;
}

static GtkWidget *
column_titles (SokStats *stats)
{
  g_autofree char *now = sok_stats_dup_title (stats, FALSE);
  g_autofree char *before = sok_stats_dup_title (stats, TRUE);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label;

  /* The headers line up with the counts below them (and the rows' padding). */
  gtk_widget_set_margin_end (box, 12);
  label = count_label (now, FALSE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  label = count_label (before, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

static GtkWidget *
counts_row (const char        *title,
            SokStats          *stats,
            const SokStatsRow *row)
{
  GtkWidget *widget = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), counts_box (stats, row));
  return widget;
}

static void
remove_groups (SokGovernorsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

static void
fill (SokGovernorsPage *self)
{
  SokStats *stats = self->stats;
  GPtrArray *rows = sok_stats_get_rows (stats);
  g_autofree char *title = sok_stats_dup_title (stats, FALSE);
  g_autofree char *heading = NULL;
  g_autofree char *total = sok_stats_dup_count_text (stats, NULL, FALSE);
  g_autofree char *previous_total = sok_stats_dup_count_text (stats, NULL, TRUE);
  g_autofree char *previous_title = sok_stats_dup_title (stats, TRUE);
  g_autoptr (GString) summary = g_string_new (NULL);
  AdwPreferencesGroup *group;

  remove_groups (self);

  /* Translators: the governors' page heading; %s is a term such as "Autumn term 2026" */
  heading = g_strdup_printf (_("Governors’ figures: %s"), title);
  gtk_label_set_text (self->heading, heading);

  /* Translators: the first %s is a count ("12" or "hidden"), the second a count,
   * the third a term such as "Summer term 2026" */
  g_string_printf (summary, _("%s reports this term; %s in the %s."), total,
                   previous_total, previous_title);
  if (sok_stats_get_unreadable (stats) > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u report could not be read with this key and "
                                           "is not counted.",
                                           "%u reports could not be read with this key and "
                                           "are not counted.",
                                           sok_stats_get_unreadable (stats)),
                              sok_stats_get_unreadable (stats));
    }
  gtk_label_set_text (self->summary_label, summary->str);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("All reports"));
  adw_preferences_group_set_header_suffix (group, column_titles (stats));
  adw_preferences_group_add (group, counts_row (_("Reports"), stats, NULL));
  gtk_box_append (self->groups_box, GTK_WIDGET (group));

  for (int dimension = 0; dimension < SOK_STATS_N_DIMENSIONS; dimension++)
    {
      guint n_rows = 0;

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, sok_stats_dimension_get_label (dimension));
      adw_preferences_group_set_header_suffix (group, column_titles (stats));

      for (guint i = 0; i < rows->len; i++)
        {
          SokStatsRow *row = g_ptr_array_index (rows, i);

          if ((int)row->dimension != dimension)
            continue;
          adw_preferences_group_add (group, counts_row (row->label, stats, row));
          n_rows++;
        }
      if (n_rows == 0)
        {
          GtkWidget *none = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("No reports"));
          gtk_widget_add_css_class (none, "dim-label");
          adw_preferences_group_add (group, none);
        }
      gtk_box_append (self->groups_box, GTK_WIDGET (group));
    }
}

static gboolean
compute (SokGovernorsPage  *self,
         SokTerm            term,
         int                year,
         GError           **error)
{
  SokStats *stats;

  stats = sok_stats_compute (self->queue, self->key, self->content, term, year, self->actor,
                             error);
  if (stats == NULL)
    return FALSE;

  g_clear_pointer (&self->stats, sok_stats_free);
  self->stats = stats;
  fill (self);
  return TRUE;
}

static void
fill_terms (SokGovernorsPage *self,
            SokTerm           term,
            int               year)
{
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  Term current = { term, year };

  g_array_set_size (self->terms, 0);
  for (guint i = 0; i < N_TERMS; i++)
    {
      g_autofree char *label = NULL;
      Term previous;

      g_array_append_val (self->terms, current);
      /* Translators: a term's name and its year, as in "Autumn term 2026" */
      label = g_strdup_printf (_("%s %d"), sok_term_get_label (current.term), current.year);
      gtk_string_list_append (model, label);
      sok_term_previous (current.term, current.year, &previous.term, &previous.year);
      current = previous;
    }

  self->filling = TRUE;
  gtk_drop_down_set_model (self->term_dropdown, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (self->term_dropdown, 0);
  self->filling = FALSE;
}

static void
term_selected_cb (SokGovernorsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->term_dropdown);
  g_autoptr (GError) error = NULL;
  Term *term;

  if (self->filling || self->queue == NULL || selected >= self->terms->len)
    return;

  term = &g_array_index (self->terms, Term, selected);
  if (!compute (self, term->term, term->year, &error))
    show_notice (self, error->message);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  SokGovernorsPage *self = user_data;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  file = sok_file_chooser_take_file (&self->chooser, response);
  if (file == NULL || self->stats == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_notice (self, _("Choose a file on this computer to export to."));
      return;
    }
  if (!sok_governors_page_export_to (self, path, &error))
    show_notice (self, error->message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokGovernorsPage *self = SOK_GOVERNORS_PAGE (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->stats == NULL || self->chooser != NULL)
    return;

  name = g_strdup_printf ("governors-%s-%d.pdf",
                          sok_term_to_string (sok_stats_get_term (self->stats)),
                          sok_stats_get_year (self->stats));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_suffix (filter, "pdf");

  self->chooser = sok_file_chooser_show (widget, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("Export the governors’ figures"), _("_Export"),
                                         filter, name, G_CALLBACK (export_response_cb), self);
}

static void
sok_governors_page_dispose (GObject *object)
{
  SokGovernorsPage *self = SOK_GOVERNORS_PAGE (object);

  sok_governors_page_clear (self);
  sok_file_chooser_clear (&self->chooser);

  /* The bin's child is the template's top widget: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SOK_TYPE_GOVERNORS_PAGE);

  G_OBJECT_CLASS (sok_governors_page_parent_class)->dispose (object);
}

static void
sok_governors_page_finalize (GObject *object)
{
  SokGovernorsPage *self = SOK_GOVERNORS_PAGE (object);

  g_clear_pointer (&self->terms, g_array_unref);

  G_OBJECT_CLASS (sok_governors_page_parent_class)->finalize (object);
}

static void
sok_governors_page_class_init (SokGovernorsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sok_governors_page_dispose;
  object_class->finalize = sok_governors_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Dsl/sok-governors-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokGovernorsPage, heading);
  gtk_widget_class_bind_template_child (widget_class, SokGovernorsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SokGovernorsPage, term_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SokGovernorsPage, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, term_selected_cb);

  gtk_widget_class_install_action (widget_class, "governors.export", NULL, export_action);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sok_governors_page_init (SokGovernorsPage *self)
{
  self->terms = g_array_new (FALSE, FALSE, sizeof (Term));

  gtk_widget_init_template (GTK_WIDGET (self));
}

SokGovernorsPage *
sok_governors_page_new (void)
{
  return g_object_new (SOK_TYPE_GOVERNORS_PAGE, NULL);
}

/* Returns: (transfer none) (nullable): the figures shown. */
SokStats *
sok_governors_page_get_stats (SokGovernorsPage *self)
{
  g_return_val_if_fail (SOK_IS_GOVERNORS_PAGE (self), NULL);

  return self->stats;
}

/**
 * sok_governors_page_show_term:
 * @key: (transfer none): the DSL's key; sok_governors_page_clear() before freeing it
 * @school_name: (nullable): for the PDF's heading
 *
 * Counts the reports of @term of @year and the term before, and shows them.
 */
gboolean
sok_governors_page_show_term (SokGovernorsPage  *self,
                              SokQueue          *queue,
                              SokDslKey         *key,
                              SokReportContent  *content,
                              const char        *actor,
                              const char        *school_name,
                              SokTerm            term,
                              int                year,
                              GError           **error)
{
  g_return_val_if_fail (SOK_IS_GOVERNORS_PAGE (self), FALSE);
  g_return_val_if_fail (SOK_IS_QUEUE (queue), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  sok_governors_page_clear (self);

  self->queue = g_object_ref (queue);
  self->key = key;
  self->content = content;
  self->actor = g_strdup (actor);
  self->school_name = g_strdup (school_name);

  fill_terms (self, term, year);
  if (!compute (self, term, year, error))
    {
      sok_governors_page_clear (self);
      return FALSE;
    }
  return TRUE;
}

void
sok_governors_page_clear (SokGovernorsPage *self)
{
  g_return_if_fail (SOK_IS_GOVERNORS_PAGE (self));

  g_clear_pointer (&self->stats, sok_stats_free);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->school_name, g_free);
  self->key = NULL;
  self->content = NULL;
  if (self->groups_box != NULL)
    remove_groups (self);
}

/* Writes the figures shown as a PDF with charts for the governors. */
gboolean
sok_governors_page_export_to (SokGovernorsPage  *self,
                              const char        *path,
                              GError           **error)
{
  g_return_val_if_fail (SOK_IS_GOVERNORS_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->stats != NULL, FALSE);

  if (!sok_stats_write_pdf (self->stats, self->school_name, path, error))
    return FALSE;

  show_notice (self, _("The governors’ figures are saved as a PDF."));
  return TRUE;
}
