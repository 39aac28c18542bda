/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-unlock-page"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "sok-case.h"
#include "sok-file-chooser.h"
#include "sok-unlock-page.h"

/* The locked console: the DSL key file, the DSL's name (recorded with every action)
 * and the passphrase. The key is opened in a thread (Argon2id takes a moment on
 * purpose); each wrong passphrase in a row makes the next try wait longer. */
struct _SokUnlockPage
{
  AdwBin                parent_instance;

  AdwActionRow         *key_row;
  AdwActionRow         *fingerprint_row;
  AdwEntryRow          *name_row;
  AdwPasswordEntryRow  *passphrase_row;
  GtkLabel             *message_label;
  GtkSpinner           *spinner;
  GtkButton            *unlock_button;

  char                 *key_path;
  char                 *actor;
  SokDslKey            *key;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  guint                 failures;
  gint64                wait_until;    /* monotonic µs; 0 when not waiting */
  guint                 wait_tick_id;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (SokUnlockPage, sok_unlock_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_KEY_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_waiting (SokUnlockPage *self)
{
  return self->wait_until > g_get_monotonic_time ();
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static void
update_sensitivity (SokUnlockPage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  gboolean can_unlock;

  can_unlock = !self->busy && !is_waiting (self) && self->key_path != NULL &&
               !is_blank (name) && passphrase[0] != '\0';
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.unlock", can_unlock);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock.choose-key", !self->busy);
  /* Not insensitive: that would take the focus away while the DSL types. */
  gtk_editable_set_editable (GTK_EDITABLE (self->passphrase_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

void
sok_unlock_page_set_message (SokUnlockPage *self,
                             const char    *message)
{
  g_return_if_fail (SOK_IS_UNLOCK_PAGE (self));

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
show_wait (SokUnlockPage *self)
{
  gint64 left = self->wait_until - g_get_monotonic_time ();
  int seconds = (int)((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  g_autofree char *message = NULL;

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "That passphrase does not open the DSL key. "
                                          "You can try again in %d second.",
                                          "That passphrase does not open the DSL key. "
                                          "You can try again in %d seconds.",
                                          seconds),
                             seconds);
  sok_unlock_page_set_message (self, message);
}

static gboolean
wait_tick_cb (gpointer user_data)
{
  SokUnlockPage *self = user_data;

  if (is_waiting (self))
    {
      show_wait (self);
      return G_SOURCE_CONTINUE;
    }

  self->wait_tick_id = 0;
  sok_unlock_page_set_message (self, _("That passphrase does not open the DSL key. "
                                       "Try again."));
  update_sensitivity (self);
  return G_SOURCE_REMOVE;
}

static void
unlock_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (SokUnlockPage) self = user_data;
  g_autoptr (GError) error = NULL;
  SokDslKey *key;

  key = sok_dsl_unlock_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  g_clear_object (&self->cancellable);

  if (key == NULL)
    {
      if (g_error_matches (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRONG_PASSPHRASE) ||
          g_error_matches (error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_WRONG_PASSPHRASE))
        {
          /* Each wrong passphrase in a row doubles the wait before the next try. */
          self->failures++;
          self->wait_until = g_get_monotonic_time () + sok_dsl_unlock_delay (self->failures);
          gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
          show_wait (self);
          g_clear_handle_id (&self->wait_tick_id, g_source_remove);
          self->wait_tick_id = g_timeout_add (250, wait_tick_cb, self);
        }
      else
        {
          sok_unlock_page_set_message (self, error->message);
        }
      update_sensitivity (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      return;
    }

  self->failures = 0;
  self->wait_until = 0;
  g_clear_pointer (&self->key, sok_dsl_key_free);
  self->key = key;
  g_free (self->actor);
  self->actor = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  sok_unlock_page_set_message (self, NULL);
  update_sensitivity (self);

  g_signal_emit (self, signals[UNLOCKED], 0);
}

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SokUnlockPage *self = SOK_UNLOCK_PAGE (widget);
  const char *passphrase;

  if (self->busy || is_waiting (self) || self->key_path == NULL ||
      is_blank (gtk_editable_get_text (GTK_EDITABLE (self->name_row))))
    return;

  passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  if (passphrase[0] == '\0')
    return;

  self->busy = TRUE;
  sok_unlock_page_set_message (self, NULL);
  update_sensitivity (self);

  self->cancellable = g_cancellable_new ();
  sok_dsl_unlock_async (self->key_path, passphrase, strlen (passphrase), self->cancellable,
                        unlock_done_cb, g_object_ref (self));
}

static void
entry_activated_cb (SokUnlockPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unlock.unlock", NULL);
}

static void
fields_changed_cb (SokUnlockPage *self)
{
  update_sensitivity (self);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  SokUnlockPage *self = user_data;
  g_autoptr (GFile) file = sok_file_chooser_take_file (&self->chooser, response);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    sok_unlock_page_set_key_path (self, path);
}

static void
choose_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SokUnlockPage *self = SOK_UNLOCK_PAGE (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  /* Translators: a file filter's name in the file chooser */
  gtk_file_filter_set_name (filter, _("DSL key files"));
  gtk_file_filter_add_pattern (filter, "*.key");

  self->chooser = sok_file_chooser_show (widget, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("Choose the DSL key"), _("_Open"), filter, NULL,
                                         G_CALLBACK (chooser_response_cb), self);
}

/* The keyboard goes where the DSL types next: the name if there is none yet, else the
 * passphrase. */
static gboolean
sok_unlock_page_grab_focus (GtkWidget *widget)
{
  SokUnlockPage *self = SOK_UNLOCK_PAGE (widget);

  if (is_blank (gtk_editable_get_text (GTK_EDITABLE (self->name_row))))
    return gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

static void
sok_unlock_page_dispose (GObject *object)
{
  SokUnlockPage *self = SOK_UNLOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->wait_tick_id, g_source_remove);
  sok_file_chooser_clear (&self->chooser);
  g_clear_pointer (&self->key, sok_dsl_key_free);

  /* The bin's child is the template's top widget: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SOK_TYPE_UNLOCK_PAGE);

  G_OBJECT_CLASS (sok_unlock_page_parent_class)->dispose (object);
}

static void
sok_unlock_page_finalize (GObject *object)
{
  SokUnlockPage *self = SOK_UNLOCK_PAGE (object);

  g_clear_pointer (&self->key_path, g_free);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (sok_unlock_page_parent_class)->finalize (object);
}

static void
sok_unlock_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SokUnlockPage *self = SOK_UNLOCK_PAGE (object);

  switch (prop_id)
    {
    case PROP_KEY_PATH:
      g_value_set_string (value, self->key_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_unlock_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SokUnlockPage *self = SOK_UNLOCK_PAGE (object);

  switch (prop_id)
    {
    case PROP_KEY_PATH:
      sok_unlock_page_set_key_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_unlock_page_class_init (SokUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sok_unlock_page_dispose;
  object_class->finalize = sok_unlock_page_finalize;
  object_class->get_property = sok_unlock_page_get_property;
  object_class->set_property = sok_unlock_page_set_property;
  widget_class->grab_focus = sok_unlock_page_grab_focus;

  properties[PROP_KEY_PATH] =
    g_param_spec_string ("key-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SokUnlockPage::unlocked:
   *
   * The key opened; take it with sok_unlock_page_steal_key().
   */
  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Dsl/sok-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokUnlockPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, SokUnlockPage, fingerprint_row);
  gtk_widget_class_bind_template_child (widget_class, SokUnlockPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SokUnlockPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SokUnlockPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, SokUnlockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SokUnlockPage, unlock_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);

  gtk_widget_class_install_action (widget_class, "unlock.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "unlock.choose-key", NULL, choose_key_action);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sok_unlock_page_init (SokUnlockPage *self)
{
  const char *real_name = g_get_real_name ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* libadwaita leaves the button that shows the passphrase unnamed: a screen
   * reader would say only "button". */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->passphrase_row));
       child != NULL;)
    {
      /* The row's apply button, never shown here, comes first. */
      if (GTK_IS_BUTTON (child) && gtk_widget_get_visible (child))
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Show or hide the passphrase"), -1);
          break;
        }
      /* Depth first through the row's own parts. */
      if (gtk_widget_get_first_child (child) != NULL)
        child = gtk_widget_get_first_child (child);
      else
        {
          while (child != NULL && gtk_widget_get_next_sibling (child) == NULL)
            {
              child = gtk_widget_get_parent (child);
              if (child == GTK_WIDGET (self->passphrase_row))
                child = NULL;
            }
          if (child != NULL)
            child = gtk_widget_get_next_sibling (child);
        }
    }

  /* On the DSL's own computer the account's full name is usually the DSL's. */
  if (real_name != NULL && g_strcmp0 (real_name, "Unknown") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), real_name);

  update_sensitivity (self);
}

SokUnlockPage *
sok_unlock_page_new (void)
{
  return g_object_new (SOK_TYPE_UNLOCK_PAGE, NULL);
}

const char *
sok_unlock_page_get_key_path (SokUnlockPage *self)
{
  g_return_val_if_fail (SOK_IS_UNLOCK_PAGE (self), NULL);

  return self->key_path;
}

/* Who unlocked: recorded with every view and action. Valid once unlocked. */
const char *
sok_unlock_page_get_actor (SokUnlockPage *self)
{
  g_return_val_if_fail (SOK_IS_UNLOCK_PAGE (self), NULL);

  return self->actor;
}

/* Wrong passphrases in a row. */
guint
sok_unlock_page_get_failures (SokUnlockPage *self)
{
  g_return_val_if_fail (SOK_IS_UNLOCK_PAGE (self), 0);

  return self->failures;
}

/* How long, in µs, before another passphrase may be tried; 0 when one may now. */
gint64
sok_unlock_page_get_wait (SokUnlockPage *self)
{
  g_return_val_if_fail (SOK_IS_UNLOCK_PAGE (self), 0);

  return MAX (0, self->wait_until - g_get_monotonic_time ());
}

/* TRUE while a passphrase is being tried. */
gboolean
sok_unlock_page_get_busy (SokUnlockPage *self)
{
  g_return_val_if_fail (SOK_IS_UNLOCK_PAGE (self), FALSE);

  return self->busy;
}

/**
 * sok_unlock_page_dup_fingerprint_words:
 *
 * Returns: (transfer full) (nullable): the fingerprint words of the chosen key file's
 *   public half (read without the passphrase), or %NULL when there is none
 */
char *
sok_unlock_page_dup_fingerprint_words (SokUnlockPage *self)
{
  g_autofree char *public_key = NULL;

  g_return_val_if_fail (SOK_IS_UNLOCK_PAGE (self), NULL);

  if (self->key_path == NULL)
    return NULL;
  public_key = sok_seal_dup_public_key_from_file (self->key_path, NULL);
  return public_key != NULL ? sok_seal_dup_fingerprint_words (public_key) : NULL;
}

/* The key's words on the lock screen, so that IT can compare them with those
 * "sokctl config set dsl-public-key" prints on each kiosk before anyone unlocks. */
static void
show_fingerprint (SokUnlockPage *self)
{
  g_autofree char *words = sok_unlock_page_dup_fingerprint_words (self);
  g_autofree char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->fingerprint_row), words != NULL);
  adw_action_row_set_subtitle (self->fingerprint_row, words != NULL ? words : "");
  if (words != NULL)
    /* Translators: what a screen reader says after "Its words, for IT to compare…" */
    description = g_strdup_printf (_("%s. On each kiosk, sokctl config set dsl-public-key "
                                     "prints the words of the key it seals reports to: they "
                                     "must be the same."), words);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fingerprint_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description : "", -1);
}

