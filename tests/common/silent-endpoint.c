/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-test"

#include "config.h"

#include "silent-endpoint.h"

struct _SokSilentEndpoint
{
  GSocket *socket;
  guint    port;
};

/* Returns: (transfer full): a listening endpoint on a free port, or %NULL. */
SokSilentEndpoint *
sok_silent_endpoint_new (GError **error)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  SokSilentEndpoint *self;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL || !g_socket_bind (socket, any_port, FALSE, error))
    return NULL;
  /* Room for every attempt a test or bench makes: a full queue would drop the
   * handshake instead, which is silent too, but not the case to be shown. */
  g_socket_set_listen_backlog (socket, 128);
  if (!g_socket_listen (socket, error) ||
      (bound = g_socket_get_local_address (socket, error)) == NULL)
    return NULL;

  self = g_new0 (SokSilentEndpoint, 1);
  self->socket = g_steal_pointer (&socket);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return self;
}

guint
sok_silent_endpoint_get_port (SokSilentEndpoint *self)
{
  return self->port;
}

char *
sok_silent_endpoint_dup_uri (SokSilentEndpoint *self,
                             const char        *user,
                             const char        *query)
{
  return g_strdup_printf ("postgresql://%s:never-Sent-pw@127.0.0.1:%u/sokqueue%s%s", user,
                          self->port, query ? "?" : "", query ? query : "");
}

void
sok_silent_endpoint_free (SokSilentEndpoint *self)
{
  if (self == NULL)
    return;
  g_socket_close (self->socket, NULL);
  g_object_unref (self->socket);
  g_free (self);
}
