/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-kiosks-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-kiosk-registry.h"
#include "sok-kiosks-page.h"

/* The kiosks that have enrolled with the queue, each with its fingerprint words and
 * the DSL's decision on it (checked against the DSL key's MAC: a row marked approved
 * by anyone else shows as waiting), and Approve or Revoke. A decision is made as
 * `sokctl queue kiosks approve|revoke` makes it (sok_kiosk_decide()): with the DSL
 * key's MAC and an entry in the audit log by the DSL who unlocked; on PostgreSQL the
 * server stamps who and when. Revoking asks once more, in the row itself: it cannot
 * be undone. */
struct _SokKiosksPage
{
  AdwBin      parent_instance;

  GtkLabel   *heading;
  GtkLabel   *empty_label;
  GtkListBox *kiosk_list;

  SokQueue   *queue;
  SokDslKey  *key;         /* borrowed from the window, which clears us first */
  char       *actor;
  char       *confirming;  /* the public key whose revocation awaits confirmation */
};

G_DEFINE_FINAL_TYPE (SokKiosksPage, sok_kiosks_page, ADW_TYPE_BIN)

static void
show_notice (SokKiosksPage *self,
             const char    *message)
{
  /* Through the window, which takes its notices down when it locks. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.notice", "s", message);
}

static char *
format_day (gint64 usec)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  /* Translators: the day a kiosk was approved or revoked; see strftime */
  return local != NULL ? g_date_time_format (local, _("%-d %B %Y")) : g_strdup ("?");
}

static char *
describe_status (const SokQueueKiosk *k,
                 SokKioskStatus       status)
{
  g_autofree char *day = NULL;

  switch (status)
    {
    case SOK_KIOSK_APPROVED:
      day = format_day (k->approved_at);
      /* Translators: a kiosk's state, e.g. "Approved by A. Lead, 2 December 2026" */
      return g_strdup_printf (_("Approved by %s, %s"), k->approved_by, g_strstrip (day));
    case SOK_KIOSK_REVOKED:
      day = format_day (k->revoked_at);
      /* Translators: a kiosk's state, e.g. "Revoked by A. Lead, 2 December 2026" */
      return g_strdup_printf (_("Revoked by %s, %s"), k->revoked_by, g_strstrip (day));
    case SOK_KIOSK_PENDING:
    default:
      return g_strdup (_("Waiting for your approval: its reports are marked"));
    }
}

static GtkWidget *
row_button (const char *label,
            const char *action,
            const char *public_key,
            const char *description,
            const char *style)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (public_key != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", public_key);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  /* Its name is the words on it; which kiosk it acts on is said after. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  return button;
}

static GtkWidget *
kiosk_row (SokKiosksPage       *self,
           const SokQueueKiosk *k,
           SokKioskStatus       status)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *words = sok_kiosk_dup_fingerprint_words (k->public_key);
  g_autofree char *state = describe_status (k, status);
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;

  if (words == NULL)
    words = g_strdup (_("(not a kiosk key)"));
  /* Translators: under a kiosk's name: its fingerprint words, then its state */
  subtitle = g_strdup_printf (_("%s\n%s"), words, state);
  /* Translators: which kiosk a button acts on, for a screen reader: its name and
   * fingerprint words */
  description = g_strdup_printf (_("Kiosk %s, %s"), k->kiosk_id, words);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), k->kiosk_id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_name (row, k->public_key);
  if (status == SOK_KIOSK_PENDING)
    gtk_widget_add_css_class (row, "sok-kiosk-pending");

  if (g_strcmp0 (self->confirming, k->public_key) == 0)
    {
      /* Translators: asked in the row before a kiosk is revoked */
      GtkWidget *question = gtk_label_new (_("Revoke for good?"));

      gtk_widget_add_css_class (question, "heading");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), question);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (_("Cancel"), "kiosks.cancel-revoke", NULL,
                                             description, NULL));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (_("Revoke for Good"), "kiosks.confirm-revoke",
                                             k->public_key, description,
                                             "destructive-action"));
      return row;
    }

  if (status == SOK_KIOSK_PENDING)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (_("Approve"), "kiosks.approve", k->public_key,
                                           description, "suggested-action"));
  if (status != SOK_KIOSK_REVOKED)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (_("Revoke…"), "kiosks.revoke", k->public_key,
                                           description, NULL));
  return row;
}

static gboolean
fill (SokKiosksPage  *self,
      GError        **error)
{
  g_autoptr (SokKioskRegistry) registry = NULL;
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->kiosk_list))) != NULL)
    gtk_list_box_remove (self->kiosk_list, child);
  if (self->queue == NULL || self->key == NULL)
    return TRUE;

  registry = sok_kiosk_registry_load (self->queue, self->key, error);
  if (registry == NULL)
    return FALSE;

  n = sok_kiosk_registry_get_n_kiosks (registry);
  for (guint i = 0; i < n; i++)
    {
      SokKioskStatus status;
      const SokQueueKiosk *k = sok_kiosk_registry_get_kiosk (registry, i, &status);

      gtk_list_box_append (self->kiosk_list, kiosk_row (self, k, status));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->kiosk_list), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), n == 0);
  return TRUE;
}

