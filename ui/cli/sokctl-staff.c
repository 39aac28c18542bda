/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <sodium.h>
#include <stdio.h>

#include "sok-agreement.h"
#include "sok-certificate.h"
#include "sok-staff.h"
#include "sokctl.h"

/* Staff commands: members of staff and their PINs for staff mode, and the promise
 * certificates staff mode prints. A PIN is only ever read from a file (never from the
 * command line, where `ps` and the shell's history would show it) and is wiped from
 * memory once hashed. */

/* The most a PIN file may hold: the PIN and a line ending, with room to spare. */
#define PIN_FILE_MAX 64

static gboolean
read_pin_file (const char  *path,
               char        *pin,
               gsize       *len,
               GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr (GFileInputStream) stream = NULL;
  gsize n = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "The PIN file %s cannot be read: %s", path, local_error->message);
      return FALSE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), pin, PIN_FILE_MAX, &n, NULL,
                                &local_error))
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "The PIN file %s cannot be read: %s", path, local_error->message);
      return FALSE;
    }
  if (n == PIN_FILE_MAX)
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED,
                   "The PIN file %s is too long: it should hold only the PIN, %d to %d "
                   "digits, on one line", path, SOK_STAFF_PIN_MIN_DIGITS,
                   SOK_STAFF_PIN_MAX_DIGITS);
      return FALSE;
    }

  /* One line ending is allowed, as an editor or `echo` leaves it. */
  if (n > 0 && pin[n - 1] == '\n')
    n--;
  if (n > 0 && pin[n - 1] == '\r')
    n--;
  *len = n;

  return TRUE;
}

static gboolean
staff_add (SokctlContext  *ctx,
           const char     *name,
           const char     *role,
           const char     *pin_file,
           GError        **error)
{
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GError) local_error = NULL;
  char *pin;
  gsize len = 0;
  gint64 id = 0;
  gboolean ok;

  if (role == NULL || pin_file == NULL)
    return sokctl_usage_error (error, "staff add needs --role teacher|dsl|it and --pin-file FILE");
  if (!sok_staff_role_is_valid (role))
    return sokctl_usage_error (error, "--role must be teacher, dsl or it, not “%s”", role);
  if (!sok_staff_validate_name (name, error))
    return FALSE;

  if (!(store = sokctl_open_store (ctx, error)))
    return FALSE;

  /* Guarded memory, wiped and freed whatever happens. */
  pin = sodium_malloc (PIN_FILE_MAX);
  if (pin == NULL)
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_FAILED, "Out of memory for the PIN");
      return FALSE;
    }
  ok = read_pin_file (pin_file, pin, &len, error) &&
       sok_staff_add (store, name, role, pin, len, &id, &local_error);
  sodium_free (pin);

  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", pin_file);
      return FALSE;
    }
  if (!ok)
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Added %s (%s). They can now open staff mode on the kiosk with their PIN.\n",
            name, role);
  else
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      sokctl_print_record (ctx->format, (const char *[]) { "id", "name", "role", NULL },
                           (const char *[]) { id_text, name, role, NULL },
                           (const char *[]) { "id", NULL });
    }

  return TRUE;
}

static gboolean
staff_list (SokctlContext  *ctx,
            GError        **error)
{
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (SokctlTable) table = NULL;

  if (!(store = sokctl_open_store (ctx, error)) ||
      !(members = sok_staff_list (store, error)))
    return FALSE;

  table = sokctl_table_new ((const char *[]) { "id", "name", "role", "added", "locked", NULL });
  sokctl_table_set_numeric (table, (const char *[]) { "id", NULL });
  for (guint i = 0; i < members->len; i++)
    {
      SokStaffMember *member = g_ptr_array_index (members, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, member->id);
      g_autofree char *added = member->created_at
                               ? g_date_time_format_iso8601 (member->created_at) : NULL;

      sokctl_table_add_rowv (table, id, member->name, member->role, added,
                             member->locked ? "yes" : "no", NULL);
    }
  sokctl_table_print (table, ctx->format);

  return TRUE;
}

