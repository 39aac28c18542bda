/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes a temporary directory and everything in it (symbolic links are removed,
 * never followed). */
void sok_test_remove_tree (const char *path);

G_END_DECLS
