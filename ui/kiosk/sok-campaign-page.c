/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-campaign-page"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-campaign-page.h"
#include "sok-certificate.h"
#include "sok-roster.h"
#include "sok-staff-session.h"
#include "sok-staff-widgets.h"

/* The September campaign: every class with how many of its pupils have promised this
 * school year, and for the class chosen, who has not yet (start their promise now,
 * with an adult) and who has (record the parent's returned slip, print their
 * certificate). Certificates for the whole class are printed or saved as a PDF.
 *
 * Pupils' names are on screen only while staff are signed in: the page forgets them
 * on Hide, idle and Sign out, and never logs them (ids only).
 */
struct _SokCampaignPage
{
  SokPage       parent_instance;

  GtkWidget    *classes_box;
  GtkWidget    *detail_box;
  GtkWidget    *status;

  int           school_year;
  gint64        class_id;       /* the class shown, 0 for none */
  char         *class_name;
  GCancellable *cancellable;
  GtkWindow    *dialog;         /* weak: the open chooser or print dialog */
};

G_DEFINE_FINAL_TYPE (SokCampaignPage, sok_campaign_page, SOK_TYPE_PAGE)

static SokStaffSession *
get_staff (gpointer page)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (page));

  return context != NULL ? sok_context_get_staff (context) : NULL;
}

static void show_class (SokCampaignPage *self,
                        gint64           class_id);

static GtkWindow *
get_root_window (SokCampaignPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static SokStore *
get_store (SokCampaignPage *self)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (self));

  return context != NULL ? sok_context_get_store (context) : NULL;
}

static SokConfig *
get_config (SokCampaignPage *self)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (self));

  return context != NULL ? sok_context_get_config (context) : NULL;
}

static void
set_status (SokCampaignPage *self,
            const char      *text,
            gboolean         is_problem)
{
  gtk_label_set_label (GTK_LABEL (self->status), text ? text : "");
  gtk_widget_set_visible (self->status, text != NULL && *text != '\0');
  if (is_problem)
    gtk_widget_add_css_class (self->status, "staff-problem");
  else
    gtk_widget_remove_css_class (self->status, "staff-problem");
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

/* The version of each band's AUP pupils are shown now: a promise to older words does
 * not count this year. */
static gboolean
current_versions (SokCampaignPage  *self,
                  gint64           *early,
                  gint64           *junior,
                  GError          **error)
{
  SokStore *store = get_store (self);
  SokConfig *config = get_config (self);
  g_auto (GStrv) languages = config ? sok_config_dup_languages (config) : NULL;
  const char *locale = languages != NULL ? languages[0] : NULL;
  g_autoptr (SokAup) early_aup = NULL;
  g_autoptr (SokAup) junior_aup = NULL;

  return (early_aup = sok_aup_load (sok_store_get_dir (store), SOK_AGE_BAND_EARLY, locale,
                                    error)) != NULL &&
         sok_aup_ensure_version (store, early_aup, early, error) &&
         (junior_aup = sok_aup_load (sok_store_get_dir (store), SOK_AGE_BAND_JUNIOR, locale,
                                     error)) != NULL &&
         sok_aup_ensure_version (store, junior_aup, junior, error);
}

static GPtrArray *
load_completion (SokCampaignPage  *self,
                 GError          **error)
{
  gint64 early = 0;
  gint64 junior = 0;

  if (!current_versions (self, &early, &junior, error))
    return NULL;

  return sok_agreement_class_completion (get_store (self), self->school_year, early, junior,
                                         error);
}

static void
class_clicked_cb (GtkButton       *button,
                  SokCampaignPage *self)
{
  gint64 *class_id = g_object_get_data (G_OBJECT (button), "sok-class-id");

  set_status (self, NULL, FALSE);
  show_class (self, *class_id);
}

static char *
dup_class_summary (const SokClassCompletion *completion)
{
  /* Translators: on a class's button in staff mode: "Robins: 9 of 12 promised" */
  return g_strdup_printf (_("%s: %u of %u promised"), completion->class_name,
                          completion->n_promised, completion->n_pupils);
}

static void
refresh (SokCampaignPage *self)
{
  g_autoptr (GPtrArray) completion = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  clear_box (self->classes_box);
  self->school_year = sok_school_year_for (now);

  if (get_store (self) == NULL)
    return;

  completion = load_completion (self, &error);
  if (completion == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }

  if (completion->len == 0)
    gtk_box_append (GTK_BOX (self->classes_box),
                    sok_staff_label_new (_("There are no classes yet. Import the roster "
                                           "from the staff screen first."), NULL));

  for (guint i = 0; i < completion->len; i++)
    {
      SokClassCompletion *c = g_ptr_array_index (completion, i);
      g_autofree char *words = dup_class_summary (c);
      GtkWidget *button = sok_staff_button_new (words);
      gint64 *id = g_new (gint64, 1);

      *id = c->class_id;
      g_object_set_data_full (G_OBJECT (button), "sok-class-id", id, g_free);
      gtk_widget_add_css_class (button, "staff-class");
      if (c->n_promised == c->n_pupils)
        gtk_widget_add_css_class (button, "staff-class-done");
      if (c->class_id == self->class_id)
        gtk_widget_add_css_class (button, "staff-class-chosen");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      g_signal_connect (button, "clicked", G_CALLBACK (class_clicked_cb), self);
      gtk_box_append (GTK_BOX (self->classes_box), button);
    }

  if (self->class_id != 0)
    show_class (self, self->class_id);
}

/* ---- Acting on a pupil ---------------------------------------------------------- */

static gint64
button_id (GtkButton  *button,
           const char *key)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), key);

  return id != NULL ? *id : 0;
}

