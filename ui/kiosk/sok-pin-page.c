/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-pin-page"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "sok-pin-page.h"
#include "sok-staff-mode.h"
#include "sok-window.h"

/* The staff PIN pad: ten big digit buttons, Delete and Enter, and dots for the digits
 * typed. The digits live in guarded memory and are wiped after every check, on Hide
 * and on idle. The check runs in a worker thread (Argon2id takes a moment) against
 * the lock in the database, so a lock survives restarts; while the pad is locked the
 * keys are off and the page says until when.
 */
struct _SokPinPage
{
  SokPage       parent_instance;

  GtkWidget    *dots;
  GtkWidget    *message;
  GtkWidget    *keypad;

  char         *pin;          /* sodium_malloc'd, SOK_STAFF_PIN_MAX_DIGITS bytes */
  gsize         len;

  GCancellable *cancellable;
  guint         unlock_id;
  gint64        locked_until;
};

G_DEFINE_FINAL_TYPE (SokPinPage, sok_pin_page, SOK_TYPE_PAGE)

static void check_lock (SokPinPage *self);

static SokStore *
get_store (SokPinPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), SOK_TYPE_WINDOW);

  return window != NULL ? sok_window_get_store (SOK_WINDOW (window)) : NULL;
}

static void
update_dots (SokPinPage *self)
{
  g_autoptr (GString) dots = g_string_new (NULL);
  g_autofree char *described = NULL;

  for (gsize i = 0; i < self->len; i++)
    g_string_append (dots, i == 0 ? "●" : " ●");
  gtk_label_set_label (GTK_LABEL (self->dots), dots->str);

  described = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: read by a screen reader for the dots on the PIN pad */
                                            "%u digit typed", "%u digits typed",
                                            (guint)self->len),
                               (guint)self->len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dots),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, described, -1);
}

static void
forget_pin (SokPinPage *self)
{
  sodium_memzero (self->pin, SOK_STAFF_PIN_MAX_DIGITS);
  self->len = 0;
  update_dots (self);
}

static void
set_message (SokPinPage *self,
             const char *text,
             gboolean    is_problem)
{
  gtk_label_set_label (GTK_LABEL (self->message), text);
  if (is_problem)
    gtk_widget_add_css_class (self->message, "staff-problem");
  else
    gtk_widget_remove_css_class (self->message, "staff-problem");
}

static void
set_keys_sensitive (SokPinPage *self,
                    gboolean    sensitive)
{
  gtk_widget_set_sensitive (self->keypad, sensitive);
}

static gboolean
unlock_cb (gpointer user_data)
{
  SokPinPage *self = SOK_PIN_PAGE (user_data);

  self->unlock_id = 0;
  check_lock (self);

  return G_SOURCE_REMOVE;
}

static void
show_locked (SokPinPage *self,
             gint64      locked_until)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 left = MAX (1, locked_until - now);
  g_autoptr (GDateTime) until = g_date_time_new_from_unix_local (locked_until);
  g_autofree char *clock = g_date_time_format (until, "%H:%M:%S");
  g_autofree char *text = NULL;

  self->locked_until = locked_until;
  forget_pin (self);
  set_keys_sensitive (self, FALSE);

  /* Translators: on the staff PIN pad; %s is a time of day such as 10:42:05 */
  text = g_strdup_printf (_("Too many wrong PINs. The pad is locked until %s; try again then."),
                          clock);
  set_message (self, text, TRUE);

  g_clear_handle_id (&self->unlock_id, g_source_remove);
  self->unlock_id = g_timeout_add_seconds ((guint)MIN (left + 1, G_MAXUINT), unlock_cb, self);
}

static void
show_ready (SokPinPage *self)
{
  self->locked_until = 0;
  set_keys_sensitive (self, TRUE);
  set_message (self, _("Type your staff PIN, then press Enter."), FALSE);
}

/* Reads the lock from the database: it may have been set before a restart. */
static void
check_lock (SokPinPage *self)
{
  SokStore *store = get_store (self);
  g_autoptr (GError) error = NULL;
  SokStaffLock lock = { 0 };

  if (store == NULL)
    {
      set_keys_sensitive (self, FALSE);
      set_message (self, _("Staff mode needs the kiosk's database, which could not be opened."),
                   TRUE);
      return;
    }

  if (!sok_staff_get_lock (store, NULL, &lock, &error))
    {
      set_keys_sensitive (self, FALSE);
      set_message (self, error->message, TRUE);
      return;
    }

  if (lock.locked_until > g_get_real_time () / G_USEC_PER_SEC)
    show_locked (self, lock.locked_until);
  else if (sok_staff_count (store, NULL) == 0)
    {
      /* Nothing to type a PIN for: say how to make one rather than count wrong ones. */
      set_keys_sensitive (self, FALSE);
      set_message (self, _("No member of staff has a PIN yet. IT can add one with "
                           "“sokctl staff add NAME --role teacher --pin-file FILE”."), TRUE);
    }
  else
    show_ready (self);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (SokPinPage) self = user_data;
  g_autoptr (SokStaffMember) member = NULL;
  g_autoptr (GError) error = NULL;
  SokStaffMode *mode;
  gint64 locked_until = 0;

  member = sok_staff_check_pin_finish (result, &locked_until, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  forget_pin (self);

  if (member != NULL)
    {
      mode = sok_staff_mode_for_widget (GTK_WIDGET (self));
      show_ready (self);
      if (mode != NULL)
        sok_staff_mode_begin (mode, member);
      return;
    }

  if (g_error_matches (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED) ||
      locked_until > g_get_real_time () / G_USEC_PER_SEC)
    {
      show_locked (self, locked_until);
      return;
    }

  set_keys_sensitive (self, TRUE);

  if (g_error_matches (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_WRONG_PIN))
    {
      SokStaffLock lock = { 0 };
      SokStore *store = get_store (self);
      guint left = 0;
      g_autofree char *text = NULL;

      if (store != NULL && sok_staff_get_lock (store, NULL, &lock, NULL))
        left = SOK_STAFF_MAX_FAILED - MIN (lock.failed, SOK_STAFF_MAX_FAILED);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "That PIN is not right. %u more wrong PIN locks the pad.",
                                           "That PIN is not right. %u more wrong PINs lock the pad.",
                                           left),
                              left);
      set_message (self, text, TRUE);
    }
  else if (g_error_matches (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_NO_STAFF))
    set_message (self, _("No member of staff has a PIN yet. IT can add one with "
                         "“sokctl staff add NAME --role teacher --pin-file FILE”."), TRUE);
  else
    set_message (self, error->message, TRUE);
}

