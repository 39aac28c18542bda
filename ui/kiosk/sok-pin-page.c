/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-pin-page"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "sok-key.h"
#include "sok-pin-page.h"
#include "sok-stack.h"
#include "sok-staff-session.h"
#include "sok-staff-widgets.h"

/* Staff sign-in, in two steps on one page. First a grid of the staff's names, big
 * buttons each named by the name (skipped when only one member of staff exists);
 * then the PIN pad for the member tapped: ten big digit buttons, Delete and Enter,
 * and dots for the digits typed, which a keyboard can type too. The digits live in
 * guarded memory and are wiped after every check, on Back, on Hide and on idle. The
 * check runs in a worker thread (Argon2id takes a moment) against that member's hash
 * only, and against the locks in the database, so a lock survives restarts: while
 * the pad is locked the keys are off and the page says until when; a member locked
 * by too many wrong PINs is told calmly to ask IT.
 */
struct _SokPinPage
{
  SokPage         parent_instance;

  GtkWidget      *steps;
  GtkWidget      *names;
  GtkWidget      *who;
  GtkWidget      *dots;
  GtkWidget      *message;
  GtkWidget      *keypad;

  GPtrArray      *members;      /* SokStaffMember: everyone who can sign in */
  SokStaffMember *chosen;       /* the member whose name was tapped, or NULL */

  char           *pin;          /* sodium_malloc'd, SOK_STAFF_PIN_MAX_DIGITS bytes */
  gsize           len;

  GCancellable   *cancellable;
  guint           unlock_id;
  gint64          locked_until;
};

G_DEFINE_FINAL_TYPE (SokPinPage, sok_pin_page, SOK_TYPE_PAGE)

static SokStaffSession *
get_staff (gpointer page)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (page));

  return context != NULL ? sok_context_get_staff (context) : NULL;
}

static void refresh (SokPinPage *self);

static SokStore *
get_store (SokPinPage *self)
{
  SokContext *context = sok_page_get_context (SOK_PAGE (self));

  return context != NULL ? sok_context_get_store (context) : NULL;
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
on_pad (SokPinPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->steps)), "pad") == 0;
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
cancel_check (SokPinPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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

/* The keys and the names are off together: while the pad is locked, choosing a name
 * would lead nowhere. */
static void
set_keys_sensitive (SokPinPage *self,
                    gboolean    sensitive)
{
  gtk_widget_set_sensitive (self->keypad, sensitive);
  gtk_widget_set_sensitive (self->names, sensitive);
}

static gboolean
unlock_cb (gpointer user_data)
{
  SokPinPage *self = SOK_PIN_PAGE (user_data);

  self->unlock_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
show_locked (SokPinPage *self,
             gint64      locked_until)
{
  gint64 left = MAX (1, locked_until - now_unix ());
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

/* Said calmly: nothing is wrong with the kiosk, and IT knows what to do. */
static void
show_member_locked (SokPinPage *self)
{
  forget_pin (self);
  gtk_widget_set_sensitive (self->keypad, FALSE);
  gtk_widget_set_sensitive (self->names, TRUE);
  set_message (self, _("Your staff sign-in is locked after too many wrong PINs. "
                       "Please ask IT to unlock it."), FALSE);
}

static void
show_ready (SokPinPage *self)
{
  self->locked_until = 0;
  set_keys_sensitive (self, TRUE);
  if (on_pad (self))
    set_message (self, _("Type your staff PIN, then press Enter."), FALSE);
  else
    /* Translators: on staff sign-in, above the staff's names */
    set_message (self, _("Tap your name."), FALSE);
}

static void
show_no_staff (SokPinPage *self)
{
  /* Nothing to type a PIN for: say how to make one rather than count wrong ones. */
  set_keys_sensitive (self, FALSE);
  set_message (self, _("No member of staff has a PIN yet. IT can add one with "
                       "“sokctl staff add NAME --role teacher --pin-file FILE”."), TRUE);
}

static void
show_step (SokPinPage *self,
           gboolean    pad)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->steps), pad ? "pad" : "names");
  sok_page_set_title (SOK_PAGE (self), pad ? _("Staff PIN")
                                           /* Translators: heading of the staff's names */
                                           : _("Staff sign-in"));
  /* Back leads from the pad to the names, when there is a choice of names. */
  sok_page_set_show_back (SOK_PAGE (self), pad && self->members != NULL &&
                                           self->members->len > 1);
  gtk_label_set_label (GTK_LABEL (self->who), self->chosen != NULL ? self->chosen->name : "");
}

static void name_clicked_cb (GtkButton  *button,
                             SokPinPage *self);