static gboolean
staff_remove (SokctlContext  *ctx,
              const char     *name,
              GError        **error)
{
  g_autoptr (SokStore) store = NULL;

  if (!(store = sokctl_open_store (ctx, error)) ||
      !sok_staff_remove (store, name, error))
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Removed %s: their PIN no longer opens staff mode.\n", name);

  return TRUE;
}

static gboolean
staff_unlock (SokctlContext  *ctx,
              const char     *name,
              GError        **error)
{
  g_autoptr (SokStore) store = NULL;
  gboolean was_locked = FALSE;

  if (!(store = sokctl_open_store (ctx, error)) ||
      !sok_staff_unlock (store, name, &was_locked, error))
    return FALSE;

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf (was_locked ? "Unlocked %s: they can sign in with their PIN again.\n"
                       : "%s was not locked; their count of wrong PINs starts again.\n",
            name);
  else
    sokctl_print_record (ctx->format, (const char *[]) { "name", "was_locked", NULL },
                         (const char *[]) { name, was_locked ? "yes" : "no", NULL }, NULL);

  return TRUE;
}

static gboolean
staff_log (SokctlContext  *ctx,
           int             limit,
           GError        **error)
{
  g_autoptr (SokStore) store = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (SokctlTable) table = NULL;

  if (limit <= 0)
    return sokctl_usage_error (error, "--limit takes how many entries to show, 1 or more, not %d",
                               limit);

  if (!(store = sokctl_open_store (ctx, error)) ||
      !(entries = sok_staff_list_log (store, (guint)limit, error)))
    return FALSE;

  table = sokctl_table_new ((const char *[]) { "at", "staff", "action", "detail", NULL });
  for (guint i = 0; i < entries->len; i++)
    {
      SokStaffLogEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *at = entry->at ? g_date_time_format_iso8601 (entry->at) : NULL;

      sokctl_table_add_rowv (table, at, entry->staff_name, entry->action, entry->detail, NULL);
    }
  sokctl_table_print (table, ctx->format);

  return TRUE;
}

gboolean
sokctl_cmd_staff (SokctlContext  *ctx,
                  int             argc,
                  char          **argv,
                  GError        **error)
{
  g_autofree char *role = NULL;
  g_autofree char *pin_file = NULL;
  int limit = 50;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role,
      "What they may do in staff mode: teacher, dsl or it", "ROLE" },
    { "pin-file", 0, 0, G_OPTION_ARG_FILENAME, &pin_file,
      "A file holding their PIN (6 to 12 digits) on one line", "F" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit,
      "With “log”: how many of the latest entries to show (default 50)", "N" },
    { NULL }
  };

  if (!sokctl_parse_options ("staff", "add NAME --role teacher|dsl|it --pin-file F | list | "
                             "remove NAME | unlock NAME | log [--limit N]",
                             "Adds, lists or removes the members of staff who may open staff "
                             "mode on the kiosk (hold the top right corner of the home screen "
                             "for three seconds, tap your name, then type the PIN). The PIN is "
                             "read from a file and kept only as an Argon2id hash. A member "
                             "with 10 wrong PINs within 24 hours is locked until “unlock NAME”. "
                             "“log” shows who did what in staff mode and when.",
                             entries, &argc, &argv, 1, 2, error))
    return FALSE;

  if (g_str_equal (argv[1], "add"))
    {
      if (argc != 3)
        return sokctl_usage_error (error, "staff add takes the name: sokctl staff add NAME "
                                   "--role ROLE --pin-file F");
      return staff_add (ctx, argv[2], role, pin_file, error);
    }

  if (role != NULL || pin_file != NULL)
    return sokctl_usage_error (error, "--role and --pin-file go with “staff add” only");

  if (g_str_equal (argv[1], "list") && argc == 2)
    return staff_list (ctx, error);

  if (g_str_equal (argv[1], "log") && argc == 2)
    return staff_log (ctx, limit, error);

  if (g_str_equal (argv[1], "remove"))
    {
      if (argc != 3)
        return sokctl_usage_error (error, "staff remove takes the name: sokctl staff remove NAME");
      return staff_remove (ctx, argv[2], error);
    }

  if (g_str_equal (argv[1], "unlock"))
    {
      if (argc != 3)
        return sokctl_usage_error (error, "staff unlock takes the name: sokctl staff unlock NAME");
      return staff_unlock (ctx, argv[2], error);
    }

  return sokctl_usage_error (error, "staff takes “add NAME”, “list”, “remove NAME”, "
                             "“unlock NAME” or “log”, not “%s”", argv[1]);
}