static void
refill (SokKiosksPage *self)
{
  g_autoptr (GError) error = NULL;

  if (!fill (self, &error))
    show_notice (self, error->message);
}

static void
decide (SokKiosksPage  *self,
        const char     *public_key,
        SokKioskStatus  decision)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokQueueKiosk) kiosk = NULL;
  g_autofree char *words = NULL;
  g_autofree char *message = NULL;

  if (self->queue == NULL || self->key == NULL)
    return;

  g_clear_pointer (&self->confirming, g_free);
  if (!sok_kiosk_decide (self->queue, self->key, public_key, decision, self->actor, &kiosk,
                         &error))
    {
      show_notice (self, error->message);
      refill (self);
      return;
    }

  words = sok_kiosk_dup_fingerprint_words (kiosk->public_key);
  if (decision == SOK_KIOSK_APPROVED)
    /* Translators: a notice after approving; %s is the kiosk's name, then its words */
    message = g_strdup_printf (_("Approved kiosk %s (%s): its reports are no longer marked."),
                               kiosk->kiosk_id, words);
  else
    /* Translators: a notice after revoking; %s is the kiosk's name, then its words */
    message = g_strdup_printf (_("Revoked kiosk %s (%s): its new reports are marked."),
                               kiosk->kiosk_id, words);
  show_notice (self, message);
  refill (self);
  /* The list's marks follow the decision. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.refresh", NULL);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  decide (SOK_KIOSKS_PAGE (widget), g_variant_get_string (parameter, NULL), SOK_KIOSK_APPROVED);
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokKiosksPage *self = SOK_KIOSKS_PAGE (widget);

  g_free (self->confirming);
  self->confirming = g_variant_dup_string (parameter, NULL);
  refill (self);
}

static void
confirm_revoke_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SokKiosksPage *self = SOK_KIOSKS_PAGE (widget);

  if (g_strcmp0 (self->confirming, g_variant_get_string (parameter, NULL)) != 0)
    return;
  decide (self, g_variant_get_string (parameter, NULL), SOK_KIOSK_REVOKED);
}

static void
cancel_revoke_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SokKiosksPage *self = SOK_KIOSKS_PAGE (widget);

  g_clear_pointer (&self->confirming, g_free);
  refill (self);
}

static void
sok_kiosks_page_dispose (GObject *object)
{
  SokKiosksPage *self = SOK_KIOSKS_PAGE (object);

  sok_kiosks_page_clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SOK_TYPE_KIOSKS_PAGE);

  G_OBJECT_CLASS (sok_kiosks_page_parent_class)->dispose (object);
}

static void
sok_kiosks_page_class_init (SokKiosksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sok_kiosks_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Dsl/sok-kiosks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokKiosksPage, heading);
  gtk_widget_class_bind_template_child (widget_class, SokKiosksPage, empty_label);
  gtk_widget_class_bind_template_child (widget_class, SokKiosksPage, kiosk_list);

  gtk_widget_class_install_action (widget_class, "kiosks.approve", "s", approve_action);
  gtk_widget_class_install_action (widget_class, "kiosks.revoke", "s", revoke_action);
  gtk_widget_class_install_action (widget_class, "kiosks.confirm-revoke", "s",
                                   confirm_revoke_action);
  gtk_widget_class_install_action (widget_class, "kiosks.cancel-revoke", NULL,
                                   cancel_revoke_action);
}

static void
sok_kiosks_page_init (SokKiosksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SokKiosksPage *
sok_kiosks_page_new (void)
{
  return g_object_new (SOK_TYPE_KIOSKS_PAGE, NULL);
}

/**
 * sok_kiosks_page_show:
 * @key: (transfer none): the DSL's key; it must outlive the showing (the window
 *   clears the page before it forgets the key)
 * @actor: who decides, for the audit log
 *
 * Lists the kiosks the queue holds, their decisions checked with @key.
 */
gboolean
sok_kiosks_page_show (SokKiosksPage  *self,
                      SokQueue       *queue,
                      SokDslKey      *key,
                      const char     *actor,
                      GError        **error)
{
  g_return_val_if_fail (SOK_IS_KIOSKS_PAGE (self), FALSE);
  g_return_val_if_fail (SOK_IS_QUEUE (queue), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  g_set_object (&self->queue, queue);
  self->key = key;
  g_free (self->actor);
  self->actor = g_strdup (actor);
  g_clear_pointer (&self->confirming, g_free);
  return fill (self, error);
}

/* Forgets the queue and the key (the window locks). */
void
sok_kiosks_page_clear (SokKiosksPage *self)
{
  g_return_if_fail (SOK_IS_KIOSKS_PAGE (self));

  g_clear_object (&self->queue);
  self->key = NULL;
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->confirming, g_free);
  if (self->kiosk_list != NULL)
    fill (self, NULL);
}
