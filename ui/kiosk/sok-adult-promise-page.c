/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-adult-promise-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-adult-promise-page.h"
#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-picture.h"
#include "sok-roster.h"
#include "sok-staff-mode.h"
#include "sok-tile.h"
#include "sok-window.h"

/* A pupil's promise made beside a member of staff, started from the September
 * campaign: the pupil's rules with their pictures, read together, and I agree. It is
 * recorded as a tap "with an adult". This is staff mode's own page for when no promise
 * flow takes SokStaffMode::start-promise; the pupil's full promise pages (read aloud,
 * signature) replace it by handling that signal.
 */
struct _SokAdultPromisePage
{
  SokPage    parent_instance;

  GtkWidget *box;

  gint64     pupil_id;
  gint64     version_id;
  char      *forename;
  char      *speech;      /* the rules, for Listen */
};

G_DEFINE_FINAL_TYPE (SokAdultPromisePage, sok_adult_promise_page, SOK_TYPE_PAGE)

static SokWindow *
get_window (SokAdultPromisePage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), SOK_TYPE_WINDOW);

  return window != NULL ? SOK_WINDOW (window) : NULL;
}

static void
clear (SokAdultPromisePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
}

static void
show_problem (SokAdultPromisePage *self,
              const char          *message)
{
  clear (self);
  gtk_box_append (GTK_BOX (self->box), sok_staff_label_new (message, "staff-problem"));
}

static void
back_to_class_cb (GtkButton           *button,
                  SokAdultPromisePage *self)
{
  sok_page_back (SOK_PAGE (self));
}

static void
agree_cb (GtkButton           *button,
          SokAdultPromisePage *self)
{
  SokWindow *window = get_window (self);
  SokStaffMode *mode = sok_staff_mode_for_widget (GTK_WIDGET (self));
  SokStore *store = window ? sok_window_get_store (window) : NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *title = NULL;
  GtkWidget *picture;
  GtkWidget *message;
  GtkWidget *back;

  if (store == NULL || mode == NULL || !sok_staff_mode_may (mode, "campaign") ||
      self->pupil_id == 0)
    return;

  if (!sok_agreement_record (store, self->pupil_id, self->version_id,
                             SOK_AGREEMENT_METHOD_TAP, FALSE, TRUE, NULL, NULL, NULL, &error))
    {
      show_problem (self, error->message);
      return;
    }

  detail = g_strdup_printf ("pupil %" G_GINT64_FORMAT, self->pupil_id);
  sok_staff_mode_log (mode, "promise-recorded-with-adult", detail);

  /* Translators: heading once a pupil's promise is saved; %s is their first name */
  title = g_strdup_printf (_("Thank you, %s!"), self->forename);
  sok_page_set_title (SOK_PAGE (self), title);
  sok_page_set_icon_name (SOK_PAGE (self), "thank-you");
  clear (self);
  picture = sok_picture_new ("thank-you");
  sok_picture_set_pixel_size (SOK_PICTURE (picture), 200);
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), picture);
  message = sok_staff_label_new (_("Your promise is saved. Well done!"), "staff-big");
  gtk_label_set_xalign (GTK_LABEL (message), 0.5);
  gtk_box_append (GTK_BOX (self->box), message);
  /* Translators: staff mode, after a pupil's promise: back to the class list */
  back = sok_staff_button_new (_("Back to the class"));
  gtk_widget_set_halign (back, GTK_ALIGN_CENTER);
  g_signal_connect (back, "clicked", G_CALLBACK (back_to_class_cb), self);
  gtk_box_append (GTK_BOX (self->box), back);
  self->pupil_id = 0;
}

/**
 * sok_adult_promise_page_set_pupil:
 * @pupil_id: the pupil making their promise
 *
 * Shows @pupil_id's rules (for their age band) and I agree.
 */