static void
set_button_id (GtkWidget  *button,
               const char *key,
               gint64      value)
{
  gint64 *id = g_new (gint64, 1);

  *id = value;
  g_object_set_data_full (G_OBJECT (button), key, id, g_free);
}

static void
promise_clicked_cb (GtkButton       *button,
                    SokCampaignPage *self)
{
  SokStaffSession *mode = get_staff (self);

  /* The last pupil's "saved" must not greet the teacher after this one's. */
  set_status (self, NULL, FALSE);
  if (mode != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "staff.start-promise", "x", button_id (button, "sok-pupil-id"));
}

static void
endorse_clicked_cb (GtkButton       *button,
                    SokCampaignPage *self)
{
  sok_campaign_page_record_endorsement (self, button_id (button, "sok-agreement-id"));
}

static void
certificate_clicked_cb (GtkButton       *button,
                        SokCampaignPage *self)
{
  sok_campaign_page_print_certificates (self, NULL, button_id (button, "sok-pupil-id"), NULL);
}

static void
print_class_clicked_cb (GtkButton       *button,
                        SokCampaignPage *self)
{
  sok_campaign_page_print_certificates (self, self->class_name, 0, NULL);
}

static void
save_response_cb (GtkDialog       *dialog,
                  int              response,
                  SokCampaignPage *self)
{
  SokStaffSession *mode = get_staff (self);
  g_autoptr (GFile) file = NULL;

  /* Staff mode may have ended while the chooser was open; then it was cancelled. */
  if (response == GTK_RESPONSE_ACCEPT && mode != NULL &&
      sok_staff_session_may (mode, "certificates"))
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));

  if (file != NULL)
    sok_campaign_page_save_certificates (self, self->class_name, 0, file);
}

static void
save_class_clicked_cb (GtkButton       *button,
                       SokCampaignPage *self)
{
  SokStaffSession *mode = get_staff (self);
  GtkWidget *chooser;
  g_autofree char *name = NULL;

  if (mode == NULL || !sok_staff_session_may (mode, "certificates"))
    return;

  /* One dialog at a time: tapping again brings the open one to the front. */
  if (self->dialog != NULL)
    {
      gtk_window_present (self->dialog);
      return;
    }

  /* A dialog in this process rather than GtkFileChooserNative, which may hand the
   * choice to a portal: staff mode must be able to close it when it ends. */
  /* Translators: title of the dialog that saves a class's certificates as a PDF */
  chooser = gtk_file_chooser_dialog_new (_("Save the certificates"),
                                         get_root_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Cancel"), GTK_RESPONSE_CANCEL,
                                         _("_Save"), GTK_RESPONSE_ACCEPT,
                                         NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  /* Translators: the suggested file name for a class's certificates; %s is the class */
  name = g_strdup_printf (_("certificates-%s.pdf"), self->class_name);
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (GTK_DIALOG (chooser), "response", G_CALLBACK (save_response_cb), self,
                           0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (chooser));
  sok_staff_session_present_dialog (mode, GTK_WINDOW (chooser));
}

/* ---- One class -------------------------------------------------------------------- */

static GtkWidget *
section_new (const char *heading)
{
  return sok_staff_heading_new (heading, "staff-section");
}

static GtkWidget *
row_new (const char *name,
         const char *note)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *words = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = sok_staff_label_new (name, "staff-pupil");

  gtk_widget_add_css_class (row, "staff-row");
  gtk_widget_set_hexpand (words, TRUE);
  gtk_widget_set_valign (words, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (words), label);
  if (note != NULL)
    gtk_box_append (GTK_BOX (words), sok_staff_label_new (note, "staff-note"));
  gtk_box_append (GTK_BOX (row), words);

  return row;
}

