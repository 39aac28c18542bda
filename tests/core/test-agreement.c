/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-agreement"

#include "config.h"

#include <math.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-paths.h"
#include "sok-roster.h"
#include "sok-store.h"

/* A kiosk with a roster of two classes (Year 1 Owls, Year 4 Badgers) and the shipped
 * AUPs' versions recorded, as the promise flow leaves it after showing the rules. */
typedef struct
{
  char     *dir;
  SokStore *store;
  gint64    early;    /* the shipped early AUP's version */
  gint64    junior;   /* the shipped junior AUP's version */
} School;

static const char roster[] =
  "Forename,Surname,Year,Reg Group\n"
  "Oliver,O'Brien,Year 1,Owls\n"
  "Siân,Evans,Year 1,Owls\n"
  "Amir,Khan,Year 1,Owls\n"
  "Jack,Morgan,Year 4,Badgers\n"
  "Lily,Wiśniewska,Year 4,Badgers\n";

static void
school_set_up (School        *school,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("agreement-XXXXXX", &error);
  g_autoptr (SokAup) early = NULL;
  g_autoptr (SokAup) junior = NULL;

  g_assert_no_error (error);
  school->dir = g_build_filename (tmp, "data", NULL);
  school->store = sok_store_open (school->dir, &error);
  g_assert_no_error (error);
  g_assert_true (sok_roster_import_data (school->store, "roster.csv", roster, strlen (roster),
                                         NULL, NULL, &error));
  g_assert_no_error (error);

  early = sok_aup_load (school->dir, SOK_AGE_BAND_EARLY, NULL, &error);
  g_assert_no_error (error);
  junior = sok_aup_load (school->dir, SOK_AGE_BAND_JUNIOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sok_aup_ensure_version (school->store, early, &school->early, &error));
  g_assert_true (sok_aup_ensure_version (school->store, junior, &school->junior, &error));
  g_assert_no_error (error);
}

static void
school_tear_down (School        *school,
                  gconstpointer  data)
{
  g_clear_object (&school->store);
  g_free (school->dir);
}

