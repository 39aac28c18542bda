/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-language"

#include "config.h"

#include <langinfo.h>
#include <libintl.h>
#include <locale.h>

#include "sok-language.h"

/* The kiosk chooses its language itself, at run time, when a child taps one; it does
 * not follow the machine's locale. A kiosk runs under systemd with LANG unset, and a
 * school's machine rarely has pl_PL, cy_GB or ur_PK generated, so setlocale() cannot be
 * the switch. Instead messages are looked up in a UTF-8 C locale (C.UTF-8, built into
 * glibc since 2.35) and the language is chosen with LANGUAGE, which gettext honours in
 * any locale but the plain "C" one. Changing LANGUAGE needs gettext's cache of found
 * messages forgotten, which textdomain() does. */

G_DEFINE_QUARK (sok-language-error-quark, sok_language_error)

typedef struct
{
  const char *code;          /* as in the `languages` setting */
  const char *gettext_list;  /* the LANGUAGE value that selects its catalogue */
  const char *content_tag;   /* the tag in content files: words[cy]=… */
  const char *own_name;      /* its name in its own language and script */
  const char *voice;         /* espeak-ng's voice for it */
  gboolean    right_to_left;
} Language;

static const Language languages[] = {
  { "en_GB", "en_GB:en", "en", "English", "en-gb", FALSE },
  { "cy_GB", "cy_GB:cy", "cy", "Cymraeg", "cy", FALSE },
  { "pl_PL", "pl_PL:pl", "pl", "Polski", "pl", FALSE },
  { "ur_PK", "ur_PK:ur", "ur", "اردو", "ur", TRUE },
};

static const char * const available[] = { "en_GB", "cy_GB", "pl_PL", "ur_PK", NULL };

/* Only the main thread switches; the strings are static. */
static const char *current_code = SOK_LANGUAGE_DEFAULT;
static const char *default_code = SOK_LANGUAGE_DEFAULT;

static const Language *
find (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i].code, code))
      return &languages[i];

  return NULL;
}

