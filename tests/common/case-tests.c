/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-case"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "case-tests.h"
#include "test-util.h"
#include "sok-seal.h"
#include "sok-stats.h"

#define PASSPHRASE "correct horse battery staple"

static char *key_dir;
static char *key_path;
static char *public_key;

void
case_tests_make_keys (void)
{
  g_autoptr (GError) error = NULL;

  key_dir = g_dir_make_tmp ("sok-case-keys-XXXXXX", &error);
  g_assert_no_error (error);
  key_path = g_build_filename (key_dir, "dsl.key", NULL);
  public_key = sok_test_make_dsl_keys (key_dir, PASSPHRASE, NULL);
}

const char *
case_tests_key_path (void)
{
  return key_path;
}

const char *
case_tests_public_key (void)
{
  return public_key;
}

SokDslKey *
case_tests_load_key (void)
{
  g_autoptr (GError) error = NULL;
  SokDslKey *key = sok_dsl_unlock (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

void
case_tests_cleanup (void)
{
  if (key_dir)
    sok_test_remove_tree (key_dir);
  g_clear_pointer (&key_dir, g_free);
  g_clear_pointer (&key_path, g_free);
  g_clear_pointer (&public_key, g_free);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* The envelope a kiosk seals (format 1), made here independently of the kiosk's
 * code so that this test pins the format down. */
static char *
envelope_json (const char *report_id,
               const char *date,
               const char *category,
               const char *risk_area,
               const char *where,
               const char *age_band,
               const char *text,
               gboolean    with_drawing,
               gboolean    named)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, 1);
  add_string (b, "report_id", report_id);
  add_string (b, "kiosk_id", "kiosk-hall");
  add_string (b, "date", date);
  add_string (b, "part_of_day", "afternoon");
  add_string (b, "locale", "en_GB");
  add_string (b, "category", category);
  add_string (b, "risk_area", risk_area);
  add_string (b, "where", where);
  add_string (b, "feeling", "sad");
  add_string (b, "text", text);
  json_builder_set_member_name (b, "drawing");
  if (with_drawing)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "width");
      json_builder_add_int_value (b, 400);
      json_builder_set_member_name (b, "height");
      json_builder_add_int_value (b, 300);
      json_builder_set_member_name (b, "strokes");
      json_builder_begin_array (b);
      json_builder_begin_array (b);
      for (int i = 0; i <= 10; i++)
        {
          json_builder_add_int_value (b, 20 + 36 * i);
          json_builder_add_int_value (b, 150);
        }
      json_builder_end_array (b);
      json_builder_begin_array (b);
      json_builder_add_int_value (b, 200);
      json_builder_add_int_value (b, 20);
      json_builder_add_int_value (b, 200);
      json_builder_add_int_value (b, 280);
      json_builder_end_array (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "wants_talk");
  json_builder_add_boolean_value (b, named);
  json_builder_set_member_name (b, "urgent");
  json_builder_add_boolean_value (b, FALSE);
  add_string (b, "age_band", age_band);
  if (named)
    {
      add_string (b, "name", "Sam");
      add_string (b, "pupil_id", "p-17");
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static GBytes *
seal_text (const char *json,
           const char *to_public_key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) plain = g_bytes_new (json, strlen (json));
  GBytes *sealed = sok_seal_seal (plain, to_public_key, &error);

  g_assert_no_error (error);
  return sealed;
}

GBytes *
case_tests_seal_report (const char *report_id,
                        const char *date,
                        const char *category,
                        const char *risk_area,
                        const char *where,
                        const char *age_band,
                        const char *text,
                        gboolean    with_drawing)
{
  g_autofree char *json = envelope_json (report_id, date, category, risk_area, where, age_band,
                                         text, with_drawing, with_drawing);

  return seal_text (json, public_key);
}

void
case_tests_deliver (SokQueue   *kiosk,
                    const char *report_id,
                    gboolean    urgent,
                    GBytes     *sealed)
{
  g_autoptr (GError) error = NULL;
  SokQueueEnvelope env = { report_id, "kiosk-hall", urgent, sealed };
  guint n_new = 0;

  g_assert_true (sok_queue_deliver (kiosk, &env, 1, &n_new, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_new, ==, 1);
  /* Times in the queue are in µs: keep deliveries apart so "newest" is defined. */
  g_usleep (2000);
}

char *
case_tests_unique_id (const char *stem)
{
  return g_strdup_printf ("%s-%08x", stem, g_random_int ());
}

typedef struct
{
  const CaseBackend *backend;
  char              *uri;
  SokQueue          *kiosk;
  SokQueue          *dsl;
  SokDslKey         *key;
  char              *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->backend = data;
  f->uri = f->backend->new_queue_uri (TRUE);
  f->kiosk = sok_queue_open (f->uri, SOK_QUEUE_ROLE_KIOSK, &error);
  g_assert_no_error (error);
  if (g_str_has_prefix (f->uri, "postgresql:"))
    {
      /* The harness's kiosk role, not the DSL's, puts reports in. */
      g_autofree char *kiosk_uri = f->backend->new_queue_uri (FALSE);
      g_clear_object (&f->kiosk);
      f->kiosk = sok_queue_open (kiosk_uri, SOK_QUEUE_ROLE_KIOSK, &error);
      g_assert_no_error (error);
    }
  f->dsl = sok_queue_open (f->uri, SOK_QUEUE_ROLE_DSL, &error);
  g_assert_no_error (error);
  f->key = case_tests_load_key ();
  sok_queue_set_dsl_key (f->dsl, f->key);
  f->dir = g_dir_make_tmp ("sok-case-out-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->kiosk);
  g_assert_finalize_object (f->dsl);
  sok_dsl_key_free (f->key);
  sok_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->uri);
}

static char *
deliver_one (Fixture    *f,
             const char *stem,
             const char *date,
             const char *category,
             gboolean    urgent,
             const char *text)
{
  char *id = case_tests_unique_id (stem);
  g_autoptr (GBytes) sealed = case_tests_seal_report (id, date, category, "conduct", "game",
                                                      "7-9", text, TRUE);

  case_tests_deliver (f->kiosk, id, urgent, sealed);
  return id;
}

static SokAuditEntry *
last_audit (Fixture    *f,
            const char *report_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) audit = sok_queue_list_audit (f->dsl, report_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, 0);
  return g_steal_pointer (&audit->pdata[audit->len - 1]);
}

static void
test_open_decodes_and_records_view (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = deliver_one (f, "open", "2026-11-23", "unkind-to-me", TRUE,
                                     "Someone in a game said mean things");
  g_autoptr (SokCaseReport) report = NULL;
  g_autoptr (SokQueueCase) item = NULL;
  g_autoptr (SokAuditEntry) entry = NULL;
  g_autoptr (GPtrArray) before = sok_queue_list_audit (f->dsl, id, &error);

  g_assert_cmpuint (before->len, ==, 0);
  item = sok_queue_get_case (f->dsl, id, &error);
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_NEW);
  g_clear_pointer (&item, sok_queue_case_free);

  report = sok_case_open (f->dsl, f->key, id, "A. Lead", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->report_id, ==, id);
  g_assert_cmpstr (report->category, ==, "unkind-to-me");
  g_assert_cmpstr (report->risk_area, ==, "conduct");
  g_assert_cmpstr (report->where, ==, "game");
  g_assert_cmpstr (report->feeling, ==, "sad");
  g_assert_cmpstr (report->text, ==, "Someone in a game said mean things");
  g_assert_cmpstr (report->date, ==, "2026-11-23");
  g_assert_cmpstr (report->part_of_day, ==, "afternoon");
  g_assert_cmpstr (report->age_band, ==, "7-9");
  g_assert_true (report->wants_talk);
  g_assert_cmpstr (report->name, ==, "Sam");
  g_assert_true (sok_case_report_has_drawing (report));
  g_assert_cmpuint (report->strokes->len, ==, 2);
  g_assert_cmpuint (((GArray *)report->strokes->pdata[0])->len, ==, 11);

  /* The view is in the audit log, and the case is now open. */
  entry = last_audit (f, id);
  g_assert_cmpstr (entry->action, ==, "view");
  g_assert_cmpstr (entry->actor, ==, "A. Lead");
  item = sok_queue_get_case (f->dsl, id, &error);
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_OPEN);
}