static gint64
pupil (School     *school,
       const char *surname)
{
  g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (school->store,
                                                     "SELECT id FROM pupils WHERE surname = ?",
                                                     NULL);

  sqlite3_bind_text (stmt, 1, surname, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static guint
count_agreements (SokStore *store)
{
  g_autoptr (sqlite3_stmt) stmt = sok_store_prepare (store, "SELECT COUNT(*) FROM agreements",
                                                     NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return (guint)sqlite3_column_int (stmt, 0);
}

/* A signature as a finger draws it: a wavy line and a dot. */
static SokSignature *
draw_signature (void)
{
  SokSignature *signature = sok_signature_new ();

  sok_signature_begin_stroke (signature);
  for (guint i = 0; i <= 40; i++)
    g_assert_true (sok_signature_add_point (signature, 0.1 + i * 0.02,
                                            0.5 + 0.2 * sin (i / 4.0)));
  sok_signature_begin_stroke (signature);
  g_assert_true (sok_signature_add_point (signature, 0.95, 0.8));
  return signature;
}

static void
test_school_year_runs_september_to_august (void)
{
  struct { int y, m, d, h; int school_year; } cases[] = {
    { 2026, 9, 1, 0, 2026 }, { 2027, 8, 31, 23, 2026 }, { 2027, 9, 1, 0, 2027 },
    { 2027, 1, 1, 12, 2026 }, { 2026, 8, 31, 23, 2025 },
  };
  g_autofree char *label = sok_school_year_dup_label (2026);
  g_autofree char *century = sok_school_year_dup_label (2099);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GDateTime) when = g_date_time_new_local (cases[i].y, cases[i].m, cases[i].d,
                                                          cases[i].h, 59, 59);

      g_assert_cmpint (sok_school_year_for (when), ==, cases[i].school_year);
    }
  g_assert_cmpstr (label, ==, "2026-27");
  g_assert_cmpstr (century, ==, "2099-00");
}

static void
test_signature_round_trip_is_small (void)
{
  g_autoptr (SokSignature) signature = draw_signature ();
  g_autoptr (SokSignature) decoded = NULL;
  g_autoptr (GBytes) bytes = sok_signature_encode (signature);
  g_autoptr (GBytes) again = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *decoded_path = NULL;

  g_assert_cmpuint (sok_signature_get_n_strokes (signature), ==, 2);
  g_assert_cmpuint (sok_signature_get_n_points (signature), ==, 42);
  /* 42 points in well under 4 bytes a point. */
  g_test_message ("%" G_GSIZE_FORMAT " bytes", g_bytes_get_size (bytes));
  g_assert_cmpuint (g_bytes_get_size (bytes), <, 42 * 4);

  decoded = sok_signature_decode (bytes, &error);
  g_assert_no_error (error);
  again = sok_signature_encode (decoded);
  g_assert_true (g_bytes_equal (bytes, again));

  path = sok_signature_dup_svg_path (signature, 1024, 512);
  decoded_path = sok_signature_dup_svg_path (decoded, 1024, 512);
  g_assert_cmpstr (path, ==, decoded_path);
  g_assert_true (g_str_has_prefix (path, "M 102.0 256.0 L "));
  /* The dot is a stroke to itself, so a pen draws it. */
  g_assert_true (g_str_has_suffix (path, " M 973.0 409.5 L 973.0 409.5"));
}

static void
test_signature_caps_and_resting_finger (void)
{
  g_autoptr (SokSignature) signature = sok_signature_new ();
  guint kept = 0;

  /* A finger resting still adds nothing; points outside the pad are clamped. */
  sok_signature_begin_stroke (signature);
  for (guint i = 0; i < 10; i++)
    g_assert_true (sok_signature_add_point (signature, 0.5, 0.5));
  g_assert_true (sok_signature_add_point (signature, -3, 7));
  g_assert_true (sok_signature_add_point (signature, NAN, NAN));
  g_assert_cmpuint (sok_signature_get_n_points (signature), ==, 3);

  /* An empty stroke is not counted; begin twice is one stroke. */
  sok_signature_begin_stroke (signature);
  sok_signature_begin_stroke (signature);
  g_assert_cmpuint (sok_signature_get_n_strokes (signature), ==, 1);

  sok_signature_clear (signature);
  g_assert_true (sok_signature_is_empty (signature));

  for (guint i = 0; i < SOK_SIGNATURE_MAX_POINTS + 100; i++)
    kept += sok_signature_add_point (signature, (i % 1000) / 1000.0, (i / 1000) / 4.0);
  g_assert_cmpuint (kept, ==, SOK_SIGNATURE_MAX_POINTS);
  g_assert_cmpuint (sok_signature_get_n_points (signature), ==, SOK_SIGNATURE_MAX_POINTS);

  sok_signature_clear (signature);
  for (guint s = 0; s < SOK_SIGNATURE_MAX_STROKES + 5; s++)
    {
      sok_signature_begin_stroke (signature);
      sok_signature_add_point (signature, s / 100.0, 0.5);
    }
  g_assert_cmpuint (sok_signature_get_n_strokes (signature), ==, SOK_SIGNATURE_MAX_STROKES);
  g_assert_false (sok_signature_add_point (signature, 0.9, 0.9));

  /* Still decodes: the caps keep a stored signature readable. */
  {
    g_autoptr (GBytes) bytes = sok_signature_encode (signature);
    g_autoptr (SokSignature) decoded = sok_signature_decode (bytes, NULL);

    g_assert_nonnull (decoded);
    g_assert_cmpuint (sok_signature_get_n_points (decoded), ==, SOK_SIGNATURE_MAX_STROKES);
  }
}

/* @data with two bytes more: the encoding may hold NUL bytes, so no printf. */
static GBytes *
with_trailing_bytes (const guint8 *data,
                     gsize         size)
{
  guint8 *copy = g_malloc (size + 2);

  memcpy (copy, data, size);
  copy[size] = 'X';
  copy[size + 1] = 'X';
  return g_bytes_new_take (copy, size + 2);
}

static void
test_signature_garbage_refused (void)
{
  g_autoptr (SokSignature) signature = draw_signature ();
  g_autoptr (GBytes) good = sok_signature_encode (signature);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (good, &size);
  struct { const char *name; GBytes *bytes; } cases[] = {
    { "empty", g_bytes_new ("", 0) },
    { "wrong magic", g_bytes_new ("PK\x01\x01\x01\x00\x00", 7) },
    { "future version", g_bytes_new ("SK\x02\x00", 4) },
    { "truncated", g_bytes_new (data, size - 1) },
    { "trailing bytes", with_trailing_bytes (data, size) },
    { "too many strokes", g_bytes_new ("SK\x01\x7f", 4) },
    { "a stroke of no points", g_bytes_new ("SK\x01\x01\x00", 5) },
    { "a point off the pad", g_bytes_new ("SK\x01\x01\x01\x81\x10\x00", 8) },
    { "a varint that never ends", g_bytes_new ("SK\x01\xff\xff\xff\xff\xff\xff", 9) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SokSignature) decoded = NULL;

      g_test_message ("case: %s", cases[i].name);
      decoded = sok_signature_decode (cases[i].bytes, &error);
      g_assert_null (decoded);
      g_assert_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_SIGNATURE);
      g_assert_nonnull (strstr (error->message, "cannot be read"));
      g_bytes_unref (cases[i].bytes);
    }
}