static gboolean
has_catalogues (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *mo = g_build_filename (dir, languages[i].content_tag, "LC_MESSAGES",
                                              GETTEXT_PACKAGE ".mo", NULL);

      if (g_file_test (mo, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }

  return FALSE;
}

/**
 * sok_language_get_localedir:
 *
 * The folder of the project's message catalogues: `SOK_LOCALEDIR` from the environment
 * when set (for tests), else the installed one when it has them, else the build tree's
 * `locales/` (where meson builds them), so that a kiosk run from its build directory
 * speaks every language too.
 */
const char *
sok_language_get_localedir (void)
{
  static char *dir;

  if (g_once_init_enter (&dir))
    {
      const char *env = g_getenv ("SOK_LOCALEDIR");
      const char *found;

      if (env != NULL && *env != '\0')
        found = env;
      else if (has_catalogues (LOCALEDIR) || !has_catalogues (SOK_BUILD_LOCALEDIR))
        found = LOCALEDIR;
      else
        found = SOK_BUILD_LOCALEDIR;

      g_once_init_leave (&dir, g_strdup (found));
    }

  return dir;
}

static gboolean
is_c_locale (const char *name)
{
  return name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX");
}

static gboolean
use_utf8_c_locale (int category)
{
  return setlocale (category, "C.UTF-8") != NULL || setlocale (category, "C.utf8") != NULL;
}

static void
bind_catalogues (void)
{
  /* GLib decides once, at its first g_dgettext(), whether to translate at all, and
   * decides not to when the program's domain has no catalogue for the language of that
   * moment and the locale is neither "C" nor English: exactly the case of C.UTF-8 with
   * English first. Asking while the domain is still the default makes it decide to
   * translate, which is right for this program whatever language comes later. */
  (void) g_dgettext (GETTEXT_PACKAGE, "");

  bindtextdomain (GETTEXT_PACKAGE, sok_language_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * sok_language_init_kiosk:
 *
 * Takes control of message lookup for the kiosk: the C library's locale from the
 * environment for everything but messages, a UTF-8 character set, messages in C.UTF-8
 * from the project's catalogues, and the language set to English until
 * sok_language_set_default() and sok_language_set_current() say otherwise. Call it at
 * the start of main(), before any thread starts (it sets LANGUAGE) and before GTK
 * initialises (which must be told gtk_disable_setlocale(), or it would undo this).
 *
 * Returns: %FALSE with @error set in %SOK_LANGUAGE_ERROR when the C library has no
 *   UTF-8 C locale; the kiosk then runs, in English only.
 */
gboolean
sok_language_init_kiosk (GError **error)
{
  const char *ctype;

  setlocale (LC_ALL, "");

  ctype = setlocale (LC_CTYPE, NULL);
  if (is_c_locale (ctype) || g_ascii_strcasecmp (nl_langinfo (CODESET), "UTF-8") != 0)
    use_utf8_c_locale (LC_CTYPE);

  if (!use_utf8_c_locale (LC_MESSAGES))
    {
      bind_catalogues ();
      g_set_error_literal (error, SOK_LANGUAGE_ERROR, SOK_LANGUAGE_ERROR_LOCALE,
                           "the C library has no C.UTF-8 locale, so the kiosk can show "
                           "only English; install Debian 12's libc6 (glibc 2.35 or later)");
      return FALSE;
    }

  /* LANGUAGE is set now, before any thread, so that switching later replaces the
   * value of a variable that exists rather than growing the environment while another
   * thread may read it. */
  g_setenv ("LANGUAGE", languages[0].gettext_list, TRUE);
  current_code = default_code = SOK_LANGUAGE_DEFAULT;
  bind_catalogues ();

  return TRUE;
}

/**
 * sok_language_init_from_environment:
 *
 * For sokctl and the DSL console, which follow the person's own language: the locale
 * from the environment, and when the C library has not got the locale asked for (a
 * machine without cy_GB generated, say), messages in C.UTF-8 in that language all the
 * same. Catalogues come from sok_language_get_localedir().
 */
void
sok_language_init_from_environment (void)
{
  const char *asked = NULL;
  const char *names[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };

  setlocale (LC_ALL, "");

  for (guint i = 0; i < G_N_ELEMENTS (names) && asked == NULL; i++)
    {
      const char *value = g_getenv (names[i]);

      if (value != NULL && *value != '\0')
        asked = value;
    }

  if (is_c_locale (setlocale (LC_MESSAGES, NULL)) && asked != NULL && !is_c_locale (asked) &&
      !g_str_has_prefix (asked, "C.") && use_utf8_c_locale (LC_MESSAGES) &&
      g_getenv ("LANGUAGE") == NULL)
    {
      /* "cy_GB.UTF-8@euro" asks for cy_GB; gettext then tries cy_GB and cy. */
      g_autofree char *language = g_strndup (asked, strcspn (asked, ".@"));

      g_setenv ("LANGUAGE", language, TRUE);
    }

  bind_catalogues ();
}

/**
 * sok_language_get_available:
 *
 * Returns: (transfer none): the codes of the languages the kiosk has, as the
 *   `languages` setting names them, English first.
 */
const char * const *
sok_language_get_available (void)
{
  return available;
}

gboolean
sok_language_is_available (const char *code)
{
  return find (code) != NULL;
}

/* Returns: (transfer full): the available languages for a message, "en_GB, cy_GB, …". */
char *
sok_language_dup_available_list (void)
{
  return g_strjoinv (", ", (char **)available);
}

/* Returns: the language's name in its own language and script, or %NULL. */
const char *
sok_language_get_own_name (const char *code)
{
  const Language *language = find (code);

  return language ? language->own_name : NULL;
}

/* Returns: the tag content files use for the language (words[cy]=…), or %NULL. */
const char *
sok_language_get_content_tag (const char *code)
{
  const Language *language = find (code);

  return language ? language->content_tag : NULL;
}

/* Returns: the espeak-ng voice that reads the language aloud, or %NULL. */
const char *
sok_language_get_voice (const char *code)
{
  const Language *language = find (code);

  return language ? language->voice : NULL;
}

gboolean
sok_language_is_right_to_left (const char *code)
{
  const Language *language = find (code);

  return language != NULL && language->right_to_left;
}

/* Returns: the code of the language messages are shown in now. */
const char *
sok_language_get_current (void)
{
  return current_code;
}

/* Returns: the code of the language the kiosk returns to for the next child. */
const char *
sok_language_get_default (void)
{
  return default_code;
}

static const Language *
find_or_explain (const char  *code,
                 GError     **error)
{
  const Language *language = find (code);
  g_autofree char *list = NULL;

  if (language != NULL)
    return language;

  list = sok_language_dup_available_list ();
  g_set_error (error, SOK_LANGUAGE_ERROR, SOK_LANGUAGE_ERROR_UNKNOWN,
               "the kiosk has no language “%s”; it has %s", code ? code : "", list);
  return NULL;
}

/**
 * sok_language_set_default:
 * @code: a language code, as the first of the `languages` setting
 *
 * Sets the language sok_language_reset() returns to; the current one is unchanged.
 */
gboolean
sok_language_set_default (const char  *code,
                          GError     **error)
{
  const Language *language = find_or_explain (code, error);

  if (language == NULL)
    return FALSE;

  default_code = language->code;
  return TRUE;
}

/**
 * sok_language_set_current:
 * @code: a language code such as "cy_GB"
 *
 * Switches the language of every message looked up from now on (texts already on a
 * screen are not changed: rebuild or retranslate them). Call it on the main thread,
 * after sok_language_init_kiosk().
 *
 * Returns: %FALSE with @error set when the kiosk has no such language; the language is
 *   then unchanged.
 */
gboolean
sok_language_set_current (const char  *code,
                          GError     **error)
{
  const Language *language = find_or_explain (code, error);

  if (language == NULL)
    return FALSE;

  g_setenv ("LANGUAGE", language->gettext_list, TRUE);
  /* textdomain() makes gettext forget the messages it found in the last language. */
  textdomain (GETTEXT_PACKAGE);
  current_code = language->code;

  return TRUE;
}

/* Switches back to the default language, for the next child. */
void
sok_language_reset (void)
{
  sok_language_set_current (default_code, NULL);
}