/* A row's button, named for screen readers by its words and the pupil it acts on. */
static GtkWidget *
row_button_new (const char *words,
                const char *pupil_name)
{
  GtkWidget *button = sok_staff_button_new (words);
  /* Translators: a screen reader's name for a button in a pupil's row: "Slip returned, Ava Thompson" */
  g_autofree char *name = g_strdup_printf (_("%s, %s"), words, pupil_name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  return button;
}

static const char *
method_words (const SokAgreement *a)
{
  if (a->with_adult)
    /* Translators: how a pupil made their promise */
    return _("with an adult");
  if (a->read_aloud)
    /* Translators: how a pupil made their promise */
    return _("read aloud");
  if (a->has_signature)
    /* Translators: how a pupil made their promise */
    return _("signed");
  /* Translators: how a pupil made their promise */
  return _("tapped I agree");
}

static void
show_class (SokCampaignPage *self,
            gint64           class_id)
{
  SokStore *store = get_store (self);
  g_autoptr (GPtrArray) completion = NULL;
  g_autoptr (GPtrArray) pupils = NULL;
  g_autoptr (GPtrArray) agreements = NULL;
  g_autoptr (GHashTable) latest = NULL;
  g_autoptr (GHashTable) not_yet = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *year = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *not_yet_heading = NULL;
  g_autofree char *promised_heading = NULL;
  SokClassCompletion *klass = NULL;
  GtkWidget *actions;
  GtkWidget *button;

  clear_box (self->detail_box);
  self->class_id = class_id;
  g_clear_pointer (&self->class_name, g_free);

  if (store == NULL ||
      !(completion = load_completion (self, &error)) ||
      !(pupils = sok_roster_list_pupils (store, class_id, &error)))
    {
      set_status (self, error ? error->message : NULL, TRUE);
      return;
    }

  for (guint i = 0; i < completion->len; i++)
    if (((SokClassCompletion *)g_ptr_array_index (completion, i))->class_id == class_id)
      klass = g_ptr_array_index (completion, i);
  if (klass == NULL)
    {
      self->class_id = 0;
      return;
    }
  self->class_name = g_strdup (klass->class_name);

  /* The class buttons show which one is chosen. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->classes_box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      {
        if (button_id (GTK_BUTTON (child), "sok-class-id") == class_id)
          gtk_widget_add_css_class (child, "staff-class-chosen");
        else
          gtk_widget_remove_css_class (child, "staff-class-chosen");
      }

  agreements = sok_agreement_list (store, klass->class_name, self->school_year, &error);
  if (agreements == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }
  latest = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < agreements->len; i++)
    {
      SokAgreement *a = g_ptr_array_index (agreements, i);
      g_hash_table_insert (latest, &a->pupil_id, a);
    }
  not_yet = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < klass->not_yet->len; i++)
    g_hash_table_add (not_yet, &g_array_index (klass->not_yet, gint64, i));

  year = sok_school_year_dup_label (self->school_year);
  /* Translators: staff mode; class, count, count, school year as 2026-27 */
  heading = g_strdup_printf (_("%s: %u of %u pupils have made their promise in %s"),
                             klass->class_name, klass->n_promised, klass->n_pupils, year);
  gtk_box_append (GTK_BOX (self->detail_box),
                  sok_staff_heading_new (heading, "staff-class-heading"));

  actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  /* Translators: staff mode: print a certificate for everyone in the class who promised */
  button = sok_staff_button_new (_("Print the class’s certificates"));
  gtk_widget_set_sensitive (button, klass->n_promised > 0);
  g_signal_connect (button, "clicked", G_CALLBACK (print_class_clicked_cb), self);
  gtk_box_append (GTK_BOX (actions), button);
  /* Translators: staff mode: save the class's certificates as a PDF file */
  button = sok_staff_button_new (_("Save them as a PDF…"));
  gtk_widget_set_sensitive (button, klass->n_promised > 0);
  g_signal_connect (button, "clicked", G_CALLBACK (save_class_clicked_cb), self);
  gtk_box_append (GTK_BOX (actions), button);
  gtk_box_append (GTK_BOX (self->detail_box), actions);

  not_yet_heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  /* Translators: staff mode, a list's heading */
                                                  "Not yet promised (%u pupil)",
                                                  "Not yet promised (%u pupils)",
                                                  klass->not_yet->len),
                                     klass->not_yet->len);
  gtk_box_append (GTK_BOX (self->detail_box), section_new (not_yet_heading));

  for (guint i = 0; i < pupils->len; i++)
    {
      SokPupil *pupil = g_ptr_array_index (pupils, i);
      SokAgreement *a = g_hash_table_lookup (latest, &pupil->id);
      g_autofree char *name = g_strdup_printf ("%s %s", pupil->forename, pupil->surname);
      GtkWidget *row;

      if (!g_hash_table_contains (not_yet, &pupil->id))
        continue;

      /* A promise this year to words that have since changed: they promise again. */
      row = row_new (name, a != NULL ? _("Promised to older rules; the rules have changed since")
                                     : NULL);
      /* Translators: staff mode: start this pupil's promise now, with the adult beside them */
      button = row_button_new (_("Promise now, with an adult"), name);
      set_button_id (button, "sok-pupil-id", pupil->id);
      g_signal_connect (button, "clicked", G_CALLBACK (promise_clicked_cb), self);
      gtk_box_append (GTK_BOX (row), button);
      gtk_box_append (GTK_BOX (self->detail_box), row);
    }
  if (klass->not_yet->len == 0)
    gtk_box_append (GTK_BOX (self->detail_box),
                    sok_staff_label_new (_("Everyone in this class has made their promise."),
                                         "staff-note"));

  promised_heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   /* Translators: staff mode, a list's heading */
                                                   "Promised (%u pupil)", "Promised (%u pupils)",
                                                   klass->n_promised),
                                      klass->n_promised);
  gtk_box_append (GTK_BOX (self->detail_box), section_new (promised_heading));

  for (guint i = 0; i < pupils->len; i++)
    {
      SokPupil *pupil = g_ptr_array_index (pupils, i);
      SokAgreement *a = g_hash_table_lookup (latest, &pupil->id);
      g_autofree char *name = NULL;
      g_autofree char *note = NULL;
      g_autofree char *date = NULL;
      g_autoptr (GDateTime) when = NULL;
      GtkWidget *row;

      if (a == NULL || g_hash_table_contains (not_yet, &pupil->id))
        continue;

      name = g_strdup_printf ("%s %s", pupil->forename, pupil->surname);
      when = g_date_time_new_from_unix_local (a->agreed_at);
      date = sok_certificate_dup_date_words (when);
      /* Translators: staff mode, under a pupil's name: "23 November 2026, with an adult" */
      note = g_strdup_printf (_("%s, %s"), date, method_words (a));
      row = row_new (name, note);

      if (a->parent_endorsed_at != 0)
        {
          g_autoptr (GDateTime) endorsed = g_date_time_new_from_unix_local (a->parent_endorsed_at);
          g_autofree char *endorsed_date = sok_certificate_dup_date_words (endorsed);
          /* Translators: staff mode: the date a parent's signed slip came back */
          g_autofree char *text = g_strdup_printf (_("Parent’s slip back %s"), endorsed_date);

          gtk_box_append (GTK_BOX (row), sok_staff_label_new (text, "staff-done"));
        }
      else
        {
          /* Translators: staff mode: the parent or carer returned the signed paper slip */
          button = row_button_new (_("Parent’s slip returned"), name);
          set_button_id (button, "sok-agreement-id", a->id);
          g_signal_connect (button, "clicked", G_CALLBACK (endorse_clicked_cb), self);
          gtk_box_append (GTK_BOX (row), button);
        }

      /* Translators: staff mode: print this pupil's certificate */
      button = row_button_new (_("Certificate"), name);
      set_button_id (button, "sok-pupil-id", pupil->id);
      g_signal_connect (button, "clicked", G_CALLBACK (certificate_clicked_cb), self);
      gtk_box_append (GTK_BOX (row), button);
      gtk_box_append (GTK_BOX (self->detail_box), row);
    }
}

