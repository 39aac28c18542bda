/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-keyboard"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-key.h"
#include "sok-keyboard.h"

/* The kiosk's own on-screen keyboard: kiosk compositors offer none and the kiosk has no
 * physical keyboard. It types into a GtkTextView or a GtkEditable held in memory, and
 * every key is a big button a screen reader or switch user can press by name. */
struct _SokKeyboard
{
  GtkWidget  parent_instance;

  GtkWidget *grid;
  GtkWidget *target;
  GPtrArray *letter_keys;
  gboolean   capitals;
};

G_DEFINE_FINAL_TYPE (SokKeyboard, sok_keyboard, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TARGET,
  PROP_CAPITALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const rows[] = {
  "1234567890",
  "qwertyuiop",
  "asdfghjkl'",
  "zxcvbnm,.?",
};

static void
insert_into_target (SokKeyboard *self,
                    const char  *text)
{
  if (self->target == NULL)
    return;

  if (GTK_IS_TEXT_VIEW (self->target))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->target));

      gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, TRUE);
    }
  else if (GTK_IS_EDITABLE (self->target))
    {
      int pos = gtk_editable_get_position (GTK_EDITABLE (self->target));

      gtk_editable_insert_text (GTK_EDITABLE (self->target), text, -1, &pos);
      gtk_editable_set_position (GTK_EDITABLE (self->target), pos);
    }
}

/* Types @text where the cursor is in the target, as a key press would. */
void
sok_keyboard_type (SokKeyboard *self,
                   const char  *text)
{
  g_return_if_fail (SOK_IS_KEYBOARD (self));
  g_return_if_fail (text != NULL);

  insert_into_target (self, text);

  /* Capitals are for one letter, as on a phone. */
  if (self->capitals && g_unichar_isalpha (g_utf8_get_char (text)))
    sok_keyboard_set_capitals (self, FALSE);
}

/* Deletes the character before the cursor. */
void
sok_keyboard_delete (SokKeyboard *self)
{
  g_return_if_fail (SOK_IS_KEYBOARD (self));

  if (self->target == NULL)
    return;

  if (GTK_IS_TEXT_VIEW (self->target))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->target));
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      gtk_text_buffer_backspace (buffer, &iter, TRUE, TRUE);
    }
  else if (GTK_IS_EDITABLE (self->target))
    {
      int pos = gtk_editable_get_position (GTK_EDITABLE (self->target));

      if (pos > 0)
        gtk_editable_delete_text (GTK_EDITABLE (self->target), pos - 1, pos);
    }
}

static void
letter_clicked_cb (GtkButton   *button,
                   SokKeyboard *self)
{
  sok_keyboard_type (self, gtk_button_get_label (button));
}

static void
space_clicked_cb (GtkButton   *button,
                  SokKeyboard *self)
{
  sok_keyboard_type (self, " ");
}

static void
delete_clicked_cb (GtkButton   *button,
                   SokKeyboard *self)
{
  sok_keyboard_delete (self);
}

static void
capitals_toggled_cb (GtkToggleButton *button,
                     SokKeyboard     *self)
{
  sok_keyboard_set_capitals (self, gtk_toggle_button_get_active (button));
}

static GtkWidget *
add_key (SokKeyboard *self,
         const char  *label,
         const char  *accessible,
         int          column,
         int          row,
         int          width)
{
  GtkWidget *key = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (key, "key");
  gtk_widget_set_focus_on_click (key, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible ? accessible : label, -1);
  gtk_grid_attach (GTK_GRID (self->grid), key, column, row, width, 1);
  /* "ll" in "hello" is a quick double tap on one key. */
  sok_key_count_every_tap (GTK_BUTTON (key));

  return key;
}

static void
update_letters (SokKeyboard *self)
{
  for (guint i = 0; i < self->letter_keys->len; i++)
    {
      GtkButton *key = g_ptr_array_index (self->letter_keys, i);
      const char *letter = g_object_get_data (G_OBJECT (key), "sok-letter");
      char shown[8] = { 0 };
      gunichar c = g_utf8_get_char (letter);

      g_unichar_to_utf8 (self->capitals ? g_unichar_toupper (c) : c, shown);
      gtk_button_set_label (key, shown);
      gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      shown, -1);
    }
}