static void
test_record_tap_and_signature (School        *school,
                               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSignature) signature = draw_signature ();
  g_autoptr (GDateTime) at = g_date_time_new_local (2026, 9, 14, 9, 30, 0);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GBytes) stored = NULL;
  g_autoptr (GBytes) drawn = sok_signature_encode (signature);
  g_autoptr (GBytes) none = NULL;
  gint64 tapped = 0, signed_id = 0;
  SokAgreement *a;

  g_assert_true (sok_agreement_record (school->store, pupil (school, "O'Brien"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, TRUE, TRUE, NULL, at,
                                       &tapped, &error));
  g_assert_no_error (error);
  g_assert_true (sok_agreement_record (school->store, pupil (school, "Morgan"), school->junior,
                                       SOK_AGREEMENT_METHOD_SIGNATURE, FALSE, FALSE, signature,
                                       at, &signed_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tapped, >, 0);
  g_assert_cmpint (signed_id, >, tapped);

  list = sok_agreement_list (school->store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);

  /* By year group: the Year 1 pupil first. */
  a = g_ptr_array_index (list, 0);
  g_assert_cmpint (a->id, ==, tapped);
  g_assert_cmpstr (a->forename, ==, "Oliver");
  g_assert_cmpstr (a->surname, ==, "O'Brien");
  g_assert_cmpstr (a->class_name, ==, "Owls");
  g_assert_cmpint (a->year_group, ==, 1);
  g_assert_cmpint (a->school_year, ==, 2026);
  g_assert_cmpint (a->agreed_at, ==, g_date_time_to_unix (at));
  g_assert_cmpstr (a->band, ==, "early");
  g_assert_cmpstr (a->method, ==, "tap");
  g_assert_true (a->read_aloud);
  g_assert_true (a->with_adult);
  g_assert_false (a->has_signature);
  g_assert_cmpint (a->parent_endorsed_at, ==, 0);
  g_assert_cmpuint (strlen (a->aup_sha256), ==, 64);
  g_assert_cmpstr (a->aup_locale, ==, "en");

  a = g_ptr_array_index (list, 1);
  g_assert_cmpstr (a->surname, ==, "Morgan");
  g_assert_cmpstr (a->band, ==, "junior");
  g_assert_cmpstr (a->method, ==, "signature");
  g_assert_true (a->has_signature);
  g_assert_false (a->read_aloud);
  g_assert_cmpstr (a->aup_sha256, !=, ((SokAgreement *)g_ptr_array_index (list, 0))->aup_sha256);

  stored = sok_agreement_dup_signature (school->store, signed_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, drawn));
  none = sok_agreement_dup_signature (school->store, tapped, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_null (sok_agreement_dup_signature (school->store, 9999, &error));
  g_assert_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_NOT_FOUND);
}