/* ---- Certificates ----------------------------------------------------------------- */

typedef struct
{
  SokCertificateBatch *batch;
  char                *school_name;
  char                *parent_url;
  char                *detail;
  char                *path;
} Certificates;

static void
certificates_free (Certificates *c)
{
  g_clear_pointer (&c->batch, sok_certificate_batch_free);
  g_free (c->school_name);
  g_free (c->parent_url);
  g_free (c->detail);
  g_free (c->path);
  g_free (c);
}

static Certificates *
load_certificates (SokCampaignPage  *self,
                   const char       *class_name,
                   gint64            pupil_id,
                   GError          **error)
{
  SokStore *store = get_store (self);
  SokConfig *config = get_config (self);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  Certificates *c;
  const char *url;

  if (store == NULL || config == NULL)
    {
      g_set_error_literal (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                           _("The kiosk's settings or database could not be opened."));
      return NULL;
    }

  c = g_new0 (Certificates, 1);
  c->batch = sok_certificate_batch_load (store, sok_store_get_dir (store), class_name, pupil_id,
                                         sok_school_year_for (now), error);
  if (c->batch == NULL)
    {
      certificates_free (c);
      return NULL;
    }
  c->school_name = g_strdup (sok_config_get_school_name (config));
  url = sok_config_get_parent_aup_url (config);
  c->parent_url = url != NULL && *url != '\0' ? g_strdup (url) : NULL;
  /* For the log: the class or the pupil's id, never a name. */
  c->detail = class_name != NULL ? g_strdup_printf ("class %s", class_name)
                                 : g_strdup_printf ("pupil %" G_GINT64_FORMAT, pupil_id);

  return c;
}