static void
test_wrong_key_and_swapped_envelope (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *other_dir = g_dir_make_tmp ("sok-other-key-XXXXXX", &error);
  g_autofree char *other_pub = NULL;
  g_autofree char *id = case_tests_unique_id ("other-key");
  g_autofree char *swapped = case_tests_unique_id ("swapped");
  g_autofree char *json = envelope_json (id, "2026-11-23", "saw-upsetting", "content", "video", "4-5",
                                         NULL, FALSE, FALSE);
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GBytes) inner_other = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autoptr (SokCaseReport) report = NULL;

  other_pub = sok_test_make_dsl_keys (other_dir, PASSPHRASE, NULL);
  sealed = seal_text (json, other_pub);
  case_tests_deliver (f->kiosk, id, FALSE, sealed);

  report = sok_case_open (f->dsl, f->key, id, "A. Lead", &error);
  g_assert_null (report);
  g_assert_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRONG_KEY);
  g_clear_error (&error);
  /* Nothing was seen, so nothing is recorded as viewed. */
  audit = sok_queue_list_audit (f->dsl, id, &error);
  g_assert_cmpuint (audit->len, ==, 0);

  /* A report delivered under another report's id is refused. */
  inner_other = seal_text (json, public_key);
  case_tests_deliver (f->kiosk, swapped, FALSE, inner_other);
  report = sok_case_open (f->dsl, f->key, swapped, "A. Lead", &error);
  g_assert_null (report);
  g_assert_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_UNREADABLE);
  g_clear_error (&error);

  sok_test_remove_tree (other_dir);
}