static void
fill_names (SokPinPage *self)
{
  GtkWidget *child;
  guint columns;

  while ((child = gtk_widget_get_first_child (self->names)) != NULL)
    gtk_grid_remove (GTK_GRID (self->names), child);

  columns = self->members->len <= 4 ? 2 : 3;
  for (guint i = 0; i < self->members->len; i++)
    {
      SokStaffMember *member = g_ptr_array_index (self->members, i);
      GtkWidget *button = sok_staff_button_new (member->name);

      gtk_widget_add_css_class (button, "staff-name");
      g_object_set_data (G_OBJECT (button), "sok-staff-index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (name_clicked_cb), self);
      gtk_grid_attach (GTK_GRID (self->names), button, (int)(i % columns), (int)(i / columns),
                       1, 1);
    }
}

/* Shows what the database says now: who can sign in, which step, and the locks. The
 * pad's lock may have been set before a restart, and staff added or unlocked by IT
 * since the page was last shown. */
static void
refresh (SokPinPage *self)
{
  SokStore *store = get_store (self);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) members = NULL;
  SokStaffLock lock = { 0 };
  gint64 chosen_id = self->chosen != NULL ? self->chosen->id : 0;

  g_clear_pointer (&self->chosen, sok_staff_member_free);
  g_clear_handle_id (&self->unlock_id, g_source_remove);

  if (store == NULL)
    {
      show_step (self, TRUE);
      set_keys_sensitive (self, FALSE);
      set_message (self, _("Staff mode needs the kiosk's database, which could not be opened."),
                   TRUE);
      return;
    }

  if (!(members = sok_staff_list (store, &error)) ||
      !sok_staff_get_lock (store, NULL, &lock, &error))
    {
      show_step (self, TRUE);
      set_keys_sensitive (self, FALSE);
      set_message (self, error->message, TRUE);
      return;
    }

  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = g_steal_pointer (&members);
  fill_names (self);

  for (guint i = 0; i < self->members->len && chosen_id != 0; i++)
    if (((SokStaffMember *)g_ptr_array_index (self->members, i))->id == chosen_id)
      self->chosen = sok_staff_member_copy (g_ptr_array_index (self->members, i));
  if (self->chosen == NULL && self->members->len == 1)
    self->chosen = sok_staff_member_copy (g_ptr_array_index (self->members, 0));

  show_step (self, self->chosen != NULL || self->members->len == 0);

  if (self->members->len == 0)
    show_no_staff (self);
  else if (lock.locked_until > now_unix ())
    show_locked (self, lock.locked_until);
  else if (self->chosen != NULL && self->chosen->locked)
    show_member_locked (self);
  else
    show_ready (self);
}

/* Puts the keyboard's focus on the step showing, so that a member of staff with a
 * keyboard can Tab to their name, and type their PIN at once after tapping it. */
static void
focus_step (SokPinPage *self)
{
  GtkWidget *step = on_pad (self) ? self->keypad : self->names;

  if (gtk_widget_is_sensitive (step))
    gtk_widget_child_focus (step, GTK_DIR_TAB_FORWARD);
}

static void
choose (SokPinPage           *self,
        const SokStaffMember *member)
{
  cancel_check (self);
  forget_pin (self);
  g_clear_pointer (&self->chosen, sok_staff_member_free);
  self->chosen = sok_staff_member_copy (member);
  /* The member may have been locked or removed since the names were drawn. */
  refresh (self);
  focus_step (self);
}

static void
name_clicked_cb (GtkButton  *button,
                 SokPinPage *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "sok-staff-index"));

  if (self->members == NULL || i >= self->members->len)
    return;

  choose (self, g_ptr_array_index (self->members, i));
}

static void
say_wrong_pin (SokPinPage *self)
{
  SokStore *store = get_store (self);
  SokStaffLock lock = { 0 };
  guint failures = 0;
  guint pad_left = SOK_STAFF_MAX_FAILED;
  guint member_left = SOK_STAFF_MAX_FAILED_PER_DAY;
  g_autofree char *text = NULL;

  if (store != NULL && sok_staff_get_lock (store, NULL, &lock, NULL))
    pad_left = SOK_STAFF_MAX_FAILED - MIN (lock.failed, SOK_STAFF_MAX_FAILED);
  if (store != NULL && self->chosen != NULL &&
      sok_staff_count_failures (store, self->chosen->id, NULL, &failures, NULL))
    member_left = SOK_STAFF_MAX_FAILED_PER_DAY - MIN (failures, SOK_STAFF_MAX_FAILED_PER_DAY);

  /* Whichever lock comes first is the one worth warning of. */
  if (member_left < pad_left)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "That PIN is not right. After %u more wrong PIN your "
                                         "sign-in is locked until IT unlocks it.",
                                         "That PIN is not right. After %u more wrong PINs your "
                                         "sign-in is locked until IT unlocks it.",
                                         member_left),
                            member_left);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "That PIN is not right. %u more wrong PIN locks the pad.",
                                         "That PIN is not right. %u more wrong PINs lock the pad.",
                                         pad_left),
                            pad_left);
  set_message (self, text, TRUE);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (SokPinPage) self = user_data;
  g_autoptr (SokStaffMember) member = NULL;
  g_autoptr (GError) error = NULL;
  SokStaffSession *mode;
  gint64 locked_until = 0;

  member = sok_staff_check_pin_finish (result, &locked_until, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  forget_pin (self);

  if (member != NULL)
    {
      mode = get_staff (self);
      show_ready (self);
      if (mode != NULL)
        sok_staff_session_sign_in (mode, member);
      return;
    }

  if (g_error_matches (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_MEMBER_LOCKED))
    {
      if (self->chosen != NULL)
        self->chosen->locked = TRUE;
      show_member_locked (self);
      return;
    }

  if (g_error_matches (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_LOCKED) ||
      locked_until > now_unix ())
    {
      show_locked (self, locked_until);
      return;
    }

  set_keys_sensitive (self, TRUE);
  /* The keys were off while the PIN was checked, which took the keyboard's focus off
   * the pad and out of this page: without it back, a PIN typed on a keyboard after a
   * wrong one would go nowhere. */
  focus_step (self);

  if (g_error_matches (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_WRONG_PIN))
    say_wrong_pin (self);
  else if (g_error_matches (error, SOK_STAFF_ERROR, SOK_STAFF_ERROR_NO_STAFF))
    show_no_staff (self);
  else
    set_message (self, error->message, TRUE);
}

