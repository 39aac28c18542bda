/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-dsl-window.h"
#include "sok-report-content.h"

G_BEGIN_DECLS

/* The console's one window, split by concern as GNOME Text Editor splits its own:
 * sok-dsl-window.c (the window, locking and unlocking, idle time), -queue.c (the
 * queue and its list) and -actions.c (what the DSL can do, and the keys for it).
 *
 * Locked, it shows the unlock page (and how many urgent reports wait, which the
 * queue knows without the key). Unlocked, it is a leaflet: the queue on the left, a
 * report or the governors' figures on the right. The queue is watched all the time,
 * so a new urgent report raises a desktop notification even while the console is
 * locked. After idle_seconds without input it locks and forgets the key and
 * everything it showed. */
struct _SokDslWindow
{
  AdwApplicationWindow  parent_instance;

  GtkRevealer          *notice_revealer;
  GtkLabel             *notice_label;
  GtkStack             *stack;
  GtkRevealer          *locked_alert_revealer;
  GtkLabel             *locked_alert_label;
  GtkRevealer          *queue_status_revealer;
  GtkWidget            *connecting_box;
  GtkSpinner           *connecting_spinner;
  GtkWidget            *unreachable_box;
  GtkLabel             *unreachable_label;
  SokUnlockPage        *unlock_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  AdwWindowTitle       *queue_title;
  GtkToggleButton      *filter_new;
  GtkToggleButton      *filter_open;
  GtkToggleButton      *filter_closed;
  GtkListBox           *case_list;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  AdwStatusPage        *empty_page;
  SokCaseView          *case_view;
  SokGovernorsPage     *governors_page;
  SokKiosksPage        *kiosks_page;

  char                 *data_dir;
  char                 *queue_uri;
  char                 *key_path;
  gboolean              key_path_is_default;
  guint                 idle_seconds;

  SokQueue             *queue;         /* the main thread's connection, once made */
  GError               *queue_error;
  GCancellable         *cancellable;   /* cancelled when the window goes */
  SokQueue             *reader;        /* the list's own connection, for worker threads */
  gboolean              connecting;
  gboolean              reading;
  gboolean              read_again;
  gboolean              focus_after_read;
  guint                 connecting_id;
  SokDslKey            *pending_key;   /* unlocked while the queue was being reached */
  GSource              *watch;
  GHashTable           *known_ids;     /* report ids seen, to tell arrivals */
  GHashTable           *rows;          /* report id → its SokCaseRow in the list */
  GPtrArray            *listing;       /* the queue's cases as last read */
  GHashTable           *signatures;    /* report id → SokSignatureState, as last checked */
  gboolean              listed_once;
  guint                 n_alerts;

  SokDslKey            *key;
  char                 *actor;
  SokReportContent     *content_words;
  char                 *school_name;

  gint64                last_input;
  guint                 idle_id;
  guint                 notice_id;
  guint                 reread_id;
  gboolean              idle_warned;
};

/* sok-dsl-window.c */
void     _sok_dsl_window_show_notice         (SokDslWindow *self,
                                              const char   *message);
void     _sok_dsl_window_dismiss_notice      (SokDslWindow *self);
void     _sok_dsl_window_show_content        (SokDslWindow *self,
                                              const char   *name);
void     _sok_dsl_window_open_case           (SokDslWindow *self,
                                              const char   *report_id,
                                              gboolean      focus_report);
void     _sok_dsl_window_focus_list          (SokDslWindow *self);
void     _sok_dsl_window_finish_unlock       (SokDslWindow *self,
                                              SokDslKey    *key);

/* sok-dsl-window-queue.c */
void     _sok_dsl_window_queue_init          (SokDslWindow *self);
void     _sok_dsl_window_open_queue          (SokDslWindow *self);
void     _sok_dsl_window_read_queue          (SokDslWindow *self);
void     _sok_dsl_window_filter_changed      (SokDslWindow *self);
void     _sok_dsl_window_clear_list          (SokDslWindow *self);
void     _sok_dsl_window_close_queue         (SokDslWindow *self);

/* sok-dsl-window-actions.c */
void     _sok_dsl_window_class_actions_init  (GtkWidgetClass *widget_class);

G_END_DECLS
