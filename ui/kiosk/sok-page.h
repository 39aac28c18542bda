/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sok-context.h"

G_BEGIN_DECLS

#define SOK_TYPE_PAGE (sok_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (SokPage, sok_page, SOK, PAGE, GtkWidget)

/**
 * SokPageClass:
 * @reset: forget everything the page holds (a child's choices, typed text); called
 *   on Hide and on idle time-out for every page, visible or not
 * @shown: the page has just become the visible one
 * @dup_speech_text: what Listen reads aloud; the default is the heading
 * @back: Back was tapped (speech has already stopped); the default activates
 *   flow.back, which the page's flow answers
 * @next: Next was tapped (speech has already stopped); the default activates flow.next
 * @dup_recording_path: a school's recorded file Listen plays instead of the synthetic
 *   voice when it exists; the default is none
 */
struct _SokPageClass
{
  GtkWidgetClass parent_class;

  void   (*reset)           (SokPage *self);
  void   (*shown)           (SokPage *self);
  char  *(*dup_speech_text) (SokPage *self);
  void   (*back)            (SokPage *self);
  void   (*next)            (SokPage *self);
  char  *(*dup_recording_path) (SokPage *self);

  /*< private >*/
  gpointer padding[7];
};

SokContext *sok_page_get_context        (SokPage    *self);
const char *sok_page_get_name           (SokPage    *self);
const char *sok_page_get_title          (SokPage    *self);
const char *sok_page_get_icon_name      (SokPage    *self);
GtkWidget  *sok_page_get_content        (SokPage    *self);
GtkWidget  *sok_page_get_heading        (SokPage    *self);
gboolean    sok_page_get_show_back      (SokPage    *self);
gboolean    sok_page_get_show_next      (SokPage    *self);
gboolean    sok_page_get_next_sensitive (SokPage    *self);
gboolean    sok_page_get_show_listen    (SokPage    *self);
gboolean    sok_page_get_show_hide      (SokPage    *self);

void        sok_page_set_title          (SokPage    *self,
                                         const char *title);
void        sok_page_set_icon_name      (SokPage    *self,
                                         const char *icon_name);
void        sok_page_set_content        (SokPage    *self,
                                         GtkWidget  *content);
void        sok_page_set_show_back      (SokPage    *self,
                                         gboolean    show_back);
void        sok_page_set_show_next      (SokPage    *self,
                                         gboolean    show_next);
void        sok_page_set_next_sensitive (SokPage    *self,
                                         gboolean    next_sensitive);
void        sok_page_set_show_listen    (SokPage    *self,
                                         gboolean    show_listen);
void        sok_page_set_show_hide      (SokPage    *self,
                                         gboolean    show_hide);

void        sok_page_reset              (SokPage    *self);
void        sok_page_shown              (SokPage    *self);
char       *sok_page_dup_speech_text    (SokPage    *self);
char       *sok_page_dup_recording_path (SokPage    *self);
void        sok_page_back               (SokPage    *self);
void        sok_page_next               (SokPage    *self);

G_END_DECLS
