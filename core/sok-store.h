/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define SOK_STORE_ERROR (sok_store_error_quark ())

typedef enum
{
  SOK_STORE_ERROR_PERMISSIONS,
  SOK_STORE_ERROR_OPEN,
  SOK_STORE_ERROR_CORRUPT,
  SOK_STORE_ERROR_NEWER_SCHEMA,
  SOK_STORE_ERROR_MIGRATION,
  SOK_STORE_ERROR_FULL,
  SOK_STORE_ERROR_BUSY,
  SOK_STORE_ERROR_QUERY,
} SokStoreError;


#define SOK_TYPE_STORE (sok_store_get_type ())
G_DECLARE_FINAL_TYPE (SokStore, sok_store, SOK, STORE, GObject)

GQuark      sok_store_error_quark        (void);

gboolean    sok_store_ensure_data_dir    (const char  *dir,
                                          GError     **error);
gboolean    sok_store_check_data_dir     (const char  *dir,
                                          GError     **error);

SokStore   *sok_store_open               (const char  *dir,
                                          GError     **error);

const char *sok_store_get_dir            (SokStore    *self);
sqlite3    *sok_store_get_db             (SokStore    *self);
int         sok_store_get_schema_version (SokStore    *self);

gboolean    sok_store_exec               (SokStore    *self,
                                          const char  *sql,
                                          GError     **error);
sqlite3_stmt *sok_store_prepare          (SokStore    *self,
                                          const char  *sql,
                                          GError     **error);
gboolean    sok_store_step_done          (SokStore     *self,
                                          sqlite3_stmt *stmt,
                                          GError      **error);
gboolean    sok_store_begin              (SokStore    *self,
                                          GError     **error);
gboolean    sok_store_commit             (SokStore    *self,
                                          GError     **error);
void        sok_store_rollback           (SokStore    *self);

gboolean    sok_store_check_integrity    (SokStore    *self,
                                          char       **problems,
                                          GError     **error);

void        sok_store_set_error_from_db  (SokStore    *self,
                                          int          rc,
                                          const char  *doing,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