static void
enter (SokPinPage *self)
{
  SokStore *store = get_store (self);

  if (store == NULL || self->cancellable != NULL)
    return;

  if (self->len < SOK_STAFF_PIN_MIN_DIGITS)
    {
      g_autofree char *text = NULL;

      /* Translators: %d is the least number of digits, 6 */
      text = g_strdup_printf (_("A staff PIN has at least %d digits."), SOK_STAFF_PIN_MIN_DIGITS);
      set_message (self, text, TRUE);
      return;
    }

  set_keys_sensitive (self, FALSE);
  set_message (self, _("Checking…"), FALSE);
  self->cancellable = g_cancellable_new ();
  /* The check copies the digits into its own guarded memory. */
  sok_staff_check_pin_async (sok_store_get_dir (store), self->pin, self->len, NULL,
                             self->cancellable, check_done_cb, g_object_ref (self));
  forget_pin (self);
}

static void
digit_clicked_cb (GtkButton  *button,
                  SokPinPage *self)
{
  const char *digit = gtk_button_get_label (button);

  if (self->len >= SOK_STAFF_PIN_MAX_DIGITS || digit == NULL || !g_ascii_isdigit (digit[0]))
    return;

  self->pin[self->len++] = digit[0];
  update_dots (self);
}

static void
delete_clicked_cb (GtkButton  *button,
                   SokPinPage *self)
{
  if (self->len == 0)
    return;

  self->pin[--self->len] = '\0';
  update_dots (self);
}

static void
enter_clicked_cb (GtkButton  *button,
                  SokPinPage *self)
{
  enter (self);
}

/* A member of staff with a keyboard may type the PIN too. */
static gboolean
key_pressed_cb (SokPinPage            *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (!gtk_widget_is_sensitive (self->keypad))
    return GDK_EVENT_PROPAGATE;

  if (c >= '0' && c <= '9')
    {
      if (self->len < SOK_STAFF_PIN_MAX_DIGITS)
        {
          self->pin[self->len++] = (char)c;
          update_dots (self);
        }
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_BackSpace)
    {
      delete_clicked_cb (NULL, self);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    {
      enter (self);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
sok_pin_page_reset (SokPage *page)
{
  SokPinPage *self = SOK_PIN_PAGE (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_pin (self);
  show_ready (self);
}

static void
sok_pin_page_shown (SokPage *page)
{
  SokPinPage *self = SOK_PIN_PAGE (page);

  forget_pin (self);
  check_lock (self);
  if (gtk_widget_is_sensitive (self->keypad))
    gtk_widget_child_focus (self->keypad, GTK_DIR_TAB_FORWARD);
}

static void
sok_pin_page_dispose (GObject *object)
{
  SokPinPage *self = SOK_PIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->unlock_id, g_source_remove);

  G_OBJECT_CLASS (sok_pin_page_parent_class)->dispose (object);
}

static void
sok_pin_page_finalize (GObject *object)
{
  SokPinPage *self = SOK_PIN_PAGE (object);

  sodium_free (self->pin);

  G_OBJECT_CLASS (sok_pin_page_parent_class)->finalize (object);
}

static void
sok_pin_page_class_init (SokPinPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SokPageClass *page_class = SOK_PAGE_CLASS (klass);

  object_class->dispose = sok_pin_page_dispose;
  object_class->finalize = sok_pin_page_finalize;

  /* Guarded memory for the digits needs libsodium started; doing it twice is harmless. */
  if (sodium_init () < 0)
    g_critical ("libsodium could not start: the PIN pad cannot keep PINs safely");

  page_class->reset = sok_pin_page_reset;
  page_class->shown = sok_pin_page_shown;

  /* No gtk_widget_dispose_template(): SokPage's dispose releases the content slot. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-pin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokPinPage, dots);
  gtk_widget_class_bind_template_child (widget_class, SokPinPage, message);
  gtk_widget_class_bind_template_child (widget_class, SokPinPage, keypad);
  gtk_widget_class_bind_template_callback (widget_class, digit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, enter_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
}

static void
sok_pin_page_init (SokPinPage *self)
{
  self->pin = sodium_malloc (SOK_STAFF_PIN_MAX_DIGITS);
  g_assert (self->pin != NULL);
  sodium_memzero (self->pin, SOK_STAFF_PIN_MAX_DIGITS);

  gtk_widget_init_template (GTK_WIDGET (self));

  update_dots (self);
  show_ready (self);
}

/**
 * sok_pin_page_new:
 *
 * Returns: (transfer floating): the PIN pad, named “staff-pin”
 */
GtkWidget *
sok_pin_page_new (void)
{
  return g_object_new (SOK_TYPE_PIN_PAGE, NULL);
}