/* Draws the certificates on @surface the way @setup lays out a page: inside its
 * margins, at @scale (1.0 for 100 %), each page @copies times. @job, when there is
 * one, says which pages and in which order: what the printer cannot do itself. */
static gboolean
draw_pages (Certificates     *c,
            cairo_surface_t  *surface,
            GtkPageSetup     *setup,
            GtkPrintJob      *job,
            GError          **error)
{
  const SokCertificatePupil *pupils;
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  double scale = job != NULL ? gtk_print_job_get_scale (job) : 1.0;
  int copies = job != NULL ? MAX (1, gtk_print_job_get_num_copies (job)) : 1;
  gboolean collate = job != NULL && gtk_print_job_get_collate (job);
  double width = gtk_page_setup_get_page_width (setup, GTK_UNIT_POINTS);
  double height = gtk_page_setup_get_page_height (setup, GTK_UNIT_POINTS);
  double paper_height = gtk_page_setup_get_paper_height (setup, GTK_UNIT_POINTS);
  gboolean rotate = job != NULL && gtk_print_job_get_rotate (job) &&
                    (gtk_page_setup_get_orientation (setup) == GTK_PAGE_ORIENTATION_LANDSCAPE ||
                     gtk_page_setup_get_orientation (setup) ==
                     GTK_PAGE_ORIENTATION_REVERSE_LANDSCAPE);
  cairo_t *cr;
  guint n = 0;

  pupils = sok_certificate_batch_get_pupils (c->batch, &n);

  /* The pages asked for, then every other one if only odd or even, then reversed. */
  for (guint page = 0; page < n; page++)
    {
      gboolean wanted = TRUE;

      if (job != NULL && gtk_print_job_get_pages (job) == GTK_PRINT_PAGES_RANGES)
        {
          GtkPageRange *ranges;
          int n_ranges = 0;

          ranges = gtk_print_job_get_page_ranges (job, &n_ranges);
          wanted = FALSE;
          for (int r = 0; r < n_ranges; r++)
            if ((int)page >= ranges[r].start && (int)page <= ranges[r].end)
              wanted = TRUE;
        }
      if (wanted)
        g_array_append_val (order, page);
    }
  if (job != NULL && gtk_print_job_get_page_set (job) != GTK_PAGE_SET_ALL)
    {
      gboolean keep_even = gtk_print_job_get_page_set (job) == GTK_PAGE_SET_EVEN;

      for (guint i = order->len; i > 0; i--)
        if (((i - 1) % 2 == 1) != keep_even)
          g_array_remove_index (order, i - 1);
    }
  if (job != NULL && gtk_print_job_get_reverse (job))
    for (guint i = 0; i < order->len / 2; i++)
      {
        guint swap = g_array_index (order, guint, i);

        g_array_index (order, guint, i) = g_array_index (order, guint, order->len - 1 - i);
        g_array_index (order, guint, order->len - 1 - i) = swap;
      }

  cr = cairo_create (surface);
  for (int round = 0; round < (collate ? copies : 1); round++)
    for (guint i = 0; i < order->len; i++)
      for (int copy = 0; copy < (collate ? 1 : copies); copy++)
        {
          guint page = g_array_index (order, guint, i);

          cairo_save (cr);
          if (rotate)
            {
              cairo_translate (cr, 0, paper_height);
              cairo_rotate (cr, -G_PI / 2);
            }
          cairo_translate (cr, gtk_page_setup_get_left_margin (setup, GTK_UNIT_POINTS),
                           gtk_page_setup_get_top_margin (setup, GTK_UNIT_POINTS));
          cairo_scale (cr, scale, scale);
          if (!sok_certificate_draw_page (cr, width / scale, height / scale, c->school_name,
                                          c->parent_url, &pupils[page], error))
            {
              cairo_restore (cr);
              cairo_destroy (cr);
              return FALSE;
            }
          cairo_restore (cr);
          cairo_show_page (cr);
        }
  cairo_destroy (cr);
  cairo_surface_finish (surface);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID,
                   _("The certificates could not be drawn: %s"),
                   cairo_status_to_string (cairo_surface_status (surface)));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  GWeakRef page;
  guint    session;
  guint    n;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *p = data;

  g_weak_ref_clear (&p->page);
  g_free (p);
}

