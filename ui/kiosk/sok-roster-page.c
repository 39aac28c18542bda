/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-roster-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-roster.h"
#include "sok-roster-page.h"
#include "sok-staff-session.h"
#include "sok-staff-widgets.h"

/* Importing the roster from a USB stick: a file chooser, then the same checks as
 * `sokctl roster import` (core/sok-roster.c) and, for a refused file, every bad line
 * with its reason. A file with any bad line changes nothing.
 */
struct _SokRosterPage
{
  SokPage       parent_instance;

  GtkWidget    *choose_button;
  GtkWidget    *importing;
  GtkWidget    *progress;
  guint         pulse_id;
  GtkWidget    *result;
  GtkWidget    *problems;
  GtkWindow    *chooser;      /* weak: staff mode closes it when it ends */

  GCancellable *cancellable;  /* an import under way; cancelled when the page goes */
  char         *basename;     /* of the file being imported */
};

G_DEFINE_FINAL_TYPE (SokRosterPage, sok_roster_page, SOK_TYPE_PAGE)

static SokStaffSession *
get_staff (gpointer page)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (page));

  return context != NULL ? sok_context_get_staff (context) : NULL;
}

static GtkWindow *
get_root_window (SokRosterPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static SokStore *
get_store (SokRosterPage *self)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (self));

  return context != NULL ? sok_context_get_store (context) : NULL;
}

static void
clear_problems (SokRosterPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->problems)) != NULL)
    gtk_box_remove (GTK_BOX (self->problems), child);
}

static void
set_result (SokRosterPage *self,
            const char    *text,
            gboolean       is_problem)
{
  gtk_label_set_label (GTK_LABEL (self->result), text ? text : "");
  gtk_widget_set_visible (self->result, text != NULL);
  if (is_problem)
    gtk_widget_add_css_class (self->result, "staff-problem");
  else
    gtk_widget_remove_css_class (self->result, "staff-problem");
}

/* A pulsing bar rather than GtkSpinner: the kiosk draws its own pictures and does
 * not rely on the icon theme's. */
static gboolean
pulse_cb (gpointer user_data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (SOK_ROSTER_PAGE (user_data)->progress));
  return G_SOURCE_CONTINUE;
}

static void
set_importing (SokRosterPage *self,
               gboolean       importing)
{
  gtk_widget_set_visible (self->importing, importing);
  gtk_widget_set_sensitive (self->choose_button, !importing);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (importing)
    self->pulse_id = g_timeout_add (100, pulse_cb, self);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (SokRosterPage) self = user_data;
  SokStaffSession *mode;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  SokRosterCounts counts = { 0 };
  gboolean imported;

  imported = sok_roster_import_file_finish (result, &counts, &problems, &error);
  /* The page went (the kiosk is closing). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_importing (self, FALSE);

  mode = get_staff (self);
  if (mode == NULL)
    return;
  if (!imported)
    {
      detail = g_strdup_printf ("%u bad lines", problems ? problems->len : 0);
      sok_staff_session_log (mode, "roster-import-refused", detail);
    }
  else
    {
      detail = g_strdup_printf ("%u classes, %u pupils, %u new, %u left", counts.classes,
                                counts.pupils, counts.added, counts.left);
      sok_staff_session_log (mode, "roster-imported", detail);
    }
  /* Staff mode ended while the file was read (sign-out, Hide, idle): whoever stands
   * at the kiosk now is not told what the roster holds. */
  if (!sok_staff_session_may (mode, "roster"))
    return;

  if (!imported)
    {
      if (problems != NULL && problems->len > 0)
        {
          /* Translators: staff mode; %s is a file's name, %u how many of its lines are wrong */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s has %u bad line, listed below. Nothing was "
                                               "imported; the roster is as it was. Correct the "
                                               "file in the MIS and export it again.",
                                               "%s has %u bad lines, listed below. Nothing was "
                                               "imported; the roster is as it was. Correct the "
                                               "file in the MIS and export it again.",
                                               problems->len),
                                  self->basename, problems->len);
          for (guint i = 0; i < problems->len; i++)
            {
              SokRosterProblem *problem = g_ptr_array_index (problems, i);
              /* Translators: one bad line of a roster file: "Line 14: the class column is empty" */
              g_autofree char *line = g_strdup_printf (_("Line %u: %s"), problem->line,
                                                       problem->reason);

              gtk_box_append (GTK_BOX (self->problems),
                              sok_staff_label_new (line, "staff-roster-problem"));
            }
        }
      else
        /* Translators: staff mode: the roster file was refused; %s says why */
        text = g_strdup_printf (_("Nothing was imported; the roster is as it was. %s"),
                                error->message);

      set_result (self, text, TRUE);
      return;
    }

  /* Translators: staff mode, after a roster import */
  text = g_strdup_printf (_("Imported %s: %u classes and %u pupils (%u new, %u already known)."),
                          self->basename, counts.classes, counts.pupils, counts.added,
                          counts.updated);
  if (counts.left > 0)
    {
      g_autofree char *left = NULL;

      left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: staff mode, after a roster import */
                                           "%u pupil is no longer listed, as the file did not "
                                           "have them; their promise is kept. If the file "
                                           "was not the whole school, import the whole school’s "
                                           "file now.",
                                           "%u pupils are no longer listed, as the file did not "
                                           "have them; their promises are kept. If the file "
                                           "was not the whole school, import the whole school’s "
                                           "file now.",
                                           counts.left),
                              counts.left);
      gtk_box_append (GTK_BOX (self->problems), sok_staff_label_new (left, "staff-attention"));
    }
  set_result (self, text, FALSE);
}

