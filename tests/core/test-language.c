/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-language"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sok-language.h"

/* Run as a kiosk runs under systemd: LANG unset, LC_ALL=C, and a machine with no
 * cy_GB, pl_PL or ur_PK locale generated (this one has only C and C.UTF-8). */

static const char *const others[] = { "cy_GB", "pl_PL", "ur_PK" };

static gboolean
has_arabic_script (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x0600 && c <= 0x06FF)
        return TRUE;
    }
  return FALSE;
}

static void
test_language_init_takes_control (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);
  g_autofree char *mo = g_build_filename (sok_language_get_localedir (), "pl",
                                          "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  /* gettext ignores LANGUAGE in the plain C locale: messages must not be in it. */
  g_assert_nonnull (messages);
  g_assert_true (g_ascii_strncasecmp (messages, "C.UTF", 5) == 0);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (sok_language_get_current (), ==, "en_GB");
  g_assert_cmpstr (_("Make my promise"), ==, "Make my promise");
}

static void
test_language_switch_translates_each (void)
{
  const char *seen[G_N_ELEMENTS (others)];

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr (GError) error = NULL;
      const char *words;

      g_test_message ("switching to %s", others[i]);
      g_assert_true (sok_language_set_current (others[i], &error));
      g_assert_no_error (error);
      g_assert_cmpstr (sok_language_get_current (), ==, others[i]);

      /* Both paths a page takes: gettext() through _(), and g_dgettext() as
       * GtkBuilder does for templates. */
      words = _("Make my promise");
      g_assert_cmpstr (words, !=, "Make my promise");
      g_assert_true (g_utf8_validate (words, -1, NULL));
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Tell a grown-up"), !=, "Tell a grown-up");
      g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "key", "Delete"), !=, "Delete");
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (words, !=, seen[j]);
      seen[i] = words;

      g_assert_true (has_arabic_script (words) == sok_language_is_right_to_left (others[i]));
    }
}

static void
test_language_plurals_follow_the_language (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *five = NULL;

  /* Polish has three forms: 1 sekunda, 2 sekundy, 5 sekund. */
  g_assert_true (sok_language_set_current ("pl_PL", &error));
  one = g_strdup_printf (ngettext ("%u second", "%u seconds", 1), 1);
  two = g_strdup_printf (ngettext ("%u second", "%u seconds", 2), 2);
  five = g_strdup_printf (ngettext ("%u second", "%u seconds", 5), 5);
  g_assert_cmpstr (one, !=, two);
  g_assert_cmpstr (two, !=, five);
  g_assert_cmpstr (one, !=, five);
  g_assert_false (g_str_has_suffix (five, "seconds"));
  sok_language_reset ();
}

static void
test_language_reset_returns_to_default (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sok_language_set_default ("cy_GB", &error));
  g_assert_true (sok_language_set_current ("ur_PK", &error));
  g_assert_true (has_arabic_script (_("Tell a grown-up")));
  sok_language_reset ();
  g_assert_cmpstr (sok_language_get_current (), ==, "cy_GB");
  g_assert_false (has_arabic_script (_("Tell a grown-up")));
  g_assert_cmpstr (_("Tell a grown-up"), !=, "Tell a grown-up");

  g_assert_true (sok_language_set_default ("en_GB", &error));
  sok_language_reset ();
  g_assert_cmpstr (_("Tell a grown-up"), ==, "Tell a grown-up");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Tell a grown-up"), ==, "Tell a grown-up");
}

static void
test_language_unknown_is_refused (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (sok_language_set_current ("de_DE", &error));
  g_assert_error (error, SOK_LANGUAGE_ERROR, SOK_LANGUAGE_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "de_DE"));
  g_assert_nonnull (strstr (error->message, "cy_GB"));
  g_assert_nonnull (strstr (error->message, "ur_PK"));
  g_assert_cmpstr (sok_language_get_current (), ==, "en_GB");
  g_clear_error (&error);

  g_assert_false (sok_language_set_default ("cy", &error));
  g_assert_error (error, SOK_LANGUAGE_ERROR, SOK_LANGUAGE_ERROR_UNKNOWN);
  g_assert_cmpstr (sok_language_get_default (), ==, "en_GB");
}

static void
test_language_names_and_voices (void)
{
  g_assert_cmpstr (sok_language_get_own_name ("cy_GB"), ==, "Cymraeg");
  g_assert_cmpstr (sok_language_get_own_name ("pl_PL"), ==, "Polski");
  g_assert_cmpstr (sok_language_get_own_name ("ur_PK"), ==, "اردو");
  g_assert_cmpstr (sok_language_get_content_tag ("ur_PK"), ==, "ur");
  g_assert_cmpstr (sok_language_get_voice ("en_GB"), ==, "en-gb");
  g_assert_cmpstr (sok_language_get_voice ("cy_GB"), ==, "cy");
  g_assert_true (sok_language_is_right_to_left ("ur_PK"));
  g_assert_false (sok_language_is_right_to_left ("pl_PL"));
  g_assert_null (sok_language_get_own_name ("xx_XX"));
  g_assert_cmpuint (g_strv_length ((char **)sok_language_get_available ()), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;

  g_unsetenv ("LANG");
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("LC_MESSAGES");
  g_unsetenv ("SOK_LOCALEDIR");
  g_setenv ("LC_ALL", "C", TRUE);

  if (!sok_language_init_kiosk (&error))
    g_error ("%s", error->message);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/language/init/takes-control-with-lang-unset",
                   test_language_init_takes_control);
  g_test_add_func ("/language/switch/translates-each-language",
                   test_language_switch_translates_each);
  g_test_add_func ("/language/switch/plurals-follow-the-language",
                   test_language_plurals_follow_the_language);
  g_test_add_func ("/language/switch/reset-returns-to-the-default",
                   test_language_reset_returns_to_default);
  g_test_add_func ("/language/switch/unknown-language-is-refused",
                   test_language_unknown_is_refused);
  g_test_add_func ("/language/names-and-voices", test_language_names_and_voices);

  return g_test_run ();
}
