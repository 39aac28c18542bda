/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-report-content"

#include "config.h"

#include <glib/gstdio.h>

#include "sok-content-file.h"
#include "sok-language.h"
#include "sok-report-content.h"

static char *
make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("sok-content-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
write_file (const char *dir,
            const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sub = g_build_filename (dir, "report", NULL);
  char *path = g_build_filename (sub, "report.ini", NULL);

  g_mkdir_with_parents (sub, 0700);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

#define GOOD_HEAD "[report]\nformat=1\n"
#define TWO_WHERE "[where game]\nwords=In a game\nicon=where-game\n" \
                  "[where chat]\nwords=Chat\nicon=where-chat\n"
#define TWO_FEELINGS "[feeling sad]\nwords=Sad\nicon=feel-sad\n" \
                     "[feeling okay]\nwords=OK\nicon=feel-okay\n"
#define TWO_CATEGORIES "[category a]\nwords=A\nicon=cat-unkind-to-me\nrisk=conduct\n" \
                       "[category b]\nwords=B\nicon=cat-saw-upsetting\nrisk=content\n"

static void
test_shipped_content_is_sound (void)
{
  g_autoptr (SokReportContent) content = sok_report_content_load (NULL, NULL);
  GPtrArray *categories;
  const SokChoice *choice;

  g_assert_nonnull (content);
  categories = sok_report_content_get_choices (content, SOK_CHOICE_CATEGORY);
  g_assert_cmpuint (categories->len, ==, 6);
  g_assert_cmpuint (sok_report_content_get_choices (content, SOK_CHOICE_WHERE)->len, ==, 6);
  g_assert_cmpuint (sok_report_content_get_choices (content, SOK_CHOICE_FEELING)->len, ==, 5);

  choice = sok_report_content_find (content, SOK_CHOICE_CATEGORY, "stranger-talked");
  g_assert_nonnull (choice);
  g_assert_cmpstr (choice->risk, ==, "contact");
  g_assert_cmpstr (choice->words, ==, "Someone I don't know talked to me");
  g_assert_null (sok_report_content_get_override_error (content));
}

static void
test_school_file_replaces_shipped (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, GOOD_HEAD TWO_CATEGORIES TWO_WHERE TWO_FEELINGS);
  g_autoptr (SokReportContent) content = sok_report_content_load (dir, NULL);

  g_assert_nonnull (content);
  g_assert_cmpuint (sok_report_content_get_choices (content, SOK_CHOICE_CATEGORY)->len, ==, 2);
  g_assert_null (sok_report_content_get_override_error (content));
}

static void
test_broken_school_file_falls_back_with_reason (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, GOOD_HEAD TWO_CATEGORIES TWO_WHERE TWO_FEELINGS
                                      "[feeling cross]\nwords=Cross\nicon=feel-angry\ncolour=red\n");
  g_autoptr (SokReportContent) content = sok_report_content_load (dir, NULL);
  const GError *why;

  g_assert_nonnull (content);
  g_assert_cmpuint (sok_report_content_get_choices (content, SOK_CHOICE_CATEGORY)->len, ==, 6);
  why = sok_report_content_get_override_error (content);
  g_assert_nonnull (why);
  g_assert_nonnull (strstr (why->message, path));
  g_assert_nonnull (strstr (why->message, "line 26:"));
  g_assert_nonnull (strstr (why->message, "“colour”"));
}

static void
assert_refused (const char *text,
                const char *where,
                const char *reason)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, text);
  g_autoptr (GError) error = NULL;
  g_autoptr (SokReportContent) content = sok_report_content_load_file (path, NULL, &error);

  g_assert_null (content);
  g_assert_error (error, SOK_CONTENT_ERROR, SOK_CONTENT_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  if (where)
    g_assert_nonnull (strstr (error->message, where));
  g_assert_nonnull (strstr (error->message, reason));
}