/* The printer has the pages, or could not take them. The member who printed may have
 * signed out meanwhile, and someone else (or a child) may be at the kiosk: then the
 * page says nothing. */
static void
print_done_cb (GtkPrintJob  *job,
               gpointer      user_data,
               const GError *error)
{
  PrintJob *p = user_data;
  g_autoptr (SokCampaignPage) self = g_weak_ref_get (&p->page);
  SokStaffSession *mode = self != NULL ? get_staff (self) : NULL;
  g_autofree char *text = NULL;

  if (mode == NULL || sok_staff_session_get_serial (mode) != p->session ||
      !sok_staff_session_may (mode, "certificates"))
    return;

  if (error != NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent %u certificate to the printer.",
                                       "Sent %u certificates to the printer.", p->n), p->n);
  set_status (self, text, FALSE);
}

static void
print_response_cb (GtkDialog       *dialog,
                   int              response,
                   SokCampaignPage *self)
{
  SokStaffSession *mode = get_staff (self);
  Certificates *c = g_object_get_data (G_OBJECT (dialog), "sok-certificates");
  guint session = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "sok-session"));
  g_autoptr (GtkPrintSettings) settings = NULL;
  g_autoptr (GtkPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  GtkPageSetup *setup;
  GtkPrinter *printer;
  cairo_surface_t *surface;
  PrintJob *p;

  /* Print only for the member who asked, still signed in: staff mode that ended
   * while the dialog was open cancelled it, and prints nothing. */
  if (response != GTK_RESPONSE_OK || mode == NULL ||
      sok_staff_session_get_serial (mode) != session ||
      !sok_staff_session_may (mode, "certificates") ||
      (printer = gtk_print_unix_dialog_get_selected_printer (GTK_PRINT_UNIX_DIALOG (dialog))) ==
      NULL)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  settings = gtk_print_unix_dialog_get_settings (GTK_PRINT_UNIX_DIALOG (dialog));
  setup = gtk_print_unix_dialog_get_page_setup (GTK_PRINT_UNIX_DIALOG (dialog));
  /* Translators: the print job's name */
  job = gtk_print_job_new (_("Promise certificates"), printer, settings, setup);
  surface = gtk_print_job_get_surface (job, &error);
  if (surface == NULL || !draw_pages (c, surface, setup, job, &error))
    {
      set_status (self, error != NULL ? error->message
                                      : _("The certificates could not be printed."), TRUE);
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  p = g_new0 (PrintJob, 1);
  g_weak_ref_init (&p->page, self);
  p->session = session;
  sok_certificate_batch_get_pupils (c->batch, &p->n);
  sok_staff_session_log (mode, "certificates-printed", c->detail);
  set_status (self, _("Sending the certificates to the printer…"), FALSE);
  gtk_print_job_send (job, print_done_cb, p, print_job_free);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* For tests: what the printer would get, on A4 with its usual margins, as a PDF. */
static void
export_certificates (SokCampaignPage *self,
                     SokStaffSession *mode,
                     Certificates    *c,
                     const char      *export_path)
{
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  cairo_surface_t *surface;
  gboolean drawn;
  guint n = 0;

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  surface = cairo_pdf_surface_create (export_path,
                                      gtk_page_setup_get_paper_width (setup, GTK_UNIT_POINTS),
                                      gtk_page_setup_get_paper_height (setup, GTK_UNIT_POINTS));
  drawn = draw_pages (c, surface, setup, NULL, &error);
  cairo_surface_destroy (surface);
  if (!drawn)
    {
      set_status (self, error->message, TRUE);
      return;
    }

  sok_certificate_batch_get_pupils (c->batch, &n);
  sok_staff_session_log (mode, "certificates-printed", c->detail);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent %u certificate to the printer.",
                                       "Sent %u certificates to the printer.", n), n);
  set_status (self, text, FALSE);
}

/**
 * sok_campaign_page_print_certificates:
 * @class_name: (nullable): a class, or %NULL with @pupil_id
 * @pupil_id: a pupil, or 0 with @class_name
 * @export_path: (nullable): write the printed pages to this PDF instead of asking for a
 *   printer (for tests: it draws exactly what the printer gets)
 *
 * Asks for a printer in a print dialog that staff mode closes when it ends, then
 * prints the certificates, one page each, if the member who asked is still signed in.
 * (GtkPrintOperation cannot close its own dialog, so the dialog and the job are
 * GtkPrintUnixDialog and GtkPrintJob.)
 */