static void
test_record_refuses_what_does_not_fit (School        *school,
                                       gconstpointer  data)
{
  g_autoptr (SokSignature) signature = draw_signature ();
  g_autoptr (SokSignature) empty = sok_signature_new ();
  gint64 owl = pupil (school, "O'Brien");
  struct
  {
    const char        *name;
    gint64             pupil_id;
    gint64             version_id;
    SokAgreementMethod method;
    SokSignature      *signature;
    const char        *says;
  } cases[] = {
    { "signed without a signature", owl, school->early, SOK_AGREEMENT_METHOD_SIGNATURE, NULL,
      "needs a signature" },
    { "signed with an empty pad", owl, school->early, SOK_AGREEMENT_METHOD_SIGNATURE, empty,
      "needs a signature" },
    { "tapped with a signature", owl, school->early, SOK_AGREEMENT_METHOD_TAP, signature,
      "has no signature" },
    { "an unknown pupil", 9999, school->early, SOK_AGREEMENT_METHOD_TAP, NULL,
      "is not on this kiosk" },
    { "an unknown AUP version", owl, 9999, SOK_AGREEMENT_METHOD_TAP, NULL,
      "is not on this kiosk" },
    { "a Year 1 pupil and the junior AUP", owl, school->junior, SOK_AGREEMENT_METHOD_TAP, NULL,
      "is in the early band but AUP version" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("case: %s", cases[i].name);
      g_assert_false (sok_agreement_record (school->store, cases[i].pupil_id, cases[i].version_id,
                                            cases[i].method, FALSE, FALSE, cases[i].signature,
                                            NULL, NULL, &error));
      g_assert_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_nonnull (strstr (error->message, "not recorded"));
      g_assert_cmpuint (count_agreements (school->store), ==, 0);
    }
}

/* The record is committed before sok_agreement_record() returns: another connection
 * (the kiosk after a power cut, or sokctl) sees it at once. */
static void
test_record_is_committed (School        *school,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) other = NULL;

  g_assert_true (sok_agreement_record (school->store, pupil (school, "Khan"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, NULL, NULL,
                                       &error));
  g_assert_no_error (error);
  other = sok_store_open (school->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_agreements (other), ==, 1);
}

static void
test_status_same_year_and_changed_words (School        *school,
                                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) september = g_date_time_new_local (2026, 9, 10, 10, 0, 0);
  g_autoptr (GDateTime) july = g_date_time_new_local (2027, 7, 20, 10, 0, 0);
  g_autoptr (SokAup) changed = NULL;
  g_autofree char *shipped = NULL;
  g_autofree char *override = NULL;
  gint64 jack = pupil (school, "Morgan");
  gint64 new_version = 0;
  SokAgreementStatus status = 99;

  g_assert_true (sok_agreement_status_for_pupil (school->store, jack, school->junior, 2026,
                                                 &status, &error));
  g_assert_cmpint (status, ==, SOK_AGREEMENT_STATUS_NONE);

  g_assert_true (sok_agreement_record (school->store, jack, school->junior,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, september,
                                       NULL, &error));
  g_assert_true (sok_agreement_status_for_pupil (school->store, jack, school->junior, 2026,
                                                 &status, &error));
  g_assert_cmpint (status, ==, SOK_AGREEMENT_STATUS_AGREED_CURRENT);

  /* The next school year starts afresh. */
  g_assert_true (sok_agreement_status_for_pupil (school->store, jack, school->junior, 2027,
                                                 &status, &error));
  g_assert_cmpint (status, ==, SOK_AGREEMENT_STATUS_NONE);

  /* The school changes the words: a new version, and Jack is asked again. */
  {
    g_autofree char *path = g_build_filename (sok_paths_get_shipped_dir (), "aup", "junior.ini",
                                              NULL);

    g_assert_true (g_file_get_contents (path, &shipped, NULL, &error));
  }
  override = g_strconcat (shipped, "\n[Rule charge-devices]\ntext=I will only charge devices "
                          "where a grown-up says.\nicon=rule-trusted-sites\n", NULL);
  {
    g_autofree char *aup_dir = g_build_filename (school->dir, "aup", NULL);
    g_autofree char *path = g_build_filename (aup_dir, "junior.ini", NULL);

    g_assert_cmpint (g_mkdir_with_parents (aup_dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (path, override, -1, &error));
  }
  changed = sok_aup_load (school->dir, SOK_AGE_BAND_JUNIOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sok_aup_get_is_override (changed));
  g_assert_true (sok_aup_ensure_version (school->store, changed, &new_version, &error));
  g_assert_cmpint (new_version, !=, school->junior);
  g_assert_true (sok_agreement_status_for_pupil (school->store, jack, new_version, 2026,
                                                 &status, &error));
  g_assert_cmpint (status, ==, SOK_AGREEMENT_STATUS_AGREED_OLDER_VERSION);

  /* Agreeing again to the new words, later in the same school year, is current. */
  g_assert_true (sok_agreement_record (school->store, jack, new_version,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, july,
                                       NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sok_agreement_status_for_pupil (school->store, jack, new_version, 2026,
                                                 &status, &error));
  g_assert_cmpint (status, ==, SOK_AGREEMENT_STATUS_AGREED_CURRENT);
  g_assert_cmpuint (count_agreements (school->store), ==, 2);
}

static void
test_parent_endorsement_keeps_first_time (School        *school,
                                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) first = g_date_time_new_local (2026, 9, 15, 18, 0, 0);
  g_autoptr (GDateTime) second = g_date_time_new_local (2026, 9, 20, 18, 0, 0);
  g_autoptr (GPtrArray) list = NULL;
  gint64 id = 0;

  g_assert_true (sok_agreement_record (school->store, pupil (school, "Evans"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, TRUE, FALSE, NULL, NULL, &id,
                                       &error));
  g_assert_true (sok_agreement_endorse_by_parent (school->store, id, first, &error));
  g_assert_true (sok_agreement_endorse_by_parent (school->store, id, second, &error));
  g_assert_no_error (error);

  list = sok_agreement_list (school->store, "owls", 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((SokAgreement *)g_ptr_array_index (list, 0))->forename, ==, "Siân");
  g_assert_cmpint (((SokAgreement *)g_ptr_array_index (list, 0))->parent_endorsed_at, ==,
                   g_date_time_to_unix (first));

  g_assert_false (sok_agreement_endorse_by_parent (school->store, 4242, NULL, &error));
  g_assert_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_NOT_FOUND);
}

static void
test_list_filters_by_class_and_year (School        *school,
                                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) y2025 = g_date_time_new_local (2026, 3, 1, 10, 0, 0);
  g_autoptr (GDateTime) y2026 = g_date_time_new_local (2026, 9, 8, 10, 0, 0);
  struct { const char *klass; int year; guint n; } cases[] = {
    { NULL, 0, 5 }, { NULL, 2025, 2 }, { NULL, 2026, 3 }, { "Owls", 0, 3 }, { "OWLS", 2026, 2 },
    { "badgers", 2025, 1 }, { "Badgers", 2024, 0 }, { "Hedgehogs", 0, 0 },
  };

  g_assert_true (sok_agreement_record (school->store, pupil (school, "O'Brien"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, y2025, NULL,
                                       &error));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "Morgan"), school->junior,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, y2025, NULL,
                                       &error));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "O'Brien"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, y2026, NULL,
                                       &error));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "Khan"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, y2026, NULL,
                                       &error));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "Wiśniewska"), school->junior,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, y2026, NULL,
                                       &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) list = sok_agreement_list (school->store, cases[i].klass,
                                                       cases[i].year, &error);

      g_test_message ("class %s, year %d", cases[i].klass, cases[i].year);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, cases[i].n);
      for (guint j = 0; j < list->len; j++)
        {
          SokAgreement *a = g_ptr_array_index (list, j);

          if (cases[i].year)
            g_assert_cmpint (a->school_year, ==, cases[i].year);
          if (cases[i].klass)
            g_assert_cmpint (g_ascii_strcasecmp (a->class_name, cases[i].klass), ==, 0);
          /* Sorted by school year first. */
          if (j > 0)
            g_assert_cmpint (a->school_year, >=,
                             ((SokAgreement *)g_ptr_array_index (list, j - 1))->school_year);
        }
    }
}