static void
enter (SokPinPage *self)
{
  SokStore *store = get_store (self);

  if (store == NULL || self->chosen == NULL || self->cancellable != NULL)
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
  sok_staff_check_pin_async (sok_store_get_dir (store), self->chosen->id, self->pin, self->len,
                             NULL, self->cancellable, check_done_cb, g_object_ref (self));
  forget_pin (self);
}

static void
add_digit (SokPinPage *self,
           char        digit)
{
  if (self->len >= SOK_STAFF_PIN_MAX_DIGITS)
    return;

  self->pin[self->len++] = digit;
  update_dots (self);
}

static void
digit_clicked_cb (GtkButton  *button,
                  SokPinPage *self)
{
  const char *digit = gtk_button_get_label (button);

  if (digit == NULL || !g_ascii_isdigit (digit[0]))
    return;

  add_digit (self, digit[0]);
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

/* A member of staff with a keyboard may type the PIN too: the digits (the number
 * row or the keypad's), Backspace and Return. On the names, keys do what they do
 * anywhere (Tab, arrows, Return on the focused name). */
static gboolean
key_pressed_cb (SokPinPage            *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (!on_pad (self) || !gtk_widget_is_sensitive (self->keypad))
    return GDK_EVENT_PROPAGATE;

  if (c >= '0' && c <= '9')
    {
      add_digit (self, (char)c);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_BackSpace)
    {
      delete_clicked_cb (NULL, self);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
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

  cancel_check (self);
  forget_pin (self);
  g_clear_pointer (&self->chosen, sok_staff_member_free);
  show_step (self, FALSE);
  show_ready (self);
}

static void
sok_pin_page_shown (SokPage *page)
{
  SokPinPage *self = SOK_PIN_PAGE (page);

  /* Every sign-in starts from the names. */
  cancel_check (self);
  forget_pin (self);
  g_clear_pointer (&self->chosen, sok_staff_member_free);
  refresh (self);
  focus_step (self);
}

static void
sok_pin_page_back (SokPage *page)
{
  SokPinPage *self = SOK_PIN_PAGE (page);

  if (!on_pad (self) || self->members == NULL || self->members->len < 2)
    return;

  cancel_check (self);
  forget_pin (self);
  g_clear_pointer (&self->chosen, sok_staff_member_free);
  refresh (self);
  focus_step (self);
}

static void
sok_pin_page_dispose (GObject *object)
{
  SokPinPage *self = SOK_PIN_PAGE (object);

  cancel_check (self);
  g_clear_handle_id (&self->unlock_id, g_source_remove);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->chosen, sok_staff_member_free);

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
  page_class->back = sok_pin_page_back;

  /* No gtk_widget_dispose_template(): SokPage's dispose releases the content slot. */
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/safeonlinekiosk/Kiosk/sok-pin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SokPinPage, steps);
  gtk_widget_class_bind_template_child (widget_class, SokPinPage, names);
  gtk_widget_class_bind_template_child (widget_class, SokPinPage, who);
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
  /* A screen reader hears only the step showing, not the other one behind it. */
  sok_stack_present_only_visible_child (GTK_STACK (self->steps));

  update_dots (self);
  show_step (self, FALSE);
  show_ready (self);

  /* A repeated digit is a quick double tap on one key; Enter is left to click. */
  for (GtkWidget *key = gtk_widget_get_first_child (self->keypad);
       key != NULL;
       key = gtk_widget_get_next_sibling (key))
    if (!gtk_widget_has_css_class (key, "suggested-action"))
      sok_key_count_every_tap (GTK_BUTTON (key));
}

/**
 * sok_pin_page_new:
 *
 * Returns: (transfer floating): staff sign-in (names, then the PIN pad), named
 *   “staff-pin”
 */
GtkWidget *
sok_pin_page_new (SokContext *context)
{
  g_return_val_if_fail (SOK_IS_CONTEXT (context), NULL);

  return g_object_new (SOK_TYPE_PIN_PAGE, "context", context, NULL);
}
