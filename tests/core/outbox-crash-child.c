/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "outbox-crash-child"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "outbox-crash-report.h"
#include "sok-report.h"

/* The child of test-outbox-crash: sends reports one after another, through the same
 * call the kiosk's Send button makes (sok_report_send_async: seal, then a durable
 * commit in a worker thread), until it is killed. After each send returns — the
 * moment the kiosk would show "Thank you" — it writes "REPORT-ID RUN N\n" to stdout
 * with one write(2), which a pipe delivers whole or not at all.
 *
 * Usage: outbox-crash-child DATA-DIR RUN */

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  char      *report_id;
  GError    *error;
} Send;

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Send *send = user_data;

  send->ok = sok_report_send_finish (result, &send->report_id, &send->error);
  g_main_loop_quit (send->loop);
}

static void
write_all (const char *line)
{
  gsize len = strlen (line);

  while (len > 0)
    {
      ssize_t n = write (STDOUT_FILENO, line, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        exit (3);
      line += n;
      len -= (gsize)n;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const char *data_dir;
  guint run;

  if (argc != 3)
    {
      fprintf (stderr, "usage: outbox-crash-child DATA-DIR RUN\n");
      return 2;
    }
  data_dir = argv[1];
  run = (guint)g_ascii_strtoull (argv[2], NULL, 10);

  for (guint n = 0; ; n++)
    {
      g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
      g_autofree char *text = crash_report_text (run, n);
      g_autofree char *line = NULL;
      Send send = { loop, FALSE, NULL, NULL };

      sok_report_draft_set_category (draft, "unkind-to-me", "conduct");
      sok_report_draft_set_where (draft, "game");
      sok_report_draft_set_feeling (draft, "sad");
      sok_report_draft_set_locale (draft, "en_GB");
      sok_report_draft_set_text (draft, text, -1);
      sok_report_draft_set_urgent (draft, crash_report_urgent (n));

      sok_report_send_async (data_dir, draft, NULL, send_done_cb, &send);
      g_main_loop_run (loop);

      if (!send.ok)
        {
          /* Not acknowledged: the kiosk would tell the child to see a grown-up. */
          fprintf (stderr, "send failed: %s\n", send.error->message);
          g_clear_error (&send.error);
          return 1;
        }

      line = g_strdup_printf ("%s %u %u\n", send.report_id, run, n);
      write_all (line);
      g_free (send.report_id);
    }
}