static void
build_keys (SokKeyboard *self)
{
  GtkWidget *key;

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      const char *p = rows[r];

      for (int c = 0; *p; c++, p = g_utf8_next_char (p))
        {
          char letter[8] = { 0 };
          const char *accessible = NULL;

          g_unichar_to_utf8 (g_utf8_get_char (p), letter);
          /* Translators: names of punctuation keys, said by screen readers. */
          if (g_str_equal (letter, "'"))
            accessible = C_("key", "Apostrophe");
          else if (g_str_equal (letter, ","))
            accessible = C_("key", "Comma");
          else if (g_str_equal (letter, "."))
            accessible = C_("key", "Full stop");
          else if (g_str_equal (letter, "?"))
            accessible = C_("key", "Question mark");

          key = add_key (self, letter, accessible, c * 2 + (r >= 2 ? 1 : 0), (int)r, 2);
          g_signal_connect (key, "clicked", G_CALLBACK (letter_clicked_cb), self);
          if (g_unichar_isalpha (g_utf8_get_char (letter)))
            {
              g_object_set_data_full (G_OBJECT (key), "sok-letter", g_strdup (letter), g_free);
              g_ptr_array_add (self->letter_keys, key);
            }
        }
    }

  key = gtk_toggle_button_new_with_label ("⇧ ABC");
  gtk_widget_add_css_class (key, "key");
  gtk_widget_set_focus_on_click (key, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  C_("key", "Capital letter"), -1);
  g_object_bind_property (self, "capitals", key, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect (key, "toggled", G_CALLBACK (capitals_toggled_cb), self);
  gtk_grid_attach (GTK_GRID (self->grid), key, 0, 4, 4, 1);

  key = add_key (self, C_("key", "space"), C_("key", "Space"), 4, 4, 12);
  g_signal_connect (key, "clicked", G_CALLBACK (space_clicked_cb), self);

  key = add_key (self, "⌫", C_("key", "Delete"), 16, 4, 4);
  g_signal_connect (key, "clicked", G_CALLBACK (delete_clicked_cb), self);
}

static void
sok_keyboard_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SokKeyboard *self = SOK_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;

    case PROP_CAPITALS:
      g_value_set_boolean (value, self->capitals);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_keyboard_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SokKeyboard *self = SOK_KEYBOARD (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      sok_keyboard_set_target (self, g_value_get_object (value));
      break;

    case PROP_CAPITALS:
      sok_keyboard_set_capitals (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sok_keyboard_dispose (GObject *object)
{
  SokKeyboard *self = SOK_KEYBOARD (object);

  g_clear_weak_pointer (&self->target);
  g_clear_pointer (&self->grid, gtk_widget_unparent);

  G_OBJECT_CLASS (sok_keyboard_parent_class)->dispose (object);
}

static void
sok_keyboard_finalize (GObject *object)
{
  SokKeyboard *self = SOK_KEYBOARD (object);

  g_clear_pointer (&self->letter_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (sok_keyboard_parent_class)->finalize (object);
}

static void
sok_keyboard_class_init (SokKeyboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sok_keyboard_dispose;
  object_class->finalize = sok_keyboard_finalize;
  object_class->get_property = sok_keyboard_get_property;
  object_class->set_property = sok_keyboard_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPITALS] =
    g_param_spec_boolean ("capitals", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keyboard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sok_keyboard_init (SokKeyboard *self)
{
  self->letter_keys = g_ptr_array_new ();
  self->grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 4);
  gtk_grid_set_column_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_grid_set_row_homogeneous (GTK_GRID (self->grid), TRUE);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  build_keys (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Keyboard"), -1);
}

GtkWidget *
sok_keyboard_new (void)
{
  return g_object_new (SOK_TYPE_KEYBOARD, NULL);
}

GtkWidget *
sok_keyboard_get_target (SokKeyboard *self)
{
  g_return_val_if_fail (SOK_IS_KEYBOARD (self), NULL);

  return self->target;
}

gboolean
sok_keyboard_get_capitals (SokKeyboard *self)
{
  g_return_val_if_fail (SOK_IS_KEYBOARD (self), FALSE);

  return self->capitals;
}

/* @target: (nullable): a GtkTextView or GtkEditable to type into; held weakly. */
void
sok_keyboard_set_target (SokKeyboard *self,
                         GtkWidget   *target)
{
  g_return_if_fail (SOK_IS_KEYBOARD (self));
  g_return_if_fail (target == NULL || GTK_IS_TEXT_VIEW (target) || GTK_IS_EDITABLE (target));

  if (g_set_weak_pointer (&self->target, target))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

void
sok_keyboard_set_capitals (SokKeyboard *self,
                           gboolean     capitals)
{
  g_return_if_fail (SOK_IS_KEYBOARD (self));

  capitals = !!capitals;
  if (self->capitals == capitals)
    return;

  self->capitals = capitals;
  update_letters (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPITALS]);
}
