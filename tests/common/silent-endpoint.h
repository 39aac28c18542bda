/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A TCP port on 127.0.0.1 that takes connections and never says a word: what a
 * client sees of a hung server, or of a firewall that lets the handshake through and
 * swallows the rest. The kernel completes each handshake into the listen queue and
 * keeps whatever the client sends; nothing ever reads it or answers. */
typedef struct _SokSilentEndpoint SokSilentEndpoint;

SokSilentEndpoint *sok_silent_endpoint_new      (GError            **error);
guint              sok_silent_endpoint_get_port (SokSilentEndpoint  *self);
/* A PostgreSQL address for @user on the endpoint, with @query appended when not
 * %NULL (e.g. "connect_timeout=2"). */
char              *sok_silent_endpoint_dup_uri  (SokSilentEndpoint  *self,
                                                 const char         *user,
                                                 const char         *query);
void               sok_silent_endpoint_free     (SokSilentEndpoint  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokSilentEndpoint, sok_silent_endpoint_free)

G_END_DECLS