static SokClassCompletion *
completion_of (GPtrArray  *list,
               const char *name)
{
  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    {
      SokClassCompletion *c = g_ptr_array_index (list, i);

      if (g_str_equal (c->class_name, name))
        return c;
    }
  g_error ("no completion for class “%s”", name);
}

static void
test_class_completion (School        *school,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) last_year = g_date_time_new_local (2026, 6, 1, 10, 0, 0);
  g_autoptr (GDateTime) this_year = g_date_time_new_local (2026, 9, 8, 10, 0, 0);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GPtrArray) any = NULL;
  g_autoptr (SokSignature) signature = draw_signature ();
  SokClassCompletion *owls, *badgers;
  gint64 old_version = 0;

  /* An older junior text one Badger agreed to this year; Oliver agreed last year only;
   * Siân and Amir agreed this year; Jack signed the current text. */
  g_assert_true (sok_store_exec (school->store,
                                 "INSERT INTO aup_versions (band, locale, sha256, content, first_shown) "
                                 "VALUES ('junior', 'en', 'old', 'old words', 0)", &error));
  old_version = sqlite3_last_insert_rowid (sok_store_get_db (school->store));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "O'Brien"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, last_year,
                                       NULL, &error));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "Evans"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, TRUE, FALSE, NULL, this_year,
                                       NULL, &error));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "Khan"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, TRUE, FALSE, NULL, this_year,
                                       NULL, &error));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "Khan"), school->early,
                                       SOK_AGREEMENT_METHOD_TAP, TRUE, FALSE, NULL, this_year,
                                       NULL, &error));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "Morgan"), school->junior,
                                       SOK_AGREEMENT_METHOD_SIGNATURE, FALSE, FALSE, signature,
                                       this_year, NULL, &error));
  g_assert_true (sok_agreement_record (school->store, pupil (school, "Wiśniewska"), old_version,
                                       SOK_AGREEMENT_METHOD_TAP, FALSE, FALSE, NULL, this_year,
                                       NULL, &error));
  g_assert_no_error (error);

  list = sok_agreement_class_completion (school->store, 2026, school->early, school->junior,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* By year group: Owls (Year 1) before Badgers (Year 4). */
  g_assert_cmpstr (((SokClassCompletion *)g_ptr_array_index (list, 0))->class_name, ==, "Owls");

  owls = completion_of (list, "Owls");
  g_assert_cmpint (owls->year_group, ==, 1);
  g_assert_cmpuint (owls->n_pupils, ==, 3);
  /* Amir's two promises count once. */
  g_assert_cmpuint (owls->n_promised, ==, 2);
  g_assert_cmpuint (owls->not_yet->len, ==, 1);
  g_assert_cmpint (g_array_index (owls->not_yet, gint64, 0), ==, pupil (school, "O'Brien"));

  badgers = completion_of (list, "Badgers");
  g_assert_cmpuint (badgers->n_pupils, ==, 2);
  g_assert_cmpuint (badgers->n_promised, ==, 1);
  g_assert_cmpuint (badgers->not_yet->len, ==, 1);
  g_assert_cmpint (g_array_index (badgers->not_yet, gint64, 0), ==, pupil (school, "Wiśniewska"));

  /* With no version given, any promise this school year counts. */
  any = sok_agreement_class_completion (school->store, 2026, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (completion_of (any, "Badgers")->n_promised, ==, 2);
  g_assert_cmpuint (completion_of (any, "Badgers")->not_yet->len, ==, 0);
  g_assert_cmpuint (completion_of (any, "Owls")->n_promised, ==, 2);
}

static void
test_class_completion_lists_every_pupil_in_order (School        *school,
                                                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = sok_agreement_class_completion (school->store, 2026,
                                                               school->early, school->junior,
                                                               &error);
  SokClassCompletion *owls = completion_of (list, "Owls");
  gint64 expected[] = { pupil (school, "Khan"), pupil (school, "O'Brien"),
                        pupil (school, "Evans") };

  g_assert_no_error (error);
  g_assert_cmpuint (owls->n_promised, ==, 0);
  g_assert_cmpuint (owls->not_yet->len, ==, G_N_ELEMENTS (expected));
  /* By forename, as the teacher reads the list: Amir, Oliver, Siân. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (owls->not_yet, gint64, i), ==, expected[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/agreement/school-year/runs-september-to-august",
                   test_school_year_runs_september_to_august);
  g_test_add_func ("/agreement/signature/round-trip-is-small", test_signature_round_trip_is_small);
  g_test_add_func ("/agreement/signature/caps-and-resting-finger",
                   test_signature_caps_and_resting_finger);
  g_test_add_func ("/agreement/signature/garbage-refused", test_signature_garbage_refused);
  g_test_add ("/agreement/record/tap-and-signature", School, NULL, school_set_up,
              test_record_tap_and_signature, school_tear_down);
  g_test_add ("/agreement/record/refuses-what-does-not-fit-and-records-nothing", School, NULL,
              school_set_up, test_record_refuses_what_does_not_fit, school_tear_down);
  g_test_add ("/agreement/record/committed-before-it-returns", School, NULL, school_set_up,
              test_record_is_committed, school_tear_down);
  g_test_add ("/agreement/status/same-year-recognised-and-changed-words-ask-again", School, NULL,
              school_set_up, test_status_same_year_and_changed_words, school_tear_down);
  g_test_add ("/agreement/parent/endorsement-keeps-first-time", School, NULL, school_set_up,
              test_parent_endorsement_keeps_first_time, school_tear_down);
  g_test_add ("/agreement/list/filters-by-class-and-year", School, NULL, school_set_up,
              test_list_filters_by_class_and_year, school_tear_down);
  g_test_add ("/agreement/completion/counts-current-words-this-year", School, NULL,
              school_set_up, test_class_completion, school_tear_down);
  g_test_add ("/agreement/completion/lists-who-has-not-by-forename", School, NULL,
              school_set_up, test_class_completion_lists_every_pupil_in_order, school_tear_down);

  return g_test_run ();
}
