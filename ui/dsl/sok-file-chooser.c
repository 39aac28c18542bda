/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "sok-file-chooser.h"

/**
 * sok_file_chooser_show:
 * @widget: the widget asking; the chooser is modal over its window
 * @action: open or save
 * @title: the chooser's title, translated
 * @accept_label: the accept button's mnemonic label, translated
 * @filter: (transfer none): the only filter offered
 * @current_name: (nullable): the file name proposed when saving
 * @response_cb: connected to #GtkNativeDialog::response with @user_data
 *
 * Shows the console's file chooser the way every page of it does: native (so a
 * sandboxed console still reaches the DSL's files), modal, one filter.
 *
 * Returns: (transfer full): the chooser; the caller keeps it until the response,
 *   and destroys it if it goes first.
 */
GtkFileChooserNative *
sok_file_chooser_show (GtkWidget            *widget,
                       GtkFileChooserAction  action,
                       const char           *title,
                       const char           *accept_label,
                       GtkFileFilter        *filter,
                       const char           *current_name,
                       GCallback             response_cb,
                       gpointer              user_data)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (GTK_IS_FILE_FILTER (filter), NULL);
  g_return_val_if_fail (response_cb != NULL, NULL);

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (title,
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, accept_label, _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", response_cb, user_data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));

  return chooser;
}

/**
 * sok_file_chooser_take_file:
 * @chooser: where the page keeps the chooser that answered
 * @response: the answer
 *
 * For a #GtkNativeDialog::response handler: drops the page's chooser, so that the
 * next tap opens a new one.
 *
 * Returns: (transfer full) (nullable): the file chosen, or %NULL when none was.
 */
GFile *
sok_file_chooser_take_file (GtkFileChooserNative **chooser,
                            int                    response)
{
  GFile *file = NULL;

  g_return_val_if_fail (chooser != NULL && GTK_IS_FILE_CHOOSER_NATIVE (*chooser), NULL);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (*chooser));
  g_clear_object (chooser);

  return file;
}

/* For dispose: a chooser still open when its page goes is closed, not left behind. */
void
sok_file_chooser_clear (GtkFileChooserNative **chooser)
{
  g_return_if_fail (chooser != NULL);

  if (*chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (*chooser));
  g_clear_object (chooser);
}