void
sok_unlock_page_set_key_path (SokUnlockPage *self,
                              const char    *key_path)
{
  g_return_if_fail (SOK_IS_UNLOCK_PAGE (self));

  if (g_strcmp0 (self->key_path, key_path) == 0)
    return;

  g_free (self->key_path);
  self->key_path = g_strdup (key_path);
  adw_action_row_set_subtitle (self->key_row,
                               key_path != NULL ? key_path
                                                : _("No key chosen: choose dsl.key"));
  /* libadwaita 1.2 gives the subtitle to no one: a screen reader says it too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->key_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  key_path != NULL ? key_path
                                                   : _("No key chosen: choose dsl.key"), -1);
  show_fingerprint (self);
  if (key_path != NULL && !g_file_test (key_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message =
        g_strdup_printf (_("There is no DSL key at %s. Choose the dsl.key file that "
                           "“sokctl keys generate” made."), key_path);
      sok_unlock_page_set_message (self, message);
    }
  else
    {
      sok_unlock_page_set_message (self, NULL);
    }
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_PATH]);
}

/**
 * sok_unlock_page_steal_key:
 *
 * Returns: (transfer full) (nullable): the opened key, once.
 */
SokDslKey *
sok_unlock_page_steal_key (SokUnlockPage *self)
{
  g_return_val_if_fail (SOK_IS_UNLOCK_PAGE (self), NULL);

  return g_steal_pointer (&self->key);
}

/* Clears the passphrase and any key not yet taken, for when the console locks. The
 * count of wrong passphrases is kept: locking does not reset the delay. */
void
sok_unlock_page_forget (SokUnlockPage *self)
{
  g_return_if_fail (SOK_IS_UNLOCK_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  g_clear_pointer (&self->key, sok_dsl_key_free);
  if (!is_waiting (self))
    sok_unlock_page_set_message (self, NULL);
  update_sensitivity (self);
}

/* Fills in the DSL's name, as remembered from last time. */
void
sok_unlock_page_set_actor (SokUnlockPage *self,
                           const char    *actor)
{
  g_return_if_fail (SOK_IS_UNLOCK_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), actor != NULL ? actor : "");
}
