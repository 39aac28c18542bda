/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Removes a temporary directory and everything in it (symbolic links are removed,
 * never followed). */
void sok_test_remove_tree (const char *path);

/* The path of the program @name, which @package installs. A missing one skips the
 * test on a developer's machine and fails it in CI (CI=true), where it must be
 * installed; either way it returns %NULL and the test should return. */
char *sok_test_find_tool (const char *name,
                          const char *package);

/* How a program a test ran ended, and what it printed. */
typedef struct
{
  int       status;
  char     *out;
  char     *err;
  /* What it printed on stdout, parsed, when it was asked for JSON (see
   * sok_test_sokctl()); otherwise %NULL. */
  JsonNode *json;
} SokTestRun;

void sok_test_run_clear (SokTestRun *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SokTestRun, sok_test_run_clear)

/* Runs @argv (%NULL-terminated; argv[0] is the program's path) with stdout and stderr
 * captured into @run (cleared first) and waits for it. The test fails if it could
 * not be started or did not exit normally (a crash is never an exit status). */
void sok_test_run_argv (SokTestRun         *run,
                        const char * const *argv);

/* Runs the real sokctl, as $SOKCTL (set by tests/meson.build) names it, with the
 * arguments that follow, up to %NULL. With `json` among them (as in `--format json`)
 * and something on stdout, the test fails unless that is JSON, and run->json holds it. */
void sok_test_sokctl (SokTestRun *run,
                      const char *first,
                      ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