gboolean
sokctl_cmd_certificates (SokctlContext  *ctx,
                         int             argc,
                         char          **argv,
                         GError        **error)
{
  g_autofree char *class_name = NULL;
  g_autofree char *pupil_text = NULL;
  g_autofree char *out = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokCertificateBatch) batch = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  const SokCertificatePupil *pupils;
  const char *url;
  guint64 pupil_id = 0;
  guint n = 0;
  int year = 0;
  GOptionEntry entries[] = {
    { "class", 0, 0, G_OPTION_ARG_STRING, &class_name,
      "Everyone in this class who promised (by name)", "C" },
    { "pupil", 0, 0, G_OPTION_ARG_STRING, &pupil_text,
      "Only this pupil, by the id “agreements list” shows", "ID" },
    { "year", 0, 0, G_OPTION_ARG_INT, &year,
      "The school year, by the year it starts in (default: this one)", "YYYY" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "The PDF to write", "FILE.pdf" },
    { NULL }
  };

  if (!sokctl_parse_options ("certificates", "",
                             "Writes “I made my online safety promise” certificates as a PDF, "
                             "one A4 page per pupil who promised this school year, the same "
                             "pages staff mode prints. Give --class or --pupil, and --out.",
                             entries, &argc, &argv, 0, 0, error))
    return FALSE;

  if ((class_name == NULL) == (pupil_text == NULL))
    return sokctl_usage_error (error, "certificates needs either --class C or --pupil ID");
  if (out == NULL)
    return sokctl_usage_error (error, "certificates needs --out FILE.pdf");
  if (pupil_text != NULL &&
      (!g_ascii_string_to_unsigned (pupil_text, 10, 1, G_MAXINT64, &pupil_id, NULL)))
    return sokctl_usage_error (error, "--pupil takes a pupil's id (a number, as “agreements list” "
                               "shows), not “%s”", pupil_text);
  if (!sokctl_check_school_year (year, error))
    return FALSE;
  if (year == 0)
    year = sok_school_year_for (now);

  if (!(config = sokctl_load_config (ctx, error)) ||
      !(store = sokctl_open_store (ctx, error)))
    return FALSE;

  batch = sok_certificate_batch_load (store, ctx->data_dir, class_name, (gint64)pupil_id,
                                      year, error);
  if (batch == NULL)
    return FALSE;

  url = sok_config_get_parent_aup_url (config);
  pupils = sok_certificate_batch_get_pupils (batch, &n);
  if (!sok_certificate_write_pdf (out, sok_config_get_school_name (config),
                                  url != NULL && *url != '\0' ? url : NULL, pupils, n, error))
    return FALSE;

  /* Who made certificates of whom is logged by class or pupil id, never by name. */
  {
    g_autofree char *detail = class_name != NULL
                              ? g_strdup_printf ("class %s, %u pages", class_name, n)
                              : g_strdup_printf ("pupil %" G_GUINT64_FORMAT, pupil_id);
    g_autoptr (GError) log_error = NULL;

    if (!sok_staff_log (store, 0, "certificates-saved", detail, &log_error))
      g_warning ("The staff log could not be written: %s", log_error->message);
  }

  if (ctx->format == SOKCTL_FORMAT_TEXT)
    printf ("Wrote %s: %u %s.\n", out, n, n == 1 ? "certificate" : "certificates");
  else
    {
      g_autofree char *pages = g_strdup_printf ("%u", n);

      sokctl_print_record (ctx->format, (const char *[]) { "file", "pages", NULL },
                           (const char *[]) { out, pages, NULL },
                           (const char *[]) { "pages", NULL });
    }

  return TRUE;
}
