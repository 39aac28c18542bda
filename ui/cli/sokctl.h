/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "sok-config.h"
#include "sok-store.h"

G_BEGIN_DECLS

typedef enum
{
  SOKCTL_FORMAT_TEXT,
  SOKCTL_FORMAT_CSV,
  SOKCTL_FORMAT_JSON,
} SokctlFormat;

/* What every command is given: the global options, already taken out of argv. */
typedef struct
{
  char         *data_dir;
  SokctlFormat  format;
} SokctlContext;

/* A command: argv[0] is the command's name; returns the process exit code. Errors go
 * to @error, which sokctl prints as one line on stderr. */
typedef gboolean (*SokctlCommandFunc) (SokctlContext  *ctx,
                                       int             argc,
                                       char          **argv,
                                       GError        **error);

typedef struct
{
  const char        *name;
  const char        *args;
  const char        *summary;
  SokctlCommandFunc  func;
} SokctlCommand;

#define SOKCTL_ERROR (sokctl_error_quark ())

typedef enum
{
  SOKCTL_ERROR_USAGE,
  SOKCTL_ERROR_FAILED,
  SOKCTL_ERROR_UNHEALTHY,
} SokctlError;

GQuark      sokctl_error_quark         (void);

/* Parses a command's own options with --help, and checks the count of positional
 * arguments left in argv (argv[0] excluded). */
gboolean    sokctl_parse_options       (const char    *command,
                                        const char    *parameter_string,
                                        const char    *summary,
                                        GOptionEntry  *entries,
                                        int           *argc,
                                        char        ***argv,
                                        int            min_args,
                                        int            max_args,
                                        GError       **error);

SokConfig  *sokctl_load_config         (SokctlContext  *ctx,
                                        GError        **error);
SokStore   *sokctl_open_store          (SokctlContext  *ctx,
                                        GError        **error);

/* Sets a %SOKCTL_ERROR_USAGE error (the command was called wrongly; sokctl exits 2)
 * and returns %FALSE, so that a command can `return sokctl_usage_error (error, …);`. */
gboolean    sokctl_usage_error         (GError        **error,
                                        const char     *format,
                                        ...) G_GNUC_PRINTF (2, 3);
/* Checks a --year option: 0 (not given) or the calendar year a school year starts in. */
gboolean    sokctl_check_school_year   (int             year,
                                        GError        **error);

/* Tables for scripts and people: text columns, CSV (RFC 4180) or a JSON array of
 * objects. Values are strings or NULL; numbers that should be JSON numbers are named
 * in @numeric (a NULL-terminated list of column names, or NULL). */
typedef struct _SokctlTable SokctlTable;

SokctlTable *sokctl_table_new          (const char * const *columns);
void         sokctl_table_set_numeric  (SokctlTable        *table,
                                        const char * const *numeric);
void         sokctl_table_add_row      (SokctlTable        *table,
                                        const char * const *values);
void         sokctl_table_add_rowv     (SokctlTable        *table,
                                        ...) G_GNUC_NULL_TERMINATED;
void         sokctl_table_print        (SokctlTable        *table,
                                        SokctlFormat        format);
void         sokctl_table_free         (SokctlTable        *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokctlTable, sokctl_table_free)

/* Prints a single record (key, value pairs) in the chosen format. */
void         sokctl_print_record       (SokctlFormat        format,
                                        const char * const *keys,
                                        const char * const *values,
                                        const char * const *numeric);

/* Commands, by area; each lives in sokctl-<area>.c. */
gboolean sokctl_cmd_init    (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_config  (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_doctor  (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_roster     (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_agreements (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_staff        (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_certificates (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_queue      (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_stats      (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_keys       (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_outbox     (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_sync       (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_kiosk      (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_messages   (SokctlContext *ctx, int argc, char **argv, GError **error);
gboolean sokctl_cmd_retention  (SokctlContext *ctx, int argc, char **argv, GError **error);

G_END_DECLS
