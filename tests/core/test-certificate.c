/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-certificate"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "sok-certificate.h"
#include "sok-qr.h"
#include "test-util.h"

#define PARENT_URL "https://school.example/parents/online-safety-rules"

static const SokCertificateRule early_rules[] = {
  { "I only go online with a grown up.", "rule-online-with-grown-up" },
  { "I am kind online.", "rule-kind-online" },
  { "I keep information about me safe.", "rule-keep-info-safe" },
  { "I tell a grown up if something online makes me unhappy.", "rule-tell-grown-up" },
};

static const SokCertificateRule junior_rules[] = {
  { "I will only use my own username and password, and I will keep my password private.",
    "rule-own-login" },
  { "I will ask a grown-up before I go online.", "rule-ask-before-online" },
  { "I will be kind and respectful online, just as I am face to face.",
    "rule-kind-respectful" },
  { "I will keep my personal information private: my full name, address, phone number, "
    "school and photos.", "rule-private-info" },
  { "I will never meet someone I only know online without a parent or carer's permission "
    "and a grown-up with me.", "rule-no-meeting" },
  { "I will remember that people online may not be who they say they are, and think "
    "before I share.", "rule-think-before-sharing" },
  { "I will only use websites, apps and games that a grown-up has said I may use.",
    "rule-trusted-sites" },
  { "I will tell a trusted adult straight away if I see something online that makes me "
    "unhappy or worried.", "rule-tell-trusted-adult" },
  { "I know that the school checks how I use its computers and the internet.",
    "rule-school-checks" },
  { "I know that if I break these rules, I may not be allowed to use the computers, and "
    "my parents or carers may be told.", "rule-rules-broken" },
};

static char *
run_tool (const char * const *argv,
          int                *status)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, status,
                &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", argv[0], err);

  return g_steal_pointer (&out);
}

static char *
new_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("certificate-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
write_class (const char *dir,
             const char *url)
{
  g_autoptr (GDateTime) day1 = g_date_time_new_local (2026, 9, 14, 10, 30, 0);
  g_autoptr (GDateTime) day2 = g_date_time_new_local (2026, 11, 23, 14, 5, 0);
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, "class.pdf", NULL);
  SokCertificatePupil pupils[] = {
    { "Siân", day1, early_rules, G_N_ELEMENTS (early_rules) },
    { "Łucja", day2, junior_rules, G_N_ELEMENTS (junior_rules) },
    { "Oluwaseun-Adebayo-Christopher", day2, junior_rules, G_N_ELEMENTS (junior_rules) },
  };

  g_assert_true (sok_certificate_write_pdf (path, "Wiśniewska Street Primary School", url,
                                            pupils, G_N_ELEMENTS (pupils), &error));
  g_assert_no_error (error);

  return path;
}

static guint
count_pages (const char *path)
{
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *contents = NULL;
  gsize len = 0;
  guint pages = 0;

  if (pdfinfo != NULL)
    {
      const char *argv[] = { pdfinfo, path, NULL };
      int status = 0;
      g_autofree char *out = run_tool (argv, &status);
      const char *line;

      g_assert_true (g_spawn_check_wait_status (status, NULL));
      line = strstr (out, "\nPages:");
      g_assert_nonnull (line);
      return (guint)g_ascii_strtoull (line + strlen ("\nPages:"), NULL, 10);
    }

  /* Without poppler: count the page objects cairo writes. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  for (const char *p = contents; (p = g_strstr_len (p, len - (p - contents), "/Type /Page"));
       p++)
    if (p[strlen ("/Type /Page")] != 's')
      pages++;

  return pages;
}

static void
test_certificate_pdf_one_page_per_pupil (void)
{
  g_autofree char *dir = new_tmp_dir ();
  g_autofree char *path = write_class (dir, PARENT_URL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (count_pages (path), ==, 3);
}

static void
test_certificate_pdf_shows_first_names_with_accents (void)
{
  g_autofree char *dir = new_tmp_dir ();
  g_autofree char *path = write_class (dir, PARENT_URL);
  g_autofree char *pdftotext = sok_test_find_tool ("pdftotext", "poppler-utils");
  g_autofree char *out = NULL;
  int status = 0;

  if (pdftotext == NULL)
    return;

  {
    const char *argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };
    out = run_tool (argv, &status);
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "I made my online safety promise"));
  g_assert_nonnull (strstr (out, "Siân"));
  g_assert_nonnull (strstr (out, "Łucja"));
  g_assert_nonnull (strstr (out, "Wiśniewska Street Primary School"));
  g_assert_nonnull (strstr (out, "14 September 2026"));
  g_assert_nonnull (strstr (out, "23 November 2026"));
  g_assert_nonnull (strstr (out, "I am kind online."));
  g_assert_nonnull (strstr (out, "Grown-ups: scan to read our online safety rules"));
}

static char *
decode_page_qr (const char *pdf,
                int         page,
                int        *zbar_status)
{
  g_autofree char *pdftoppm = sok_test_find_tool ("pdftoppm", "poppler-utils");
  g_autofree char *zbarimg = sok_test_find_tool ("zbarimg", "zbar-tools");
  g_autofree char *dir = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *png = NULL;
  g_autofree char *page_text = g_strdup_printf ("%d", page);
  g_autofree char *out = NULL;
  int status = 0;

  if (pdftoppm == NULL || zbarimg == NULL)
    return NULL;

  dir = new_tmp_dir ();
  prefix = g_build_filename (dir, "page", NULL);
  {
    const char *argv[] = { pdftoppm, "-r", "100", "-png", "-singlefile", "-f", page_text,
                           "-l", page_text, pdf, prefix, NULL };
    g_free (run_tool (argv, &status));
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  png = g_strconcat (prefix, ".png", NULL);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  {
    const char *argv[] = { zbarimg, "--raw", "-q", png, NULL };
    out = run_tool (argv, zbar_status);
  }

  return g_steal_pointer (&out);
}

static void
test_certificate_pdf_qr_decodes_to_parent_url (void)
{
  g_autofree char *dir = new_tmp_dir ();
  g_autofree char *path = write_class (dir, PARENT_URL);
  int status = 0;

  /* Page 1 has the short infant rules, page 3 the long name and junior rules. */
  for (int page = 1; page <= 3; page += 2)
    {
      g_autofree char *decoded = decode_page_qr (path, page, &status);

      if (decoded == NULL)
        return;
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_cmpstr (decoded, ==, PARENT_URL "\n");
    }
}