static int
position_of (GPtrArray  *cases,
             const char *id)
{
  for (guint i = 0; i < cases->len; i++)
    if (g_str_equal (((SokQueueCase *)cases->pdata[i])->report_id, id))
      return (int)i;
  return -1;
}

static void
test_list_show_act_close (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *a = deliver_one (f, "list-a", "2026-11-20", "unkind-to-me", FALSE, NULL);
  g_autofree char *b = deliver_one (f, "list-b", "2026-11-21", "saw-upsetting", TRUE, NULL);
  g_autofree char *c = deliver_one (f, "list-c", "2026-11-22", "asked-photo", FALSE, NULL);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) news = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GPtrArray) closed = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (SokCaseReport) report = NULL;
  g_autoptr (SokQueueCase) item = NULL;
  SokQueueAction *action;
  gint64 before = g_get_real_time ();

  /* Urgent first; within a half-day, by the random report id, which says nothing of
   * the order reports came in. */
  all = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (position_of (all, b), <, position_of (all, c));
  g_assert_cmpint (position_of (all, b), <, position_of (all, a));
  g_assert_cmpint (position_of (all, a), >=, 0);
  g_assert_cmpint (position_of (all, a) < position_of (all, c), ==, strcmp (a, c) < 0);

  report = sok_case_open (f->dsl, f->key, c, "A. Lead", &error);
  g_assert_no_error (error);

  /* Actions: who, when and a note; no further action needs a reason. */
  g_assert_true (sok_queue_act (f->dsl, c, "spoke-with-child", "A. Lead", "Talked at break", NULL, &error));
  g_assert_true (sok_queue_act (f->dsl, c, "referred-technical-support", "A. Lead", "Block the site", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sok_queue_act (f->dsl, c, "no-further-action", "A. Lead", "done", NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sok_queue_act (f->dsl, c, "no-further-action", "A. Lead", NULL, "   ", &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sok_queue_act (f->dsl, c, "shrugged", "A. Lead", NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sok_queue_act (f->dsl, c, "no-further-action", "B. Deputy", NULL,
                                "Filtering now blocks the site", &error));
  g_assert_no_error (error);

  actions = sok_queue_list_actions (f->dsl, c, &error);
  g_assert_cmpuint (actions->len, ==, 3);
  action = actions->pdata[0];
  g_assert_cmpstr (action->kind, ==, "spoke-with-child");
  g_assert_cmpstr (action->by, ==, "A. Lead");
  g_assert_cmpstr (action->note, ==, "Talked at break");
  g_assert_cmpint (action->at, >=, before);
  action = actions->pdata[2];
  g_assert_cmpstr (action->by, ==, "B. Deputy");
  g_assert_cmpstr (action->reason, ==, "Filtering now blocks the site");

  news = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_NEW, &error);
  g_assert_cmpint (position_of (news, a), >=, 0);
  g_assert_cmpint (position_of (news, c), <, 0);
  open = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_OPEN, &error);
  g_assert_cmpint (position_of (open, c), >=, 0);

  /* Closing needs an outcome. */
  g_assert_false (sok_queue_close_case (f->dsl, c, NULL, "A. Lead", NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sok_queue_close_case (f->dsl, c, "sorted", "A. Lead", NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sok_queue_close_case (f->dsl, c, "resolved-in-school", "A. Lead", NULL, &error));
  g_assert_no_error (error);

  closed = sok_queue_list_cases (f->dsl, SOK_CASE_FILTER_CLOSED, &error);
  g_assert_cmpint (position_of (closed, c), >=, 0);
  g_assert_cmpint (position_of (closed, a), <, 0);
  item = sok_queue_get_case (f->dsl, c, &error);
  g_assert_cmpstr (item->outcome, ==, "resolved-in-school");
  g_assert_cmpstr (item->last_action, ==, "no-further-action");

  /* A closed case takes no more actions. */
  g_assert_false (sok_queue_act (f->dsl, c, "informed-parents", "A. Lead", NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
}

static void
test_export_csv_and_pdf (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = deliver_one (f, "export", "2026-10-02", "unkind-to-me", FALSE,
                                     "=HYPERLINK(\"x\") and \"quotes\"");
  g_autofree char *csv_path = g_build_filename (f->dir, "case.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (f->dir, "case.PDF", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "case.txt", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr (SokCaseReport) report = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  SokCaseExportFormat format;
  gsize pdf_len = 0;
  GStatBuf st;

  report = sok_case_open (f->dsl, f->key, id, "A. Lead", &error);
  g_assert_no_error (error);
  g_assert_true (sok_queue_act (f->dsl, id, "informed-parents", "A. Lead", "Phoned mum", NULL, &error));

  g_assert_true (sok_case_export_format_for_path (csv_path, &format, &error));
  g_assert_cmpint (format, ==, SOK_CASE_EXPORT_CSV);
  g_assert_true (sok_case_export (f->dsl, report, NULL, "A. Lead", format, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (sok_case_export_format_for_path (pdf_path, &format, &error));
  g_assert_cmpint (format, ==, SOK_CASE_EXPORT_PDF);
  g_assert_true (sok_case_export (f->dsl, report, NULL, "A. Lead", format, pdf_path, &error));
  g_assert_no_error (error);
  g_assert_false (sok_case_export_format_for_path (bad_path, &format, &error));
  g_assert_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_true (g_str_has_prefix (csv, "section,field,value,by,at\r\n"));
  /* The child's text is one cell, quotes doubled, never a formula. */
  g_assert_nonnull (strstr (csv, "\"report\",\"text\",\"'=HYPERLINK(\"\"x\"\") and \"\"quotes\"\"\""));
  g_assert_nonnull (strstr (csv, "\"report\",\"category\",\"unkind-to-me\""));
  g_assert_nonnull (strstr (csv, "\"action\",\"informed-parents\",\"Phoned mum\",\"A. Lead\","));
  g_assert_nonnull (strstr (csv, "\"report\",\"status\",\"open\""));
  g_assert_cmpint (g_stat (csv_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (g_file_get_contents (pdf_path, &pdf, &pdf_len, &error));
  g_assert_cmpuint (pdf_len, >, 1000);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_cmpint (g_stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Both exports are in the audit log. */
  audit = sok_queue_list_audit (f->dsl, id, &error);
  g_assert_cmpuint (audit->len, ==, 4);
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[2])->action, ==, "export");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[2])->detail, ==, "csv");
  g_assert_cmpstr (((SokAuditEntry *)audit->pdata[3])->detail, ==, "pdf");
}

static void
test_audit_tamper_detected (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = deliver_one (f, "tamper", "2026-11-02", "saw-upsetting", FALSE, NULL);
  g_autoptr (SokCaseReport) report = NULL;
  g_autoptr (GPtrArray) audit = NULL;
  g_autofree char *actor = NULL;
  SokAuditEntry *entry;
  guint n = 0;

  report = sok_case_open (f->dsl, f->key, id, "A. Lead", &error);
  g_assert_true (sok_queue_act (f->dsl, id, "referred-head-teacher", "A. Lead", NULL, NULL, &error));
  g_assert_true (sok_queue_close_case (f->dsl, id, "resolved-in-school", "A. Lead", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sok_queue_verify_audit (f->dsl, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 3);

  audit = sok_queue_list_audit (f->dsl, id, &error);
  entry = audit->pdata[1];
  actor = g_strdup (entry->actor);
  f->backend->edit_audit_actor (f->uri, entry->id, "Someone else");
  g_assert_false (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "changed"));
  g_clear_error (&error);

  /* Put back as it was, the chain holds again. */
  f->backend->edit_audit_actor (f->uri, entry->id, actor);
  g_assert_true (sok_queue_verify_audit (f->dsl, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_stats_by_term (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStats) stats = NULL;
  g_autofree char *closed_id = NULL;
  /* Far-off years, so reports from other tests (a shared PostgreSQL queue) do not
   * count. */
  const char *autumn[] = { "2031-09-01", "2031-10-15", "2031-10-16", "2031-11-30",
                           "2031-12-01", "2031-12-31" };
  guint unkind = 0, scary = 0, still_open = 0, resolved = 0, summer_unkind = 0;
  guint game = 0;
  GPtrArray *rows;

  for (guint i = 0; i < G_N_ELEMENTS (autumn); i++)
    g_free (deliver_one (f, "stats", autumn[i], "unkind-to-me", FALSE, "not counted text"));
  closed_id = deliver_one (f, "stats", "2031-11-11", "saw-upsetting", FALSE, NULL);
  /* The term before (summer 2031) and one outside both (spring 2031, January 2032). */
  g_free (deliver_one (f, "stats", "2031-08-31", "unkind-to-me", FALSE, NULL));
  g_free (deliver_one (f, "stats", "2031-05-01", "unkind-to-me", FALSE, NULL));
  g_free (deliver_one (f, "stats", "2031-04-30", "unkind-to-me", FALSE, NULL));
  g_free (deliver_one (f, "stats", "2032-01-01", "unkind-to-me", FALSE, NULL));

  g_assert_true (sok_queue_record_view (f->dsl, closed_id, "A. Lead", &error));
  g_assert_true (sok_queue_close_case (f->dsl, closed_id, "resolved-in-school", "A. Lead", NULL, &error));

  stats = sok_stats_compute (f->dsl, f->key, NULL, SOK_TERM_AUTUMN, 2031, "A. Governor-Clerk", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sok_stats_get_total (stats, FALSE), ==, 7);
  g_assert_cmpuint (sok_stats_get_total (stats, TRUE), ==, 2);

  rows = sok_stats_get_rows (stats);
  for (guint i = 0; i < rows->len; i++)
    {
      SokStatsRow *row = rows->pdata[i];

      if (row->dimension == SOK_STATS_CATEGORY && g_str_equal (row->item, "unkind-to-me"))
        unkind = row->count, summer_unkind = row->previous;
      else if (row->dimension == SOK_STATS_CATEGORY && g_str_equal (row->item, "saw-upsetting"))
        scary = row->count;
      else if (row->dimension == SOK_STATS_OUTCOME && g_str_equal (row->item, "open"))
        still_open = row->count;
      else if (row->dimension == SOK_STATS_OUTCOME && g_str_equal (row->item, "resolved-in-school"))
        resolved = row->count;
      else if (row->dimension == SOK_STATS_WHERE && g_str_equal (row->item, "game"))
        game = row->count;
    }
  g_assert_cmpuint (unkind, ==, 6);
  g_assert_cmpuint (summer_unkind, ==, 2);
  g_assert_cmpuint (scary, ==, 1);
  g_assert_cmpuint (still_open, ==, 6);
  g_assert_cmpuint (resolved, ==, 1);
  g_assert_cmpuint (game, ==, 7);

  /* Asking for the figures is in the audit log, once, for the whole queue. */
  {
    g_autoptr (GPtrArray) audit = sok_queue_list_audit (f->dsl, NULL, &error);
    SokAuditEntry *e = audit->pdata[audit->len - 1];

    g_assert_cmpstr (e->action, ==, "stats");
    g_assert_null (e->report_id);
    g_assert_cmpstr (e->detail, ==, "autumn 2031");
    g_assert_cmpstr (e->actor, ==, "A. Governor-Clerk");
  }
}

/* ---- Retention ------------------------------------------------------------------ */

/* Says the case was closed @years and @days ago, as if it had been. */
static void
age_case (Fixture    *f,
          const char *report_id,
          int         years,
          int         days)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) then_years = g_date_time_add_years (now, -years);
  g_autoptr (GDateTime) then = g_date_time_add_days (then_years, -days);
  g_autofree char *sql = g_strdup_printf ("UPDATE cases SET updated_at = %" G_GINT64_FORMAT
                                          " WHERE report_id = '%s'",
                                          g_date_time_to_unix (then) * G_USEC_PER_SEC, report_id);

  f->backend->exec_as_owner (f->uri, sql);
}

static char *
deliver_and_close (Fixture    *f,
                   const char *stem,
                   gboolean    close)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokCaseReport) report = NULL;
  char *id = deliver_one (f, stem, "2026-10-01", "unkind-to-me", FALSE, "words of the report");

  report = sok_case_open (f->dsl, f->key, id, "A. Lead", &error);
  g_assert_no_error (error);
  g_assert_true (sok_queue_act (f->dsl, id, "informed-parents", "A. Lead", "rang mum", NULL,
                                &error));
  g_assert_no_error (error);
  if (close)
    g_assert_true (sok_queue_close_case (f->dsl, id, "resolved-in-school", "A. Lead",
                                         "all well now", &error));
  g_assert_no_error (error);
  return id;
}

static GPtrArray *
audit_of (Fixture    *f,
          const char *report_id)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *audit = sok_queue_list_audit (f->dsl, report_id, &error);

  g_assert_no_error (error);
  return audit;
}

static void
assert_verifies (SokQueue *queue)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (sok_queue_verify_audit (queue, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_tampered (SokQueue   *queue,
                 const char *says)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (sok_queue_verify_audit (queue, NULL, NULL, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

static void
test_retention_removes_old_closed_cases (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *old = deliver_and_close (f, "retain-old", TRUE);
  g_autofree char *older = deliver_and_close (f, "retain-older", TRUE);
  g_autofree char *recent = deliver_and_close (f, "retain-recent", TRUE);
  g_autofree char *open = deliver_and_close (f, "retain-open", FALSE);
  g_autofree char *fresh = deliver_one (f, "retain-new", "2026-10-02", "saw-upsetting", FALSE, NULL);
  g_autoptr (GPtrArray) old_before = NULL;
  g_autoptr (GPtrArray) recent_before = NULL;
  g_autoptr (GPtrArray) all_before = NULL;
  g_autoptr (GPtrArray) dry = NULL;
  g_autoptr (GPtrArray) removed = NULL;
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GPtrArray) old_after = NULL;
  g_autoptr (GPtrArray) recent_after = NULL;
  g_autoptr (GPtrArray) all_after = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  g_autoptr (SokQueueCase) item = NULL;
  g_autoptr (SokQueue) keyless = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *digest = NULL;
  SokAuditEntry *tombstone = NULL;
  SokAuditEntry *retention;
  gint64 kept_id = 0;
  guint with_detail = 0;

  /* Closed seven years ago, six years and a month ago, five years ago; open (last
   * touched ten years ago, but open); new. */
  age_case (f, old, 7, 0);
  age_case (f, older, 6, 30);
  age_case (f, recent, 5, 0);
  age_case (f, open, 10, 0);

  old_before = audit_of (f, old);
  recent_before = audit_of (f, recent);
  all_before = audit_of (f, NULL);
  g_assert_cmpuint (old_before->len, ==, 3);
  for (guint i = 0; i < old_before->len; i++)
    with_detail += ((SokAuditEntry *)old_before->pdata[i])->detail != NULL;
  g_assert_cmpuint (with_detail, >=, 2);

  /* The dry run finds exactly the two, oldest first, and changes nothing. */
  dry = sok_queue_apply_retention (f->dsl, 6, "A. Lead", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dry->len, ==, 2);
  g_assert_cmpstr (((SokQueueRetained *)dry->pdata[0])->report_id, ==, old);
  g_assert_cmpstr (((SokQueueRetained *)dry->pdata[1])->report_id, ==, older);
  g_assert_cmpuint (((SokQueueRetained *)dry->pdata[0])->n_entries, ==, with_detail);
  all_after = audit_of (f, NULL);
  g_assert_cmpuint (all_after->len, ==, all_before->len);
  g_clear_pointer (&all_after, g_ptr_array_unref);
  item = sok_queue_get_case (f->dsl, old, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_CLOSED);
  g_clear_pointer (&item, sok_queue_case_free);

  /* Without the key nothing is removed: the removal is signed in the log. */
  keyless = sok_queue_open (f->uri, SOK_QUEUE_ROLE_DSL, &error);
  g_assert_no_error (error);
  g_assert_null (sok_queue_apply_retention (keyless, 6, "A. Lead", FALSE, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_PERMISSION);
  g_clear_error (&error);

  removed = sok_queue_apply_retention (f->dsl, 6, "A. Lead", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed->len, ==, 2);
  g_assert_cmpstr (((SokQueueRetained *)removed->pdata[0])->report_id, ==, old);
  g_assert_cmpstr (((SokQueueRetained *)removed->pdata[1])->report_id, ==, older);

  /* Gone: the case, its report, its actions. */
  g_assert_null (sok_queue_get_case (f->dsl, old, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sok_queue_get_case (f->dsl, older, &error));
  g_assert_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  actions = sok_queue_list_actions (f->dsl, old, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 0);

  /* Its audit entries stay, as tombstones: no detail, the same digest and hash. */
  old_after = audit_of (f, old);
  g_assert_cmpuint (old_after->len, ==, old_before->len);
  for (guint i = 0; i < old_after->len; i++)
    {
      SokAuditEntry *before = old_before->pdata[i];
      SokAuditEntry *after = old_after->pdata[i];

      g_assert_cmpint (after->id, ==, before->id);
      g_assert_null (after->detail);
      g_assert_cmpstr (after->detail_digest, ==, before->detail_digest);
      g_assert_cmpstr (after->hash, ==, before->hash);
      g_assert_true (after->detail_removed == (before->detail != NULL));
      if (after->detail_removed && tombstone == NULL)
        tombstone = after;
    }
  g_assert_nonnull (tombstone);

  /* Open, new and recently closed cases are untouched. */
  item = sok_queue_get_case (f->dsl, recent, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_CLOSED);
  g_clear_pointer (&item, sok_queue_case_free);
  item = sok_queue_get_case (f->dsl, open, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_OPEN);
  g_clear_pointer (&item, sok_queue_case_free);
  item = sok_queue_get_case (f->dsl, fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_NEW);
  g_clear_pointer (&item, sok_queue_case_free);
  recent_after = audit_of (f, recent);
  g_assert_cmpuint (recent_after->len, ==, recent_before->len);
  for (guint i = 0; i < recent_after->len; i++)
    {
      SokAuditEntry *before = recent_before->pdata[i];
      SokAuditEntry *after = recent_after->pdata[i];

      g_assert_cmpstr (after->detail, ==, before->detail);
      g_assert_false (after->detail_removed);
      if (after->detail != NULL)
        kept_id = after->id;
    }
  g_assert_cmpint (kept_id, >, 0);

  /* One entry for the whole queue names what went. */
  all_after = audit_of (f, NULL);
  g_assert_cmpuint (all_after->len, ==, all_before->len + 1);
  retention = all_after->pdata[all_after->len - 1];
  g_assert_cmpstr (retention->action, ==, "retention");
  g_assert_null (retention->report_id);
  g_assert_cmpstr (retention->actor, ==, "A. Lead");
  {
    g_autofree char *expect = g_strdup_printf ("case-retention-years=6\n%s\n%s", old, older);

    g_assert_cmpstr (retention->detail, ==, expect);
  }

  /* The chain still verifies, with the key and without it. */
  assert_verifies (f->dsl);
  assert_verifies (keyless);

  /* Nothing more to remove, and nothing recorded for it. */
  again = sok_queue_apply_retention (f->dsl, 6, "A. Lead", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);
  g_clear_pointer (&all_after, g_ptr_array_unref);
  all_after = audit_of (f, NULL);
  g_assert_cmpuint (all_after->len, ==, all_before->len + 1);

  /* A tombstone whose digest was changed too is found, and so is it put back. */
  digest = g_strdup (tombstone->detail_digest);
  sql = g_strdup_printf ("UPDATE audit SET detail_digest = '%064d' WHERE id = %" G_GINT64_FORMAT,
                         0, tombstone->id);
  f->backend->exec_as_owner (f->uri, sql);
  assert_tampered (f->dsl, "changed");
  assert_tampered (keyless, "changed");
  g_free (sql);
  sql = g_strdup_printf ("UPDATE audit SET detail_digest = '%s' WHERE id = %" G_GINT64_FORMAT,
                         digest, tombstone->id);
  f->backend->exec_as_owner (f->uri, sql);
  assert_verifies (f->dsl);

  /* A detail removed from a case that retention did not remove is found with the
   * key (which reads the retention entries); put back, all is well again. */
  g_free (sql);
  sql = g_strdup_printf ("CREATE TABLE saved_%" G_GINT64_FORMAT " AS SELECT id, detail FROM audit"
                         " WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE audit SET detail = NULL WHERE id = %" G_GINT64_FORMAT,
                         kept_id, kept_id, kept_id);
  f->backend->exec_as_owner (f->uri, sql);
  assert_tampered (f->dsl, "no retention entry removed its case");
  g_free (sql);
  sql = g_strdup_printf ("UPDATE audit SET detail = (SELECT s.detail FROM saved_%" G_GINT64_FORMAT
                         " s WHERE s.id = audit.id) WHERE id = %" G_GINT64_FORMAT ";"
                         "DROP TABLE saved_%" G_GINT64_FORMAT, kept_id, kept_id, kept_id);
  f->backend->exec_as_owner (f->uri, sql);
  assert_verifies (f->dsl);

  g_assert_finalize_object (g_steal_pointer (&keyless));
}

/* A case with a conversation (as hearing back writes it: the code's MAC, a reply from
 * the DSL, the child's answer, which came as an envelope of its own) goes with all of
 * it; another case's conversation stays. */
static void
test_retention_removes_the_conversation (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *old = deliver_and_close (f, "retain-talk", TRUE);
  g_autofree char *kept = deliver_and_close (f, "retain-talk-kept", TRUE);
  g_autofree char *answer = deliver_one (f, "retain-answer", "2026-10-03", "unkind-to-me", FALSE,
                                         "the child's answer");
  g_autofree char *kept_answer = deliver_one (f, "retain-answer-kept", "2026-10-03",
                                              "unkind-to-me", FALSE, "another answer");
  g_autoptr (GPtrArray) removed = NULL;
  g_autoptr (SokQueueCase) item = NULL;
  g_autofree char *count = NULL;
  const char *ids[] = { old, kept };
  const char *answers[] = { answer, kept_answer };

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO follow_ups (report_id, tag_mac, expires) VALUES ('%s', 'mac-%s', '2030-01-01');"
        "INSERT INTO messages (report_id, from_dsl, half_day, sealed) VALUES ('%s', TRUE, 0, 'x');"
        "INSERT INTO messages (report_id, from_dsl, half_day, answer_id) VALUES ('%s', FALSE, 0, '%s');"
        "INSERT INTO sorted (report_id, answer) VALUES ('%s', FALSE), ('%s', TRUE);",
        ids[i], ids[i], ids[i], ids[i], answers[i], ids[i], answers[i]);

      f->backend->exec_as_owner (f->uri, sql);
    }
  age_case (f, old, 8, 0);

  removed = sok_queue_apply_retention (f->dsl, 6, "A. Lead", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed->len, ==, 1);
  g_assert_cmpstr (((SokQueueRetained *)removed->pdata[0])->report_id, ==, old);

  count = g_strdup_printf ("SELECT (SELECT COUNT (*) FROM messages WHERE report_id = '%s')"
                           " + (SELECT COUNT (*) FROM follow_ups WHERE report_id = '%s')"
                           " + (SELECT COUNT (*) FROM sorted WHERE report_id IN ('%s', '%s'))"
                           " + (SELECT COUNT (*) FROM envelopes WHERE report_id IN ('%s', '%s'))",
                           old, old, old, answer, old, answer);
  g_assert_cmpint (f->backend->count_as_owner (f->uri, count), ==, 0);
  g_free (count);
  count = g_strdup_printf ("SELECT (SELECT COUNT (*) FROM messages WHERE report_id = '%s')"
                           " + (SELECT COUNT (*) FROM follow_ups WHERE report_id = '%s')"
                           " + (SELECT COUNT (*) FROM sorted WHERE report_id IN ('%s', '%s'))"
                           " + (SELECT COUNT (*) FROM envelopes WHERE report_id IN ('%s', '%s'))",
                           kept, kept, kept, kept_answer, kept, kept_answer);
  g_assert_cmpint (f->backend->count_as_owner (f->uri, count), ==, 2 + 1 + 2 + 2);

  item = sok_queue_get_case (f->dsl, kept, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->status, ==, SOK_CASE_STATUS_CLOSED);
  assert_verifies (f->dsl);
}

void
case_tests_add (const char        *prefix,
                const CaseBackend *backend)
{
#define ADD(path, func) \
  do { \
    g_autofree char *full = g_strconcat (prefix, path, NULL); \
    g_test_add (full, Fixture, backend, fixture_set_up, func, fixture_tear_down); \
  } while (0)

  ADD ("/open/decodes-everything-and-records-a-view", test_open_decodes_and_records_view);
  ADD ("/open/refuses-another-key-and-a-swapped-envelope", test_wrong_key_and_swapped_envelope);
  ADD ("/list-show-act-close/follow-the-rules", test_list_show_act_close);
  ADD ("/export/csv-and-pdf-are-private-and-audited", test_export_csv_and_pdf);
  ADD ("/audit/one-edited-entry-is-detected", test_audit_tamper_detected);
  ADD ("/stats/count-this-term-beside-the-last", test_stats_by_term);
  ADD ("/retention/removes-old-closed-cases-and-leaves-tombstones",
       test_retention_removes_old_closed_cases);
  ADD ("/retention/removes-a-case-with-its-conversation", test_retention_removes_the_conversation);
#undef ADD
}
