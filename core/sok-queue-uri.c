/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sok-queue-uri.h"

/* How a queue setting is shown. It needs no queue, so settings, the health checks and
 * the kiosk's health page can name a queue without the queue library (libpq). */

/**
 * sok_queue_redact_uri:
 * @uri: a queue setting
 *
 * Returns: (transfer full): @uri with any password replaced by `***`, fit for
 *   messages and logs. Every message about a queue names it this way.
 */
char *
sok_queue_redact_uri (const char *uri)
{
  g_autoptr (GString) out = NULL;
  const char *scheme_end;
  const char *authority_end;
  const char *at = NULL;
  const char *query;

  g_return_val_if_fail (uri != NULL, NULL);

  scheme_end = strstr (uri, "://");
  if (scheme_end == NULL)
    return g_strdup (uri);

  out = g_string_new_len (uri, scheme_end + 3 - uri);
  authority_end = scheme_end + 3 + strcspn (scheme_end + 3, "/?#");
  for (const char *p = scheme_end + 3; p < authority_end; p++)
    if (*p == '@')
      at = p;

  if (at != NULL)
    {
      const char *colon = memchr (scheme_end + 3, ':', at - (scheme_end + 3));

      if (colon != NULL)
        {
          g_string_append_len (out, scheme_end + 3, colon - (scheme_end + 3));
          g_string_append (out, ":***");
        }
      else
        g_string_append_len (out, scheme_end + 3, at - (scheme_end + 3));
      g_string_append_len (out, at, authority_end - at);
    }
  else
    g_string_append_len (out, scheme_end + 3, authority_end - (scheme_end + 3));

  /* Passwords may also be given as a parameter. */
  query = authority_end;
  while (*query)
    {
      gboolean is_password = (query[0] == '?' || query[0] == '&') &&
                             g_ascii_strncasecmp (query + 1, "password=", 9) == 0;

      if (is_password)
        {
          g_string_append_len (out, query, 10);
          g_string_append (out, "***");
          query += 10;
          query += strcspn (query, "&#");
        }
      else
        g_string_append_c (out, *query++);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
