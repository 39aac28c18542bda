/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-case.h"
#include "sok-queue.h"

G_BEGIN_DECLS

/* The DSL's case tests, run the same against each queue backend: test-case (SQLite)
 * and test-case-pg (PostgreSQL, suite integration). */
typedef struct
{
  /* A fresh queue address for one test (SQLite: a new file; PostgreSQL: the
   * harness's queue, where report ids are kept unique per test instead). */
  char     *(*new_queue_uri) (gboolean dsl);
  /* Sets the actor of audit entry @entry_id in the queue's database as its owner,
   * getting round the append-only triggers as someone with the database's keys
   * could. */
  void      (*edit_audit_actor) (const char *queue_uri,
                                 gint64      entry_id,
                                 const char *actor);
  /* Runs @sql (table names without a schema) in the queue's database as its owner,
   * with its triggers off, as someone with the database's keys could. */
  void      (*exec_as_owner) (const char *queue_uri,
                              const char *sql);
  /* The one number @sql selects (table names without a schema), read as the owner. */
  gint64    (*count_as_owner) (const char *queue_uri,
                               const char *sql);
} CaseBackend;

/* A DSL key pair made once per program, with fast Argon2id limits. */
void        case_tests_make_keys     (void);
const char *case_tests_key_path      (void);
const char *case_tests_public_key    (void);
SokDslKey  *case_tests_load_key      (void);
void        case_tests_cleanup       (void);

/* A report as a kiosk seals it (envelope format 1). */
GBytes     *case_tests_seal_report   (const char *report_id,
                                      const char *date,
                                      const char *category,
                                      const char *risk_area,
                                      const char *where,
                                      const char *age_band,
                                      const char *text,
                                      gboolean    with_drawing);
void        case_tests_deliver       (SokQueue   *kiosk,
                                      const char *report_id,
                                      gboolean    urgent,
                                      GBytes     *sealed);
char       *case_tests_unique_id     (const char *stem);

void        case_tests_add           (const char        *prefix,
                                      const CaseBackend *backend);

G_END_DECLS