void
sok_campaign_page_print_certificates (SokCampaignPage *self,
                                      const char      *class_name,
                                      gint64           pupil_id,
                                      const char      *export_path)
{
  SokStaffSession *mode = get_staff (self);
  g_autoptr (GtkPageSetup) setup = NULL;
  g_autoptr (GtkPaperSize) a4 = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog;
  Certificates *c;

  g_return_if_fail (SOK_IS_CAMPAIGN_PAGE (self));

  if (mode == NULL || !sok_staff_session_may (mode, "certificates"))
    return;

  if (export_path == NULL && self->dialog != NULL)
    {
      gtk_window_present (self->dialog);
      return;
    }

  c = load_certificates (self, class_name, pupil_id, &error);
  if (c == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }

  if (export_path != NULL)
    {
      export_certificates (self, mode, c, export_path);
      certificates_free (c);
      return;
    }

  /* Translators: title of the print dialog for certificates */
  dialog = gtk_print_unix_dialog_new (_("Print the certificates"), get_root_window (self));
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  setup = gtk_page_setup_new ();
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_unix_dialog_set_page_setup (GTK_PRINT_UNIX_DIALOG (dialog), setup);
  gtk_print_unix_dialog_set_embed_page_setup (GTK_PRINT_UNIX_DIALOG (dialog), TRUE);
  /* What draw_pages() does itself when the printer cannot. */
  gtk_print_unix_dialog_set_manual_capabilities (GTK_PRINT_UNIX_DIALOG (dialog),
                                                 GTK_PRINT_CAPABILITY_PAGE_SET |
                                                 GTK_PRINT_CAPABILITY_COPIES |
                                                 GTK_PRINT_CAPABILITY_COLLATE |
                                                 GTK_PRINT_CAPABILITY_REVERSE |
                                                 GTK_PRINT_CAPABILITY_SCALE);
  g_object_set_data_full (G_OBJECT (dialog), "sok-certificates", c,
                          (GDestroyNotify)certificates_free);
  g_object_set_data (G_OBJECT (dialog), "sok-session",
                     GUINT_TO_POINTER (sok_staff_session_get_serial (mode)));
  g_signal_connect_object (GTK_DIALOG (dialog), "response", G_CALLBACK (print_response_cb), self,
                           0);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  sok_staff_session_present_dialog (mode, GTK_WINDOW (dialog));
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Certificates *c = task_data;
  const SokCertificatePupil *pupils;
  GError *error = NULL;
  guint n = 0;

  pupils = sok_certificate_batch_get_pupils (c->batch, &n);
  if (!sok_certificate_write_pdf (c->path, c->school_name, c->parent_url, pupils, n, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SokCampaignPage *self = SOK_CAMPAIGN_PAGE (source);
  Certificates *c = g_task_get_task_data (G_TASK (result));
  SokStaffSession *mode = get_staff (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }

  sok_certificate_batch_get_pupils (c->batch, &n);
  if (mode != NULL)
    sok_staff_session_log (mode, "certificates-saved", c->detail);
  /* Translators: staff mode; %u is a count, %s a file's path */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved %u certificate to %s.",
                                       "Saved %u certificates to %s.", n), n, c->path);
  set_status (self, text, FALSE);
}

/**
 * sok_campaign_page_save_certificates:
 * @class_name: (nullable): a class, or %NULL with @pupil_id
 * @pupil_id: a pupil, or 0 with @class_name
 * @file: the PDF to write (a local file, as on a USB stick)
 *
 * Writes the certificates as a PDF in a worker thread; the page says when it is done
 * or what went wrong. The file chooser's Save ends here.
 */
