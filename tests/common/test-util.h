/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sok-seal.h"

G_BEGIN_DECLS

/* Removes a temporary directory and everything in it (symbolic links are removed,
 * never followed). */
void sok_test_remove_tree (const char *path);

/* Makes a DSL key pair in @dir (dsl.pub and dsl.key, as `sokctl keys generate` does)
 * with @passphrase and libsodium's smallest Argon2id limits, so that tests stay quick
 * under valgrind (/seal/keys/generate-uses-moderate-limits checks the real ones). With
 * @key, loads the private key into it. Returns: (transfer full): the public key as
 * dsl.pub holds it, without the newline: what the dsl-public-key setting takes. */
char *sok_test_make_dsl_keys (const char  *dir,
                              const char  *passphrase,
                              SokDslKey  **key);

/* A throwaway DSL key for tests that write to a queue's case record (which signs
 * every audit entry with it). Returns: (transfer full): a new key pair, made in a
 * temporary directory that is removed again. */
SokDslKey *sok_test_new_dsl_key (void);

/* Sets up @data_dir as `sokctl init` would for a kiosk of "Test School" called
 * @kiosk_id that seals reports to @public_key, and, when @queue_uri is not %NULL,
 * delivers them to that queue. */
void sok_test_write_kiosk_config (const char *data_dir,
                                  const char *kiosk_id,
                                  const char *public_key,
                                  const char *queue_uri);

/* Opens @sealed with @key and parses the envelope inside; the test fails unless
 * both work. Returns: (transfer full): the envelope, a JSON object. */
JsonNode *sok_test_open_envelope (SokDslKey *key,
                                  GBytes    *sealed);

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

/* Fails the test unless @text is exactly one line, ending in a newline: how sokctl
 * reports an error on stderr. */
void sok_test_assert_one_line (const char *text);

/* Runs the real sokctl, as $SOKCTL (set by tests/meson.build) names it, with the
 * arguments that follow, up to %NULL. With `json` among them (as in `--format json`)
 * and something on stdout, the test fails unless that is JSON, and run->json holds it. */
void sok_test_sokctl (SokTestRun *run,
                      const char *first,
                      ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