static void
test_certificate_pdf_without_url_has_no_qr (void)
{
  g_autofree char *dir = new_tmp_dir ();
  g_autofree char *path = write_class (dir, NULL);
  g_autofree char *decoded = NULL;
  g_autofree char *pdftotext = NULL;
  int status = 0;

  decoded = decode_page_qr (path, 1, &status);
  if (decoded == NULL)
    return;
  /* zbarimg exits 4 when it finds no code. */
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 4);
  g_assert_cmpstr (decoded, ==, "");

  pdftotext = sok_test_find_tool ("pdftotext", "poppler-utils");
  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, path, "-", NULL };
      g_autofree char *out = run_tool (argv, &status);

      g_assert_nonnull (strstr (out, "please ask the school for a copy"));
      g_assert_null (strstr (out, "scan"));
    }
}

static void
test_certificate_pdf_failure_leaves_old_file (void)
{
  g_autofree char *dir = new_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "class.pdf", NULL);
  g_autoptr (GDateTime) day = g_date_time_new_local (2026, 9, 14, 10, 30, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) long_url = g_string_new ("https://school.example/");
  g_autofree char *contents = NULL;
  g_autoptr (GDir) listing = NULL;
  SokCertificatePupil pupils[] = {
    { "Siân", day, early_rules, G_N_ELEMENTS (early_rules) },
  };
  guint files = 0;

  g_assert_true (g_file_set_contents (path, "the old PDF", -1, NULL));

  /* Too long for any QR code: drawing fails on the first page. */
  while (long_url->len < 4000)
    g_string_append (long_url, "online-safety/");

  g_assert_false (sok_certificate_write_pdf (path, "Demo Primary", long_url->str, pupils, 1,
                                             &error));
  g_assert_error (error, SOK_QR_ERROR, SOK_QR_ERROR_TOO_LONG);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old PDF");

  /* No temporary file left behind. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    files++;
  g_assert_cmpuint (files, ==, 1);
}

static void
test_certificate_pdf_refuses_bad_input (void)
{
  g_autofree char *dir = new_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "class.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "class.pdf", NULL);
  g_autoptr (GDateTime) day = g_date_time_new_local (2026, 9, 14, 10, 30, 0);
  SokCertificatePupil good = { "Siân", day, early_rules, G_N_ELEMENTS (early_rules) };
  SokCertificatePupil no_name = { "", day, early_rules, G_N_ELEMENTS (early_rules) };
  GError *error = NULL;

  g_assert_false (sok_certificate_write_pdf (path, "Demo Primary", PARENT_URL, &good, 0,
                                             &error));
  g_assert_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (sok_certificate_write_pdf (path, "Demo Primary", PARENT_URL, &no_name, 1,
                                             &error));
  g_assert_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Certificate 1"));
  g_clear_error (&error);

  g_assert_false (sok_certificate_write_pdf (path, "Demo Primary", "javascript:alert(1)",
                                             &good, 1, &error));
  g_assert_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "parent-aup-url"));
  g_clear_error (&error);

  g_assert_false (sok_certificate_write_pdf (missing, "Demo Primary", PARENT_URL, &good, 1,
                                             &error));
  g_assert_error (error, SOK_CERTIFICATE_ERROR, SOK_CERTIFICATE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_certificate_date_in_words (void)
{
  g_autoptr (GDateTime) day = g_date_time_new_local (2026, 11, 23, 9, 0, 0);
  g_autoptr (GDateTime) first = g_date_time_new_local (2027, 9, 1, 9, 0, 0);
  g_autofree char *words = sok_certificate_dup_date_words (day);
  g_autofree char *first_words = sok_certificate_dup_date_words (first);

  g_assert_cmpstr (words, ==, "23 November 2026");
  g_assert_cmpstr (first_words, ==, "1 September 2027");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/certificate/pdf/one-page-per-pupil", test_certificate_pdf_one_page_per_pupil);
  g_test_add_func ("/certificate/pdf/shows-first-names-with-accents",
                   test_certificate_pdf_shows_first_names_with_accents);
  g_test_add_func ("/certificate/pdf/qr-decodes-to-parent-url",
                   test_certificate_pdf_qr_decodes_to_parent_url);
  g_test_add_func ("/certificate/pdf/without-url-has-no-qr",
                   test_certificate_pdf_without_url_has_no_qr);
  g_test_add_func ("/certificate/pdf/failure-leaves-old-file",
                   test_certificate_pdf_failure_leaves_old_file);
  g_test_add_func ("/certificate/pdf/refuses-bad-input", test_certificate_pdf_refuses_bad_input);
  g_test_add_func ("/certificate/date/in-words", test_certificate_date_in_words);

  return g_test_run ();
}
