/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-seal.h"

G_BEGIN_DECLS

/* For tests only: generates keys with the given Argon2id limits (which the key file
 * records), so that tests run under valgrind do not spend minutes in the KDF. The
 * limits must lie between libsodium's minimum and SENSITIVE. */
gboolean sok_seal_generate_keys_with_limits (const char  *out_dir,
                                             const char  *passphrase,
                                             gsize        passphrase_len,
                                             guint64      opslimit,
                                             gsize        memlimit,
                                             GError     **error);

G_END_DECLS