void
sok_adult_promise_page_set_pupil (SokAdultPromisePage *self,
                                  gint64               pupil_id)
{
  SokWindow *window;
  SokStore *store;
  SokConfig *config;
  g_autoptr (SokPupil) pupil = NULL;
  g_autoptr (SokAup) aup = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) languages = NULL;
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;
  GtkWidget *rules;
  GtkWidget *scroller;
  GtkWidget *side;
  GtkWidget *agree;

  g_return_if_fail (SOK_IS_ADULT_PROMISE_PAGE (self));

  window = get_window (self);
  store = window ? sok_window_get_store (window) : NULL;
  config = window ? sok_window_get_config (window) : NULL;
  if (store == NULL)
    return;

  clear (self);
  self->pupil_id = 0;
  g_clear_pointer (&self->forename, g_free);

  languages = config ? sok_config_dup_languages (config) : NULL;
  if (!(pupil = sok_roster_get_pupil (store, pupil_id, &error)) ||
      !(aup = sok_aup_load (sok_store_get_dir (store), pupil->band,
                            languages ? languages[0] : NULL, &error)) ||
      !sok_aup_ensure_version (store, aup, &self->version_id, &error))
    {
      show_problem (self, error->message);
      return;
    }

  self->pupil_id = pupil_id;
  self->forename = g_strdup (pupil->forename);
  {
    g_autoptr (GString) speech = g_string_new (NULL);

    for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
      g_string_append_printf (speech, "%s\n", sok_aup_get_rule_text (aup, i));
    g_free (self->speech);
    self->speech = g_string_free (g_steal_pointer (&speech), FALSE);
  }

  /* Translators: heading of a pupil's promise made with an adult; %s is their first name */
  title = g_strdup_printf (_("%s’s promise"), pupil->forename);
  sok_page_set_title (SOK_PAGE (self), title);
  sok_page_set_icon_name (SOK_PAGE (self), "tile-promise");

  /* Translators: staff mode, above the rules; %s is the pupil's first name */
  note = g_strdup_printf (_("Read each rule with %s. When %s agrees, they tap I agree."),
                          pupil->forename, pupil->forename);
  gtk_box_append (GTK_BOX (self->box), sok_staff_label_new (note, "staff-note"));

  rules = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
      GtkWidget *picture = sok_picture_new (sok_aup_get_rule_icon (aup, i));
      GtkWidget *label;

      sok_picture_set_pixel_size (SOK_PICTURE (picture), 64);
      gtk_box_append (GTK_BOX (row), picture);
      label = sok_staff_label_new (sok_aup_get_rule_text (aup, i), "staff-rule");
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (rules), row);
    }
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), rules);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_set_hexpand (scroller, TRUE);
  /* The rules on the left, I agree beside them, so nothing has to scroll out of
   * sight to reach it. */
  side = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 32);
  gtk_box_append (GTK_BOX (side), scroller);
  gtk_box_append (GTK_BOX (self->box), side);

  /* Translators: the button a pupil taps to make their promise */
  agree = sok_tile_new ("agree", _("I agree"));
  sok_tile_set_picture_size (SOK_TILE (agree), 120);
  gtk_widget_add_css_class (agree, "control");
  gtk_widget_add_css_class (agree, "suggested-action");
  gtk_widget_set_valign (agree, GTK_ALIGN_CENTER);
  g_signal_connect (agree, "clicked", G_CALLBACK (agree_cb), self);
  gtk_box_append (GTK_BOX (side), agree);
}

static char *
sok_adult_promise_page_dup_speech_text (SokPage *page)
{
  SokAdultPromisePage *self = SOK_ADULT_PROMISE_PAGE (page);

  /* While the rules are shown, Listen reads them; after, the heading. */
  if (self->pupil_id != 0 && self->speech != NULL)
    return g_strdup (self->speech);

  return g_strdup (sok_page_get_title (page));
}

static void
sok_adult_promise_page_back (SokPage *page)
{
  SokWindow *window = get_window (SOK_ADULT_PROMISE_PAGE (page));

  if (window != NULL)
    sok_window_show_page (window, "staff-campaign");
}

static void
sok_adult_promise_page_reset (SokPage *page)
{
  SokAdultPromisePage *self = SOK_ADULT_PROMISE_PAGE (page);

  clear (self);
  self->pupil_id = 0;
  g_clear_pointer (&self->forename, g_free);
  g_clear_pointer (&self->speech, g_free);
  sok_page_set_title (page, NULL);
}

static void
sok_adult_promise_page_shown (SokPage *page)
{
  SokStaffMode *mode = sok_staff_mode_for_widget (GTK_WIDGET (page));

  if (mode != NULL && !sok_staff_mode_is_signed_in (mode))
    sok_window_go_home (sok_staff_mode_get_window (mode));
}

static void
sok_adult_promise_page_finalize (GObject *object)
{
  SokAdultPromisePage *self = SOK_ADULT_PROMISE_PAGE (object);

  g_free (self->forename);
  g_free (self->speech);

  G_OBJECT_CLASS (sok_adult_promise_page_parent_class)->finalize (object);
}

static void
sok_adult_promise_page_class_init (SokAdultPromisePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->finalize = sok_adult_promise_page_finalize;

  page_class->back = sok_adult_promise_page_back;
  page_class->dup_speech_text = sok_adult_promise_page_dup_speech_text;
  page_class->reset = sok_adult_promise_page_reset;
  page_class->shown = sok_adult_promise_page_shown;
}

static void
sok_adult_promise_page_init (SokAdultPromisePage *self)
{
  gtk_widget_set_name (GTK_WIDGET (self), "staff-promise");
  gtk_widget_add_css_class (GTK_WIDGET (self), "staff");
  sok_page_set_show_back (SOK_PAGE (self), TRUE);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  sok_page_set_content (SOK_PAGE (self), self->box);
}

/**
 * sok_adult_promise_page_new:
 *
 * Returns: (transfer floating): the page, named “staff-promise”
 */
GtkWidget *
sok_adult_promise_page_new (void)
{
  return g_object_new (SOK_TYPE_ADULT_PROMISE_PAGE, NULL);
}
