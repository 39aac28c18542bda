/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* A throwaway PostgreSQL cluster in a temporary directory, listening only on a
 * Unix socket there, with the DSL queue set up by data/sql/postgresql-setup.sql and
 * two login roles: kiosk1 (in sok_kiosk) and dsl1 (in sok_dsl). */
typedef struct
{
  char  *dir;
  char  *data;
  char  *bindir;
  guint  port;
  gboolean as_postgres;
} SokPgHarness;

#define SOK_PG_KIOSK_PASSWORD "kiosk-Secr3t-pw"
#define SOK_PG_DSL_PASSWORD "dsl-Secr3t-pw"
#define SOK_PG_SUPER_PASSWORD "super-Secr3t-pw"

char         *sok_pg_harness_find_bindir (void);
SokPgHarness *sok_pg_harness_start       (GError      **error);
SokPgHarness *sok_pg_harness_start_or_skip (void);
gboolean      sok_pg_harness_stop        (SokPgHarness *h,
                                          GError      **error);
gboolean      sok_pg_harness_restart     (SokPgHarness *h,
                                          GError      **error);
char         *sok_pg_harness_uri         (SokPgHarness *h,
                                          const char   *user,
                                          const char   *password,
                                          guint         port);
PGconn       *sok_pg_harness_connect     (SokPgHarness *h,
                                          const char   *user,
                                          const char   *password);
gboolean      sok_pg_harness_exec        (SokPgHarness *h,
                                          const char   *sql,
                                          GError      **error);
void          sok_pg_harness_free        (SokPgHarness *h);

G_END_DECLS
