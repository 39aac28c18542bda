/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sokctl"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <stdio.h>

#include "sok-language.h"
#include "sok-paths.h"
#include "sokctl.h"

G_DEFINE_QUARK (sokctl-error-quark, sokctl_error)

/* Every command sokctl knows, in the order `sokctl --help` lists them. Each area
 * of the kiosk keeps its commands in its own sokctl-<area>.c. */
static const SokctlCommand commands[] = {
  /* Setting up and checking a kiosk. */
  { "init", "--school NAME", "Create the data directory, database and settings", sokctl_cmd_init },
  { "config", "get [KEY] | set KEY VALUE", "Read or change settings", sokctl_cmd_config },
  { "doctor", "", "Check the installation and say what is wrong", sokctl_cmd_doctor },

  /* Roster and promises. */
  { "roster", "import FILE.csv | list | class-picture CLASS PICTURE",
    "Replace the roster from a MIS export, list classes, or set a class's picture",
    sokctl_cmd_roster },
  { "agreements", "list [--class C] [--year YYYY]", "Who promised, when, to which AUP version, how",
    sokctl_cmd_agreements },

  /* Reports, keys and the outbox. */
  { "keys", "generate --out DIR --passphrase-file F | fingerprint FILE",
    "Make the DSL's key pair (private half encrypted), or show a key's words", sokctl_cmd_keys },
  { "kiosk", "enrol [--replace]", "Make this kiosk's signing key and print its fingerprint",
    sokctl_cmd_kiosk },
  { "outbox", "status", "How many sealed reports wait, oldest age, last delivery error",
    sokctl_cmd_outbox },
  { "sync", "", "Deliver waiting reports to the DSL queue now", sokctl_cmd_sync },
  { "messages", "check W W W W | answer W W W W --message TEXT [--urgent]",
    "What “My messages” does: the DSL's replies to a secret picture code, and answering",
    sokctl_cmd_messages },

  /* The DSL queue and governors' figures. */
  { "queue", "list | show ID | reply ID --message TEXT | act ID ACTION | close ID --outcome O | verify-audit | export ID --out F | kiosks list|approve FPR|revoke FPR | retention apply [--dry-run]",
    "The DSL's queue of reports (--queue, --key, --passphrase-file)", sokctl_cmd_queue },
  { "stats", "--term autumn|spring|summer --year YYYY [--pdf FILE]",
    "Anonymised counts for governors, this term beside the last", sokctl_cmd_stats },

  /* Staff. */
  { "staff", "add NAME --role teacher|dsl|it --pin-file F | list | remove NAME | unlock NAME | log",
    "Members of staff who may open staff mode, their PINs, and the staff log",
    sokctl_cmd_staff },
  { "certificates", "[--class C | --pupil ID] --out FILE.pdf",
    "“I made my promise” certificates as a PDF", sokctl_cmd_certificates },

  /* Keeping nothing past its time. */
  { "retention", "apply [--dry-run]",
    "Remove agreements older than retention-years (the queue: queue retention)",
    sokctl_cmd_retention },
};

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage: sokctl [--data-dir DIR] [--format text|csv|json] COMMAND [ARGS…]\n"
           "\n"
           "Sets up, checks and runs a Safe Online Kiosk from a terminal.\n"
           "\n"
           "Options:\n"
           "  --data-dir DIR   the kiosk's data directory (default: %s)\n"
           "  --format FORMAT  output for people (text) or scripts (csv, json)\n"
           "  --version        print the version\n"
           "\n"
           "Commands:\n",
           "$XDG_DATA_HOME/safe-online-kiosk");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, commands[i].args);
      fprintf (out, "  %-34s %s\n", usage, commands[i].summary);
    }

  fprintf (out, "\n“sokctl COMMAND --help” tells more about a command.\n");
}

static gboolean
parse_format (const char    *value,
              SokctlFormat  *format,
              GError       **error)
{
  if (g_strcmp0 (value, "text") == 0)
    *format = SOKCTL_FORMAT_TEXT;
  else if (g_strcmp0 (value, "csv") == 0)
    *format = SOKCTL_FORMAT_CSV;
  else if (g_strcmp0 (value, "json") == 0)
    *format = SOKCTL_FORMAT_JSON;
  else
    {
      g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE,
                   "--format must be text, csv or json, not “%s”", value ? value : "");
      return FALSE;
    }

  return TRUE;
}

/* Takes the global options out of argv wherever they stand, so that both
 * “sokctl --data-dir D init” and “sokctl init --data-dir D” work. */
static gboolean
take_global_options (SokctlContext  *ctx,
                     int            *argc,
                     char          **argv,
                     GError        **error)
{
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = argv[i];
      const char *value = NULL;
      gboolean is_dir = FALSE;
      gboolean is_format = FALSE;

      if (g_str_equal (arg, "--"))
        {
          for (; i < *argc; i++)
            argv[out++] = argv[i];
          break;
        }

      if (g_str_has_prefix (arg, "--data-dir="))
        is_dir = TRUE, value = arg + strlen ("--data-dir=");
      else if (g_str_equal (arg, "--data-dir"))
        is_dir = TRUE;
      else if (g_str_has_prefix (arg, "--format="))
        is_format = TRUE, value = arg + strlen ("--format=");
      else if (g_str_equal (arg, "--format"))
        is_format = TRUE;

      if (!is_dir && !is_format)
        {
          argv[out++] = argv[i];
          continue;
        }

      if (value == NULL)
        {
          if (i + 1 >= *argc)
            {
              g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE, "%s needs a value", arg);
              return FALSE;
            }
          value = argv[++i];
        }

      if (is_dir)
        {
          if (*value == '\0')
            {
              g_set_error (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE,
                           "--data-dir needs a directory");
              return FALSE;
            }
          g_free (ctx->data_dir);
          ctx->data_dir = g_canonicalize_filename (value, NULL);
        }
      else if (!parse_format (value, &ctx->format, error))
        return FALSE;
    }

  argv[out] = NULL;
  *argc = out;

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  SokctlContext ctx = { NULL, SOKCTL_FORMAT_TEXT };
  const SokctlCommand *command = NULL;
  int status;

  sok_language_init_from_environment ();

  if (sodium_init () < 0)
    {
      fprintf (stderr, "sokctl: libsodium could not start; reinstall libsodium23\n");
      return 1;
    }

  if (!take_global_options (&ctx, &argc, argv, &error))
    {
      fprintf (stderr, "sokctl: %s\n", error->message);
      return 2;
    }

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      g_free (ctx.data_dir);
      return argc < 2 ? 2 : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("sokctl %s\n", PACKAGE_VERSION);
      g_free (ctx.data_dir);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, argv[1]))
      command = &commands[i];

  if (command == NULL)
    {
      fprintf (stderr, "sokctl: “%s” is not a command; “sokctl --help” lists them\n", argv[1]);
      g_free (ctx.data_dir);
      return 2;
    }

  if (ctx.data_dir == NULL)
    ctx.data_dir = sok_paths_dup_default_data_dir ();

  if (command->func (&ctx, argc - 1, argv + 1, &error))
    status = 0;
  else if (error == NULL)
    status = 0; /* --help was printed */
  else
    {
      g_autofree char *one_line = g_strdup (error->message);

      /* One line on stderr, as scripts expect; a multi-line reason is joined. */
      g_strdelimit (one_line, "\n", ' ');
      fprintf (stderr, "sokctl %s: %s\n", command->name, one_line);
      status = g_error_matches (error, SOKCTL_ERROR, SOKCTL_ERROR_USAGE) ? 2 : 1;
    }

  g_free (ctx.data_dir);

  return status;
}
