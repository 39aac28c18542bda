/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sok-gtk-test.h"
#include "sok-kiosk.h"
#include "sok-queue.h"

G_BEGIN_DECLS

/* A report as a kiosk seals it (envelope format 1, core/sok-report.c), with every
 * field the DSL console shows. */
typedef struct
{
  const char *report_id;
  const char *date;          /* YYYY-MM-DD; NULL: today */
  const char *part_of_day;
  const char *category;
  const char *risk_area;
  const char *where;
  const char *feeling;
  const char *text;
  gboolean    with_drawing;
  gboolean    wants_talk;
  gboolean    urgent;
  const char *age_band;
  const char *name;
} DslFixtureReport;

/* Makes dsl.key and dsl.pub in @dir with fast Argon2id limits (for tests and demos);
 * returns the public key. */
char     *dsl_fixture_make_keys (const char             *dir,
                                 const char             *passphrase);
/* Seals @report to @public_key and delivers it to the queue at @queue_uri as a
 * kiosk does. */
gboolean  dsl_fixture_deliver   (const char             *queue_uri,
                                 const char             *public_key,
                                 const DslFixtureReport *report,
                                 GError                **error);
/* The same, in envelope format 2 signed by @kiosk; with @claimed_key, that key is
 * named as the signer instead of @kiosk's own (a forgery: the seal is sound, the
 * signature is not the named kiosk's). */
gboolean  dsl_fixture_deliver_signed (const char        *queue_uri,
                                      const char        *public_key,
                                      const DslFixtureReport *report,
                                      SokKioskKey       *kiosk,
                                      const char        *claimed_key,
                                      GError           **error);
/* Enrols a kiosk as `sokctl kiosk enrol` does: a key pair in @data_dir, its public
 * half registered in the queue under @kiosk_id (pending). */
SokKioskKey *dsl_fixture_enrol_kiosk (const char      *queue_uri,
                                      const char      *data_dir,
                                      const char      *kiosk_id,
                                      GError         **error);
/* Approves or revokes @kiosk as the DSL does (`sokctl queue kiosks approve|revoke`). */
gboolean  dsl_fixture_decide_kiosk   (const char        *queue_uri,
                                      const char        *key_path,
                                      const char        *passphrase,
                                      SokKioskKey       *kiosk,
                                      SokKioskStatus     decision,
                                      GError           **error);

/* Before g_test_init (G_TEST_OPTION_ISOLATE_DIRS): the isolated directories hide the
 * system's GSettings schemas (libadwaita reads them) and MIME database (GTK needs it
 * for the theme's symbolic icons); this keeps them found. */
void       dsl_fixture_prepare_for_isolated_dirs (void);
/* libadwaita, and the console's style sheet, which the application would load. */
void       dsl_fixture_init_style  (void);

/* sok_test_spin() under the name bench/bench-dsl.c knows it by. */
void       dsl_fixture_spin        (guint                   ms);
/* A widget below @root by its id in the .ui file, or NULL. */
GtkWidget *dsl_fixture_find_widget (GtkWidget              *root,
                                    const char             *id);

G_END_DECLS