static void
test_mistakes_named_with_line_and_reason (void)
{
  assert_refused ("[report]\nformat=2\n", "line 2:", "format=1");
  assert_refused (GOOD_HEAD "this line is wrong\n", "line 3:", "expected “key=value”");
  assert_refused (GOOD_HEAD "[category a\n", "line 3:", "[brackets]");
  assert_refused (GOOD_HEAD TWO_CATEGORIES TWO_WHERE TWO_FEELINGS "[where game]\nwords=x\n",
                  "line 23:", "already on line 11");
  assert_refused (GOOD_HEAD "[category a]\nwords=\nicon=cat-unkind-to-me\nrisk=conduct\n",
                  "line 4:", "needs words=");
  assert_refused (GOOD_HEAD "[category a]\nwords=A\nicon=no-such-picture\nrisk=conduct\n",
                  "line 5:", "not one of the kiosk's pictures");
  assert_refused (GOOD_HEAD "[category a]\nwords=A\nicon=cat-unkind-to-me\nrisk=danger\n",
                  "line 6:", "risk must be");
  assert_refused (GOOD_HEAD "[category A B]\nwords=A\nicon=cat-unkind-to-me\nrisk=conduct\n",
                  "line 3:", "not a good id");
  assert_refused (GOOD_HEAD "[colour red]\nwords=Red\n", "line 3:", "not a section");
  assert_refused (GOOD_HEAD TWO_WHERE TWO_FEELINGS, NULL, "2 to 9 [category");
  assert_refused ("[report]\nformat=1\n\xff\xfe\n", "line 3:", "not UTF-8");
  assert_refused ("words=before any section\n", "line 1:", "before any [section]");
}

static void
test_words_are_localised (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, GOOD_HEAD
                                      "[category a]\nwords=Someone was unkind\n"
                                      "words[cy]=Roedd rhywun yn angharedig\n"
                                      "icon=cat-unkind-to-me\nrisk=conduct\n"
                                      "[category b]\nwords=B\nicon=cat-saw-upsetting\nrisk=content\n"
                                      TWO_WHERE TWO_FEELINGS);
  g_autoptr (GError) error = NULL;
  g_autoptr (SokReportContent) welsh = sok_report_content_load_file (path, "cy", &error);
  g_autoptr (SokReportContent) english = sok_report_content_load_file (path, "en_GB", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sok_report_content_find (welsh, SOK_CHOICE_CATEGORY, "a")->words, ==,
                   "Roedd rhywun yn angharedig");
  g_assert_cmpstr (sok_report_content_find (english, SOK_CHOICE_CATEGORY, "a")->words, ==,
                   "Someone was unkind");
  g_assert_cmpstr (sok_report_content_find (welsh, SOK_CHOICE_CATEGORY, "b")->words, ==, "B");
}

/* Every tile of the shipped file has its words in every language the kiosk offers. */
static void
test_shipped_words_in_every_language (void)
{
  g_autoptr (SokReportContent) english = sok_report_content_load (NULL, "en_GB");
  const char * const *languages = sok_language_get_available ();

  for (guint l = 1; languages[l]; l++)
    {
      g_autoptr (SokReportContent) other = sok_report_content_load (NULL, languages[l]);

      g_test_message ("%s", languages[l]);
      for (SokChoiceKind kind = SOK_CHOICE_CATEGORY; kind <= SOK_CHOICE_FEELING; kind++)
        {
          GPtrArray *choices = sok_report_content_get_choices (english, kind);

          g_assert_cmpuint (choices->len, >=, 2);
          for (guint i = 0; i < choices->len; i++)
            {
              const SokChoice *en = g_ptr_array_index (choices, i);
              const SokChoice *translated = sok_report_content_find (other, kind, en->id);

              g_assert_nonnull (translated);
              g_assert_cmpstr (translated->words, !=, en->words);
              g_assert_cmpstr (translated->icon, ==, en->icon);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/report/content/shipped-file-is-sound", test_shipped_content_is_sound);
  g_test_add_func ("/report/content/school-file-replaces-shipped", test_school_file_replaces_shipped);
  g_test_add_func ("/report/content/broken-school-file-falls-back-with-reason",
                   test_broken_school_file_falls_back_with_reason);
  g_test_add_func ("/report/content/mistakes-named-with-line-and-reason",
                   test_mistakes_named_with_line_and_reason);
  g_test_add_func ("/report/content/words-are-localised", test_words_are_localised);
  g_test_add_func ("/report/content/shipped-words-in-every-language",
                   test_shipped_words_in_every_language);

  return g_test_run ();
}