void
sok_campaign_page_save_certificates (SokCampaignPage *self,
                                     const char      *class_name,
                                     gint64           pupil_id,
                                     GFile           *file)
{
  SokStaffSession *mode = get_staff (self);
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;
  Certificates *c;

  g_return_if_fail (SOK_IS_CAMPAIGN_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (mode == NULL || !sok_staff_session_may (mode, "certificates"))
    return;

  if (g_file_peek_path (file) == NULL)
    {
      set_status (self, _("Choose a folder on this kiosk or on a USB stick."), TRUE);
      return;
    }

  c = load_certificates (self, class_name, pupil_id, &error);
  if (c == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }
  c->path = g_file_get_path (file);

  set_status (self, _("Saving the certificates…"), FALSE);
  task = g_task_new (self, self->cancellable, write_done_cb, NULL);
  g_task_set_source_tag (task, sok_campaign_page_save_certificates);
  g_task_set_task_data (task, c, (GDestroyNotify)certificates_free);
  g_task_run_in_thread (task, write_thread);
}

/**
 * sok_campaign_page_record_endorsement:
 * @agreement_id: the pupil's promise
 *
 * Records that the pupil's parent or carer returned the signed paper slip, and shows
 * the class again.
 */
void
sok_campaign_page_record_endorsement (SokCampaignPage *self,
                                      gint64           agreement_id)
{
  SokStaffSession *mode = get_staff (self);
  SokStore *store = get_store (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL;

  g_return_if_fail (SOK_IS_CAMPAIGN_PAGE (self));

  if (mode == NULL || store == NULL || !sok_staff_session_may (mode, "campaign"))
    return;

  if (!sok_agreement_endorse_by_parent (store, agreement_id, NULL, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }

  detail = g_strdup_printf ("agreement %" G_GINT64_FORMAT, agreement_id);
  sok_staff_session_log (mode, "parent-endorsement-recorded", detail);
  set_status (self, _("The parent’s slip is recorded."), FALSE);
  show_class (self, self->class_id);
}

/**
 * sok_campaign_page_show_class:
 *
 * Shows the class @class_id, as tapping its button does.
 */
void
sok_campaign_page_show_class (SokCampaignPage *self,
                              gint64           class_id)
{
  g_return_if_fail (SOK_IS_CAMPAIGN_PAGE (self));

  show_class (self, class_id);
}

/**
 * sok_campaign_page_say_promise_saved:
 * @forename: the first name of the pupil whose promise a teacher just saw saved
 *
 * Tells the teacher, back from a pupil's promise, that it was recorded.
 */
void
sok_campaign_page_say_promise_saved (SokCampaignPage *self,
                                     const char      *forename)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SOK_IS_CAMPAIGN_PAGE (self));
  g_return_if_fail (forename != NULL);

  /* Translators: staff mode, back from a pupil's promise made with the teacher
   * beside them; %s is the pupil's first name */
  text = g_strdup_printf (_("%s’s promise is saved, made with an adult."), forename);
  set_status (self, text, FALSE);
}

/* ---- The page ------------------------------------------------------------------- */

static void
sok_campaign_page_shown (SokPage *page)
{
  SokCampaignPage *self = SOK_CAMPAIGN_PAGE (page);
  SokStaffSession *mode = get_staff (self);

  if (mode == NULL || !sok_staff_session_may (mode, "campaign"))
    {
      if (mode != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "kiosk.hide", NULL);
      return;
    }

  sok_staff_session_log (mode, "campaign-viewed", NULL);
  refresh (self);
}

static void
sok_campaign_page_reset (SokPage *page)
{
  SokCampaignPage *self = SOK_CAMPAIGN_PAGE (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  clear_box (self->classes_box);
  clear_box (self->detail_box);
  self->class_id = 0;
  g_clear_pointer (&self->class_name, g_free);
  set_status (self, NULL, FALSE);
}

static void
sok_campaign_page_back (SokPage *page)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "kiosk.show-page", "s", "staff-home");
}

static void
sok_campaign_page_dispose (GObject *object)
{
  SokCampaignPage *self = SOK_CAMPAIGN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->dialog);

  G_OBJECT_CLASS (sok_campaign_page_parent_class)->dispose (object);
}

static void
sok_campaign_page_finalize (GObject *object)
{
  SokCampaignPage *self = SOK_CAMPAIGN_PAGE (object);

  g_free (self->class_name);

  G_OBJECT_CLASS (sok_campaign_page_parent_class)->finalize (object);
}

static void
sok_campaign_page_class_init (SokCampaignPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->dispose = sok_campaign_page_dispose;
  object_class->finalize = sok_campaign_page_finalize;

  page_class->shown = sok_campaign_page_shown;
  page_class->reset = sok_campaign_page_reset;
  page_class->back = sok_campaign_page_back;

  /* No gtk_widget_dispose_template(): SokPage's dispose releases the content slot. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-campaign-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokCampaignPage, classes_box);
  gtk_widget_class_bind_template_child (widget_class, SokCampaignPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, SokCampaignPage, status);
}

static void
sok_campaign_page_init (SokCampaignPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sok_campaign_page_new:
 *
 * Returns: (transfer floating): the campaign page, named “staff-campaign”
 */
GtkWidget *
sok_campaign_page_new (SokContext *context)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  return g_object_new (SOK_TYPE_CAMPAIGN_PAGE, "context", context, NULL);
}