/**
 * sok_roster_page_import_file:
 * @file: the MIS export (CSV) chosen
 *
 * Imports @file as the roster in a worker thread (a whole school's file on a slow USB
 * stick never holds up the screen), with a spinner meanwhile, and then shows what
 * happened: the counts, or why the file was refused with each bad line. The file
 * chooser's Open ends here. sok_roster_page_get_importing() says when it is done.
 */
void
sok_roster_page_import_file (SokRosterPage *self,
                             GFile         *file)
{
  SokStaffSession *mode = get_staff (self);
  SokStore *store = get_store (self);
  g_autofree char *path = NULL;

  g_return_if_fail (SOK_IS_ROSTER_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (store == NULL || mode == NULL || !sok_staff_session_may (mode, "roster") ||
      self->cancellable != NULL)
    return;

  clear_problems (self);
  set_result (self, NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      set_result (self, _("Choose a file on this kiosk or on a USB stick."), TRUE);
      return;
    }
  g_free (self->basename);
  self->basename = g_file_get_basename (file);

  set_importing (self, TRUE);
  self->cancellable = g_cancellable_new ();
  sok_roster_import_file_async (sok_store_get_dir (store), path, self->cancellable,
                                import_done_cb, g_object_ref (self));
}

/* Whether an import is under way. */
gboolean
sok_roster_page_get_importing (SokRosterPage *self)
{
  g_return_val_if_fail (SOK_IS_ROSTER_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

static void
open_response_cb (GtkDialog     *dialog,
                  int            response,
                  SokRosterPage *self)
{
  SokStaffSession *mode = get_staff (self);
  g_autoptr (GFile) file = NULL;

  /* Staff mode may have ended while the chooser was open; then it was cancelled. */
  if (response == GTK_RESPONSE_ACCEPT && mode != NULL && sok_staff_session_may (mode, "roster"))
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));

  if (file != NULL)
    sok_roster_page_import_file (self, file);
}

static void
choose_cb (SokRosterPage *self)
{
  SokStaffSession *mode = get_staff (self);
  GtkWidget *chooser;
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  if (mode == NULL || !sok_staff_session_may (mode, "roster"))
    return;

  /* One chooser at a time: tapping the button again brings it back to the front. */
  if (self->chooser != NULL)
    {
      gtk_window_present (self->chooser);
      return;
    }

  /* A dialog in this process rather than GtkFileChooserNative, which may hand the
   * choice to a portal: staff mode must be able to close it when it ends. */
  chooser = gtk_file_chooser_dialog_new (_("Choose the roster file"),
                                         get_root_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Cancel"), GTK_RESPONSE_CANCEL,
                                         _("_Import"), GTK_RESPONSE_ACCEPT,
                                         NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  /* Translators: a file type in the roster file chooser */
  gtk_file_filter_set_name (csv, _("Class lists (CSV)"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  /* Translators: a file type in the roster file chooser */
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect_object (GTK_DIALOG (chooser), "response", G_CALLBACK (open_response_cb), self,
                           0);
  g_set_weak_pointer (&self->chooser, GTK_WINDOW (chooser));
  sok_staff_session_present_dialog (mode, GTK_WINDOW (chooser));
}

static void
sok_roster_page_back (SokPage *page)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "kiosk.show-page", "s", "staff-home");
}

static void
sok_roster_page_reset (SokPage *page)
{
  SokRosterPage *self = SOK_ROSTER_PAGE (page);

  clear_problems (self);
  set_result (self, NULL, FALSE);
}

static void
sok_roster_page_shown (SokPage *page)
{
  SokStaffSession *mode = get_staff (page);

  if (mode != NULL && !sok_staff_session_may (mode, "roster"))
    gtk_widget_activate_action (GTK_WIDGET (page), "kiosk.hide", NULL);
}

static void
sok_roster_page_dispose (GObject *object)
{
  SokRosterPage *self = SOK_ROSTER_PAGE (object);

  /* The import itself finishes in its thread; only what it would show is dropped. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_weak_pointer (&self->chooser);

  G_OBJECT_CLASS (sok_roster_page_parent_class)->dispose (object);
}

static void
sok_roster_page_finalize (GObject *object)
{
  g_free (SOK_ROSTER_PAGE (object)->basename);

  G_OBJECT_CLASS (sok_roster_page_parent_class)->finalize (object);
}

static void
sok_roster_page_class_init (SokRosterPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sok_roster_page_dispose;
  G_OBJECT_CLASS (klass)->finalize = sok_roster_page_finalize;

  page_class->back = sok_roster_page_back;
  page_class->reset = sok_roster_page_reset;
  page_class->shown = sok_roster_page_shown;

  /* No gtk_widget_dispose_template(): SokPage's dispose releases the content slot. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-roster-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokRosterPage, choose_button);
  gtk_widget_class_bind_template_child (widget_class, SokRosterPage, importing);
  gtk_widget_class_bind_template_child (widget_class, SokRosterPage, progress);
  gtk_widget_class_bind_template_child (widget_class, SokRosterPage, result);
  gtk_widget_class_bind_template_child (widget_class, SokRosterPage, problems);
  gtk_widget_class_bind_template_callback (widget_class, choose_cb);
}

static void
sok_roster_page_init (SokRosterPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sok_roster_page_new:
 *
 * Returns: (transfer floating): the roster page, named “staff-roster”
 */
GtkWidget *
sok_roster_page_new (SokContext *context)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  return g_object_new (SOK_TYPE_ROSTER_PAGE, "context", context, NULL);
}
