/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-report"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sched.h>
#include <sodium.h>
#include <sys/mount.h>
#include <unistd.h>

#include "sok-case.h"
#include "sok-config.h"
#include "sok-outbox.h"
#include "sok-report.h"
#include "sok-seal.h"
#include "sok-store.h"
#include "test-util.h"

#define PASSPHRASE "a quiet place to tell"

typedef struct
{
  char      *root;
  char      *data_dir;
  char      *public_key;
  SokConfig *config;
  SokStore  *store;
  SokDslKey *key;
} Kiosk;

static void
kiosk_clear (Kiosk *kiosk)
{
  g_clear_object (&kiosk->store);
  g_clear_object (&kiosk->config);
  g_clear_pointer (&kiosk->key, sok_dsl_key_free);
  /* Sealed reports and keys do not stay behind in /tmp. */
  if (kiosk->root != NULL)
    sok_test_remove_tree (kiosk->root);
  g_clear_pointer (&kiosk->root, g_free);
  g_clear_pointer (&kiosk->data_dir, g_free);
  g_clear_pointer (&kiosk->public_key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Kiosk, kiosk_clear)

/* Sets up a kiosk in @root (made when NULL), with a DSL key pair when @with_key. */
static void
kiosk_init (Kiosk      *kiosk,
            const char *root,
            gboolean    with_key)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *keys_dir = NULL;
  g_autofree char *queue = NULL;

  kiosk->root = root ? g_strdup (root) : g_dir_make_tmp ("sok-report-XXXXXX", &error);
  g_assert_no_error (error);
  kiosk->data_dir = g_build_filename (kiosk->root, "kiosk", NULL);
  keys_dir = g_build_filename (kiosk->root, "dsl", NULL);
  queue = g_strconcat ("sqlite:", kiosk->root, "/queue.db", NULL);

  g_assert_true (sok_store_ensure_data_dir (kiosk->data_dir, &error));
  kiosk->config = sok_config_new (kiosk->data_dir);
  g_assert_true (sok_config_set_value (kiosk->config, "school-name", "Test School", &error));
  g_assert_true (sok_config_set_value (kiosk->config, "kiosk-id", "kiosk-test", &error));
  g_assert_true (sok_config_set_value (kiosk->config, "queue", queue, &error));
  g_assert_no_error (error);

  if (with_key)
    {
      kiosk->public_key = sok_test_make_dsl_keys (keys_dir, PASSPHRASE, &kiosk->key);
      g_assert_true (sok_config_set_value (kiosk->config, "dsl-public-key", kiosk->public_key,
                                           &error));
      g_assert_no_error (error);
    }

  g_assert_true (sok_config_save (kiosk->config, &error));
  g_assert_no_error (error);
  kiosk->store = sok_store_open (kiosk->data_dir, &error);
  g_assert_no_error (error);
}

/* Opens every report in the outbox; returns the envelopes by report id. */
static GHashTable *
open_outbox (Kiosk *kiosk)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = sok_outbox_list (kiosk->store, 0, &error);
  GHashTable *envelopes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify)json_node_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      SokOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr (JsonNode) opened = sok_test_open_envelope (kiosk->key, item->sealed);
      JsonObject *envelope = json_node_get_object (opened);

      g_assert_cmpstr (json_object_get_string_member (envelope, "report_id"), ==, item->report_id);
      g_assert_cmpstr (json_object_get_string_member (envelope, "kiosk_id"), ==, item->kiosk_id);
      g_assert_true (json_object_get_boolean_member (envelope, "urgent") == item->urgent);
      g_hash_table_insert (envelopes, g_strdup (item->report_id), json_node_ref (opened));
    }

  return envelopes;
}

static JsonObject *
parse_object (const char *json,
              JsonParser *parser)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static SokReportDraft *
make_draft (const char *text)
{
  SokReportDraft *draft = sok_report_draft_new ();

  sok_report_draft_set_category (draft, "unkind-to-me", "conduct");
  sok_report_draft_set_where (draft, "game");
  sok_report_draft_set_feeling (draft, "sad");
  sok_report_draft_set_locale (draft, "en_GB");
  sok_report_draft_set_text (draft, text, -1);
  return draft;
}

/* --- the draft's text ------------------------------------------------------------ */

static void
test_text_keeps_what_was_typed (void)
{
  static const char * const texts[] = {
    "Someone in my game said I was stupid",
    "they sent 😡😡 and 👻 then 🏳️‍🌈 and 👨‍👩‍👧",
    "شخص ما أرسل لي رسالة مخيفة",
    "מישהו אמר לי דברים רעים",
    "English then עברית then العربية\u200f then 123",
    "two\nlines\twith a tab",
  };
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_assert_cmpint (sok_report_draft_set_text (draft, texts[i], -1), ==, SOK_REPORT_TEXT_UNCHANGED);
      g_assert_cmpstr (sok_report_draft_get_text (draft), ==, texts[i]);
    }
}

static void
test_text_capped (void)
{
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  g_autoptr (GString) ascii = g_string_new (NULL);
  g_autoptr (GString) wide = g_string_new (NULL);
  const char *kept;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (ascii, (char)('a' + i % 26));
  g_assert_cmpint (sok_report_draft_set_text (draft, ascii->str, (gssize)ascii->len), ==,
                   SOK_REPORT_TEXT_CAPPED);
  kept = sok_report_draft_get_text (draft);
  g_assert_cmpint (g_utf8_strlen (kept, -1), ==, SOK_REPORT_MAX_TEXT);
  g_assert_cmpint (strncmp (kept, ascii->str, SOK_REPORT_MAX_TEXT), ==, 0);

  /* Characters, not bytes: 100,000 emoji keep 2000 whole emoji. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (wide, i % 2 ? "😀" : "ש");
  g_assert_cmpint (sok_report_draft_set_text (draft, wide->str, -1), ==, SOK_REPORT_TEXT_CAPPED);
  kept = sok_report_draft_get_text (draft);
  g_assert_true (g_utf8_validate (kept, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (kept, -1), ==, SOK_REPORT_MAX_TEXT);
  g_assert_cmpint (strncmp (kept, wide->str, strlen (kept)), ==, 0);

  /* Exactly at the limit is not capped. */
  g_string_truncate (ascii, SOK_REPORT_MAX_TEXT);
  g_assert_cmpint (sok_report_draft_set_text (draft, ascii->str, -1), ==, SOK_REPORT_TEXT_UNCHANGED);
}

static void
test_text_invalid_utf8_repaired (void)
{
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  /* A stray byte, an overlong encoding, a surrogate, and a sequence cut short at the
   * end, as a broken keyboard path might deliver. */
  const char bad[] = "abc\xff" "def\xc0\xaf" "g\xed\xa0\x80" "h\xe2\x82";

  g_assert_cmpint (sok_report_draft_set_text (draft, bad, sizeof bad - 1), ==,
                   SOK_REPORT_TEXT_REPAIRED);
  g_assert_true (g_utf8_validate (sok_report_draft_get_text (draft), -1, NULL));
  g_assert_cmpstr (sok_report_draft_get_text (draft), ==,
                   "abc\uFFFD" "def\uFFFD\uFFFD" "g\uFFFD\uFFFD\uFFFD" "h\uFFFD\uFFFD");
}

static void
test_text_control_characters_removed (void)
{
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  const char typed[] = "a\x01" "b\x1b[31mc\x7f\r\nd\te\xc2\x85" "f\rg\0h";

  g_assert_cmpint (sok_report_draft_set_text (draft, typed, sizeof typed - 1), ==,
                   SOK_REPORT_TEXT_CONTROL_REMOVED);
  g_assert_cmpstr (sok_report_draft_get_text (draft), ==, "ab[31mc\nd\tef\ngh");

  /* "\r\n" alone is a line end, not a removal worth telling anyone about. */
  g_assert_cmpint (sok_report_draft_set_text (draft, "one\r\ntwo", -1), ==,
                   SOK_REPORT_TEXT_UNCHANGED);
  g_assert_cmpstr (sok_report_draft_get_text (draft), ==, "one\ntwo");

  g_assert_cmpint (sok_report_draft_set_text (draft, NULL, -1), ==, SOK_REPORT_TEXT_UNCHANGED);
  g_assert_null (sok_report_draft_get_text (draft));
}

/* --- drawing ------------------------------------------------------------------- */

/* Decodes a drawing as the DSL's console does, from the JSON the draft gives. */
static SokCaseReport *
parse_drawing_json (const char *drawing_json)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"format\":1,\"report_id\":\"r\",\"drawing\":%s}",
                                           drawing_json);
  g_autoptr (GBytes) bytes = g_bytes_new (json, strlen (json));
  SokCaseReport *report = sok_case_report_parse (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
test_drawing_capped_and_encoded (void)
{
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  g_autoptr (SokCaseReport) report = NULL;
  g_autoptr (SokCaseReport) full = NULL;
  char *json;
  GArray *stroke;
  guint n = 0;
  guint s;

  g_assert_null (sok_report_draft_dup_drawing_json (draft));
  g_assert_false (sok_report_draft_add_point (draft, 1, 1));

  sok_report_draft_set_canvas_size (draft, 400, 300);
  g_assert_true (sok_report_draft_begin_stroke (draft));
  g_assert_true (sok_report_draft_add_point (draft, 10.4f, 20.6f));
  g_assert_true (sok_report_draft_add_point (draft, 10.1f, 21.2f)); /* the same unit: dropped */
  g_assert_true (sok_report_draft_add_point (draft, -5, 999));  /* kept at the edge */
  g_assert_true (sok_report_draft_add_point (draft, NAN, 3));   /* ignored */
  g_assert_true (sok_report_draft_begin_stroke (draft));
  g_assert_true (sok_report_draft_begin_stroke (draft));        /* empty one reused */
  g_assert_true (sok_report_draft_add_point (draft, 399, 0));
  g_assert_cmpuint (sok_report_draft_get_n_strokes (draft), ==, 2);
  g_assert_cmpuint (sok_report_draft_get_n_points (draft), ==, 3);
  g_assert_nonnull (sok_report_draft_get_stroke (draft, 1, &n));
  g_assert_cmpuint (n, ==, 1);

  /* Packed: 0x01, 2 strokes; 2 points (10,21) (0,300) as zigzag steps; 1 point (399,0). */
  json = sok_report_draft_dup_drawing_json (draft);
  g_assert_cmpstr (json, ==, "{\"width\":400,\"height\":300,\"packed\":\"AQICFCoTrgQBngYA\"}");
  report = parse_drawing_json (json);
  sok_report_secret_free (json);
  g_assert_cmpuint (report->drawing_width, ==, 400);
  g_assert_cmpuint (report->drawing_height, ==, 300);
  g_assert_cmpuint (report->strokes->len, ==, 2);
  stroke = report->strokes->pdata[0];
  g_assert_cmpuint (stroke->len, ==, 2);
  g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, 0).x, ==, 10);
  g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, 0).y, ==, 21);
  g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, 1).x, ==, 0);
  g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, 1).y, ==, 300);
  stroke = report->strokes->pdata[1];
  g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, 0).x, ==, 399);

  /* Strokes stop at SOK_REPORT_MAX_STROKES. */
  sok_report_draft_clear_drawing (draft);
  for (s = 0; s < SOK_REPORT_MAX_STROKES; s++)
    {
      g_assert_true (sok_report_draft_begin_stroke (draft));
      g_assert_true (sok_report_draft_add_point (draft, s, s));
    }
  g_assert_false (sok_report_draft_begin_stroke (draft));
  g_assert_cmpuint (sok_report_draft_get_n_strokes (draft), ==, SOK_REPORT_MAX_STROKES);

  /* Points that simplifying cannot thin (every one a corner) stop at
   * SOK_REPORT_MAX_POINTS, and all of them reach the DSL. */
  sok_report_draft_clear_drawing (draft);
  g_assert_true (sok_report_draft_begin_stroke (draft));
  for (guint i = 0; i < SOK_REPORT_MAX_POINTS; i++)
    g_assert_true (sok_report_draft_add_point (draft, i % 2 ? 399 - (i * 7) % 50 : (i * 13) % 50,
                                               i % 4 < 2 ? 299 - (i * 11) % 40 : (i * 17) % 40));
  g_assert_cmpuint (sok_report_draft_get_n_points (draft), ==, SOK_REPORT_MAX_POINTS);
  g_assert_false (sok_report_draft_add_point (draft, 1, 1));
  g_assert_false (sok_report_draft_begin_stroke (draft));

  json = sok_report_draft_dup_drawing_json (draft);
  full = parse_drawing_json (json);
  sok_report_secret_free (json);
  g_assert_cmpuint (full->strokes->len, ==, 1);
  g_assert_cmpuint (((GArray *)full->strokes->pdata[0])->len, ==, SOK_REPORT_MAX_POINTS);
}

/* The distance from (x, y) to the nearest line of a decoded drawing. */
static double
distance_to_drawing (const SokCaseReport *report,
                     double               x,
                     double               y)
{
  double best = G_MAXDOUBLE;

  for (guint s = 0; s < report->strokes->len; s++)
    {
      GArray *stroke = report->strokes->pdata[s];

      for (guint i = 0; i < stroke->len; i++)
        {
          const SokCasePoint *a = &g_array_index (stroke, SokCasePoint, i);
          const SokCasePoint *b = &g_array_index (stroke, SokCasePoint, MIN (i + 1, stroke->len - 1));
          double dx = b->x - a->x, dy = b->y - a->y;
          double len2 = dx * dx + dy * dy;
          double t = len2 > 0 ? CLAMP (((x - a->x) * dx + (y - a->y) * dy) / len2, 0, 1) : 0;

          best = MIN (best, hypot (x - (a->x + t * dx), y - (a->y + t * dy)));
        }
    }

  return best;
}

/* A long drawing of smooth strokes, as a finger makes them (a point every 4 units or
 * so), has more points than the cap: simplifying makes room for all of it, and every
 * point drawn is within the stated tolerance of what the DSL sees. */
static void
test_drawing_simplified_within_tolerance (void)
{
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  g_autoptr (SokCaseReport) report = NULL;
  g_autoptr (GArray) drawn = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  g_autoptr (GRand) rand = g_rand_new_with_seed (12);
  guint strokes = 0;
  char *json;

  sok_report_draft_set_canvas_size (draft, 1280, 800);
  while (drawn->len < 20000 && strokes < SOK_REPORT_MAX_STROKES)
    {
      /* Loops and waves: a child's scribbled sun, a wobbly line. */
      double cx = g_rand_double_range (rand, 100, 1180), cy = g_rand_double_range (rand, 100, 700);
      double r = g_rand_double_range (rand, 20, 90);
      double turns = g_rand_double_range (rand, 1, 4);
      guint n = (guint)(turns * 2 * G_PI * r / 4);

      g_assert_true (sok_report_draft_begin_stroke (draft));
      strokes++;
      for (guint i = 0; i < n && drawn->len < 20000; i++)
        {
          double a = 2 * G_PI * turns * i / n;
          double xy[2] = { round (cx + r * cos (a) + 10 * sin (5 * a)),
                           round (cy + r * sin (a)) };

          g_assert_true (sok_report_draft_add_point (draft, (float)xy[0], (float)xy[1]));
          g_array_append_vals (drawn, xy, 1);
        }
    }
  g_assert_cmpuint (drawn->len, ==, 20000);
  g_assert_cmpuint (sok_report_draft_get_n_points (draft), <=, SOK_REPORT_MAX_POINTS);
  g_test_message ("%u points drawn in %u strokes, %u kept", drawn->len, strokes,
                  sok_report_draft_get_n_points (draft));

  json = sok_report_draft_dup_drawing_json (draft);
  report = parse_drawing_json (json);
  sok_report_secret_free (json);
  g_assert_cmpuint (report->strokes->len, ==, strokes);
  for (guint i = 0; i < drawn->len; i++)
    {
      const double *xy = &g_array_index (drawn, double, i * 2);
      double d = distance_to_drawing (report, xy[0], xy[1]);

      if (d > SOK_REPORT_DRAWING_TOLERANCE + 1e-4)
        g_error ("point %u (%g, %g) is %g units from the drawing the DSL sees", i, xy[0],
                 xy[1], d);
    }
}

/* --- the envelope -------------------------------------------------------------- */

static void
test_envelope_coarse_time_only (void)
{
  static const char * const expected_members[] = {
    "format", "report_id", "kiosk_id", "date", "part_of_day", "locale", "category",
    "risk_area", "where", "feeling", "text", "drawing", "wants_talk", "urgent", "age_band",
    "follow_up",
  };
  g_autoptr (SokReportDraft) draft = make_draft ("hello");
  g_autoptr (GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr (GDateTime) morning = g_date_time_new (tz, 2026, 11, 23, 9, 41, 27.5);
  g_autoptr (GDateTime) afternoon = g_date_time_new (tz, 2026, 3, 2, 13, 5, 0);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonParser) parser2 = json_parser_new ();
  g_autoptr (GList) members = NULL;
  char *json;
  JsonObject *envelope;

  json = sok_report_draft_dup_envelope_json (draft, "id-1", "kiosk-9", morning);
  envelope = parse_object (json, parser);
  g_assert_cmpstr (json_object_get_string_member (envelope, "date"), ==, "2026-11-23");
  g_assert_cmpstr (json_object_get_string_member (envelope, "part_of_day"), ==, "morning");
  /* Nothing finer than the part of the day, anywhere in the envelope. */
  g_assert_null (strstr (json, "09"));
  g_assert_null (strstr (json, "41"));
  g_assert_null (strstr (json, "27"));
  members = json_object_get_members (envelope);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (expected_members));
  for (guint i = 0; i < G_N_ELEMENTS (expected_members); i++)
    g_assert_true (json_object_has_member (envelope, expected_members[i]));
  g_assert_cmpstr (json_object_get_string_member (envelope, "category"), ==, "unkind-to-me");
  g_assert_cmpstr (json_object_get_string_member (envelope, "risk_area"), ==, "conduct");
  g_assert_cmpstr (json_object_get_string_member (envelope, "text"), ==, "hello");
  g_assert_true (json_object_get_null_member (envelope, "drawing"));
  g_assert_true (json_object_get_null_member (envelope, "age_band"));
  sok_report_secret_free (json);

  json = sok_report_draft_dup_envelope_json (draft, "id-2", "kiosk-9", afternoon);
  envelope = parse_object (json, parser2);
  g_assert_cmpstr (json_object_get_string_member (envelope, "date"), ==, "2026-03-02");
  g_assert_cmpstr (json_object_get_string_member (envelope, "part_of_day"), ==, "afternoon");
  sok_report_secret_free (json);
}

static void
test_envelope_anonymous_has_no_name (void)
{
  g_autoptr (SokReportDraft) draft = make_draft ("they laughed at me");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonParser) parser2 = json_parser_new ();
  char *json;
  JsonObject *envelope;

  sok_report_draft_set_pupil (draft, "pupil-17", "Ava Example", 4);
  sok_report_draft_set_wants_talk (draft, FALSE);

  json = sok_report_draft_dup_envelope_json (draft, "id-1", "kiosk-9", NULL);
  envelope = parse_object (json, parser);
  g_assert_false (json_object_has_member (envelope, "name"));
  g_assert_false (json_object_has_member (envelope, "pupil_id"));
  g_assert_null (strstr (json, "Ava"));
  g_assert_null (strstr (json, "pupil-17"));
  /* Anonymous means no age band either: a year group can tell who it was. */
  g_assert_true (json_object_get_null_member (envelope, "age_band"));
  g_assert_null (strstr (json, "7-9"));
  g_assert_false (json_object_get_boolean_member (envelope, "wants_talk"));
  sok_report_secret_free (json);

  /* Asking a grown-up to talk is what puts the name in. */
  sok_report_draft_set_wants_talk (draft, TRUE);
  json = sok_report_draft_dup_envelope_json (draft, "id-1", "kiosk-9", NULL);
  envelope = parse_object (json, parser2);
  g_assert_cmpstr (json_object_get_string_member (envelope, "name"), ==, "Ava Example");
  g_assert_cmpstr (json_object_get_string_member (envelope, "pupil_id"), ==, "pupil-17");
  g_assert_cmpstr (json_object_get_string_member (envelope, "age_band"), ==, "7-9");
  g_assert_true (json_object_get_boolean_member (envelope, "wants_talk"));
  sok_report_secret_free (json);

  /* Forgetting who they are takes the age band away too. */
  sok_report_draft_set_pupil (draft, NULL, NULL, -1);
  g_assert_null (sok_report_draft_get_age_band (draft));
}

/* The largest report the caps allow: the longest text in 4-byte characters, the
 * longest name likewise, ids that escape to six times their length, and the drawing
 * that packs worst: every stroke, every point, each a step of thousands of units that
 * simplifying cannot thin. */
static SokReportDraft *
make_worst_case_draft (void)
{
  SokReportDraft *draft = sok_report_draft_new ();
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) name = g_string_new (NULL);
  g_autofree char *id = g_strnfill (SOK_REPORT_MAX_ID, '\x01');
  guint per_stroke = SOK_REPORT_MAX_POINTS / SOK_REPORT_MAX_STROKES;

  for (guint i = 0; i < SOK_REPORT_MAX_TEXT + 10; i++)
    g_string_append_unichar (text, 0x1F600 + i % 64);
  for (guint i = 0; i < SOK_REPORT_MAX_NAME + 10; i++)
    g_string_append_unichar (name, 0x1F300 + i % 64);

  sok_report_draft_set_category (draft, id, "commerce");
  sok_report_draft_set_where (draft, id);
  sok_report_draft_set_feeling (draft, id);
  sok_report_draft_set_locale (draft, id);
  g_assert_cmpint (sok_report_draft_set_text (draft, text->str, -1), ==, SOK_REPORT_TEXT_CAPPED);
  sok_report_draft_set_pupil (draft, id, name->str, 6);
  sok_report_draft_set_wants_talk (draft, TRUE);
  sok_report_draft_set_urgent (draft, TRUE);

  sok_report_draft_set_canvas_size (draft, SOK_REPORT_MAX_CANVAS, SOK_REPORT_MAX_CANVAS);
  for (guint s = 0; s < SOK_REPORT_MAX_STROKES; s++)
    {
      g_assert_true (sok_report_draft_begin_stroke (draft));
      for (guint i = 0; i < per_stroke; i++)
        {
          guint k = s * per_stroke + i;
          float x = i % 2 ? SOK_REPORT_MAX_CANVAS - (k * 7) % 500 : (k * 13) % 500;
          float y = i % 4 < 2 ? SOK_REPORT_MAX_CANVAS - (k * 11) % 700 : (k * 17) % 700;

          g_assert_true (sok_report_draft_add_point (draft, x, y));
        }
    }
  g_assert_false (sok_report_draft_begin_stroke (draft));
  g_assert_cmpuint (sok_report_draft_get_n_points (draft), ==, SOK_REPORT_MAX_POINTS);

  return draft;
}

/* The largest report's JSON leaves the stated headroom in the fixed envelope. */
static void
test_envelope_worst_case_fits (void)
{
  g_autoptr (SokReportDraft) draft = make_worst_case_draft ();
  g_autofree char *id = g_strnfill (SOK_REPORT_MAX_ID, '\x01');
  g_autoptr (JsonParser) parser = json_parser_new ();
  char *json = sok_report_draft_dup_envelope_json (draft, id, id, NULL);
  gsize room = SOK_REPORT_ENVELOPE_SIZE - crypto_box_SEALBYTES - SOK_REPORT_ENVELOPE_HEADROOM;

  g_test_message ("the largest report is %zu bytes of JSON; %zu may be sealed, %d of them "
                  "kept free", strlen (json), room + SOK_REPORT_ENVELOPE_HEADROOM,
                  SOK_REPORT_ENVELOPE_HEADROOM);
  g_assert_cmpuint (strlen (json), <=, room);
  parse_object (json, parser);
  sok_report_secret_free (json);
}

/* Whoever runs the queue sees each sealed envelope's size: an empty report and the
 * largest one are sealed to the same number of bytes, and the DSL gets back all of
 * both. */
static void
test_envelope_size_tells_nothing (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (SokReportDraft) empty = sok_report_draft_new ();
  g_autoptr (SokReportDraft) largest = make_worst_case_draft ();
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *long_kiosk = g_strnfill (SOK_REPORT_MAX_ID, 'k');
  g_autofree char *empty_id = NULL;
  g_autofree char *largest_id = NULL;

  kiosk_init (&kiosk, NULL, TRUE);
  g_assert_true (sok_config_set_value (kiosk.config, "kiosk-id", long_kiosk, &error));
  g_assert_no_error (error);

  g_assert_true (sok_report_send (kiosk.store, kiosk.config, empty, &empty_id, &error));
  g_assert_no_error (error);
  g_assert_true (sok_report_send (kiosk.store, kiosk.config, largest, &largest_id, &error));
  g_assert_no_error (error);

  items = sok_outbox_list (kiosk.store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  for (guint i = 0; i < items->len; i++)
    {
      SokOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr (GBytes) plain = NULL;
      g_autoptr (SokCaseReport) report = NULL;
      gboolean is_largest = g_str_equal (item->report_id, largest_id);

      g_assert_cmpuint (g_bytes_get_size (item->sealed), ==, SOK_REPORT_ENVELOPE_SIZE);

      plain = sok_seal_open (kiosk.key, item->sealed, &error);
      g_assert_no_error (error);
      report = sok_case_report_parse (plain, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (report->kiosk_id, ==, long_kiosk);

      if (!is_largest)
        {
          g_assert_null (report->text);
          g_assert_null (report->name);
          g_assert_cmpuint (report->strokes->len, ==, 0);
          continue;
        }

      g_assert_cmpstr (report->text, ==, sok_report_draft_get_text (largest));
      g_assert_cmpint (g_utf8_strlen (report->text, -1), ==, SOK_REPORT_MAX_TEXT);
      g_assert_cmpint (g_utf8_strlen (report->name, -1), ==, SOK_REPORT_MAX_NAME);
      g_assert_cmpstr (report->category, ==, sok_report_draft_get_category (largest));
      g_assert_true (report->urgent && report->wants_talk);
      g_assert_cmpuint (report->drawing_width, ==, SOK_REPORT_MAX_CANVAS);
      g_assert_cmpuint (report->strokes->len, ==, SOK_REPORT_MAX_STROKES);
      for (guint s = 0; s < report->strokes->len; s++)
        {
          GArray *stroke = report->strokes->pdata[s];
          guint n = 0;
          const SokReportPoint *drawn = sok_report_draft_get_stroke (largest, s, &n);

          g_assert_cmpuint (stroke->len, ==, n);
          for (guint k = 0; k < n; k++)
            {
              g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, k).x, ==, drawn[k].x);
              g_assert_cmpfloat (g_array_index (stroke, SokCasePoint, k).y, ==, drawn[k].y);
            }
        }
    }
}

static void
test_envelope_escapes_everything (void)
{
  g_autoptr (SokReportDraft) draft = sok_report_draft_new ();
  g_autoptr (JsonParser) parser = json_parser_new ();
  const char *tricky = "quote \" backslash \\ slash / brace } \n tab \t \u202e reversed";
  char *json;
  JsonObject *envelope;

  sok_report_draft_set_text (draft, tricky, -1);
  sok_report_draft_set_pupil (draft, "p\"1", "O'Brien \"Jo\" \\", 6);
  sok_report_draft_set_wants_talk (draft, TRUE);
  json = sok_report_draft_dup_envelope_json (draft, "id", "kiosk", NULL);
  envelope = parse_object (json, parser);
  g_assert_cmpstr (json_object_get_string_member (envelope, "text"), ==, tricky);
  g_assert_cmpstr (json_object_get_string_member (envelope, "name"), ==, "O'Brien \"Jo\" \\");
  g_assert_cmpstr (json_object_get_string_member (envelope, "age_band"), ==, "9-11");
  g_assert_true (json_object_get_null_member (envelope, "category"));
  sok_report_secret_free (json);
}

/* --- sending ------------------------------------------------------------------- */

static void
test_send_ids_are_unpredictable (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (SokReportDraft) draft = make_draft ("they took my game");
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  kiosk_init (&kiosk, NULL, TRUE);

  /* GLib's generator, seeded the same, gives the same numbers: an id drawn from it
   * could be known before the report is sent. */
  g_random_set_seed (7);
  g_assert_true (sok_report_send (kiosk.store, kiosk.config, draft, &first, &error));
  g_assert_no_error (error);
  g_random_set_seed (7);
  g_assert_true (sok_report_send (kiosk.store, kiosk.config, draft, &second, &error));
  g_assert_no_error (error);

  g_assert_true (g_uuid_string_is_valid (first));
  g_assert_true (g_uuid_string_is_valid (second));
  g_assert_cmpint (first[14], ==, '4');
  g_assert_cmpstr (first, !=, second);
}

static void
test_send_refused_without_key (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (SokReportDraft) draft = make_draft ("please help");
  g_autoptr (GError) error = NULL;
  g_auto (SokOutboxStatus) status = { 0 };
  char *id = NULL;

  kiosk_init (&kiosk, NULL, FALSE);

  g_assert_false (sok_report_send (kiosk.store, kiosk.config, draft, &id, &error));
  g_assert_error (error, SOK_REPORT_ERROR, SOK_REPORT_ERROR_NO_KEY);
  g_assert_nonnull (strstr (error->message, "sokctl config set dsl-public-key"));
  g_assert_null (id);

  g_assert_true (sok_outbox_get_status (kiosk.store, &status, NULL));
  g_assert_cmpuint (status.waiting, ==, 0);
}

static void
test_send_round_trip (void)
{
  static const char * const texts[] = {
    "Someone keeps messaging me",
    "😢 they said 🤬 in the chat 🎮",
    "مرحبا، أحدهم كان لئيما معي في اللعبة",
    "הוא כתב לי משהו מפחיד",
  };
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (GHashTable) envelopes = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) long_text = g_string_new (NULL);
  g_autofree char *bad_text = NULL;

  kiosk_init (&kiosk, NULL, TRUE);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (long_text, "xyz"[i % 3]);
  bad_text = g_strdup ("bad\xff bytes \x07 and \x1b controls");

  for (guint i = 0; i < G_N_ELEMENTS (texts) + 2; i++)
    {
      g_autoptr (SokReportDraft) draft = make_draft (NULL);
      g_autoptr (GError) error = NULL;
      char *id = NULL;

      if (i < G_N_ELEMENTS (texts))
        sok_report_draft_set_text (draft, texts[i], -1);
      else if (i == G_N_ELEMENTS (texts))
        g_assert_cmpint (sok_report_draft_set_text (draft, long_text->str, -1), ==,
                         SOK_REPORT_TEXT_CAPPED);
      else
        g_assert_cmpint (sok_report_draft_set_text (draft, bad_text, -1), ==,
                         SOK_REPORT_TEXT_REPAIRED | SOK_REPORT_TEXT_CONTROL_REMOVED);
      sok_report_draft_set_urgent (draft, i == 1);
      if (i == 2)
        {
          sok_report_draft_begin_stroke (draft);
          sok_report_draft_add_point (draft, 1, 2);
          sok_report_draft_add_point (draft, 3, 4);
        }

      g_assert_true (sok_report_send (kiosk.store, kiosk.config, draft, &id, &error));
      g_assert_no_error (error);
      g_assert_true (g_uuid_string_is_valid (id));
      g_ptr_array_add (ids, id);
    }

  envelopes = open_outbox (&kiosk);
  g_assert_cmpuint (g_hash_table_size (envelopes), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      JsonNode *node = g_hash_table_lookup (envelopes, g_ptr_array_index (ids, i));
      JsonObject *envelope;
      const char *text;

      g_assert_nonnull (node);
      envelope = json_node_get_object (node);
      text = json_object_get_string_member (envelope, "text");
      if (i < G_N_ELEMENTS (texts))
        g_assert_cmpstr (text, ==, texts[i]);
      else if (i == G_N_ELEMENTS (texts))
        {
          g_assert_cmpint (g_utf8_strlen (text, -1), ==, SOK_REPORT_MAX_TEXT);
          g_assert_cmpint (strncmp (text, long_text->str, SOK_REPORT_MAX_TEXT), ==, 0);
        }
      else
        g_assert_cmpstr (text, ==, "bad\uFFFD bytes  and  controls");
      g_assert_true (json_object_get_boolean_member (envelope, "urgent") == (i == 1));
      g_assert_cmpstr (json_object_get_string_member (envelope, "kiosk_id"), ==, "kiosk-test");
      if (i == 2)
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                           envelope, "drawing"), "packed"), ==, "AQECAgQEBA==");
    }
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  return memmem (contents, len, needle, strlen (needle)) != NULL;
}

static void
assert_dir_free_of (const char *dir,
                    const char *needle)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_dir_free_of (path, needle);
      else
        {
          if (file_contains (path, needle))
            g_error ("%s holds report content in the clear", path);
        }
    }
}

static void
test_send_leaves_no_plaintext_on_disk (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (SokReportDraft) draft = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *wal = NULL;
  const char *marker = "PurpleElephantMarker7731 said horrible things";

  kiosk_init (&kiosk, NULL, TRUE);
  draft = make_draft (marker);
  sok_report_draft_set_pupil (draft, "pupil-993", "Zebedee Marker", 3);
  sok_report_draft_set_wants_talk (draft, TRUE);

  g_assert_true (sok_report_send (kiosk.store, kiosk.config, draft, &id, &error));
  g_assert_no_error (error);

  /* With the store still open the report sits in kiosk.db-wal: look there too. */
  wal = g_build_filename (kiosk.data_dir, "kiosk.db-wal", NULL);
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  g_assert_true (file_contains (wal, id));   /* the scan can see what is there */
  assert_dir_free_of (kiosk.data_dir, "PurpleElephantMarker7731");
  assert_dir_free_of (kiosk.data_dir, "Zebedee");
  assert_dir_free_of (kiosk.data_dir, "pupil-993");

  g_clear_object (&kiosk.store);
  assert_dir_free_of (kiosk.data_dir, "PurpleElephantMarker7731");
  assert_dir_free_of (kiosk.data_dir, "Zebedee");
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask **out = user_data;

  *out = g_object_ref (G_TASK (result));
}

static void
test_send_async (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (SokReportDraft) draft = make_draft ("sent from another thread");
  g_autoptr (GTask) done = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) envelopes = NULL;
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  g_autofree char *id = NULL;
  JsonNode *node;

  kiosk_init (&kiosk, NULL, TRUE);

  sok_report_send_async (kiosk.data_dir, draft, NULL, send_done_cb, &done);
  /* The draft may be forgotten at once (quick-hide): the task has its own copy. */
  sok_report_draft_reset (draft);
  while (done == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (sok_report_send_finish (G_ASYNC_RESULT (done), &id, &error));
  g_assert_no_error (error);

  envelopes = open_outbox (&kiosk);
  node = g_hash_table_lookup (envelopes, id);
  g_assert_nonnull (node);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "text"), ==,
                   "sent from another thread");

  /* Cancelled before it started: nothing stored, and no "sent". */
  g_clear_object (&done);
  g_clear_pointer (&id, g_free);
  g_cancellable_cancel (cancelled);
  sok_report_send_async (kiosk.data_dir, draft, cancelled, send_done_cb, &done);
  while (done == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sok_report_send_finish (G_ASYNC_RESULT (done), &id, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (id);
  g_hash_table_unref (envelopes);
  envelopes = open_outbox (&kiosk);
  g_assert_cmpuint (g_hash_table_size (envelopes), ==, 1);
}

static void
test_send_async_refused_without_key (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (SokReportDraft) draft = make_draft ("hello");
  g_autoptr (GTask) done = NULL;
  g_autoptr (GError) error = NULL;

  kiosk_init (&kiosk, NULL, FALSE);
  sok_report_send_async (kiosk.data_dir, draft, NULL, send_done_cb, &done);
  while (done == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sok_report_send_finish (G_ASYNC_RESULT (done), NULL, &error));
  g_assert_error (error, SOK_REPORT_ERROR, SOK_REPORT_ERROR_NO_KEY);
}

/* --- a full disk --------------------------------------------------------------- */

/* Fills the file system holding @dir; returns the filler's path. */
static char *
fill_disk (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "filler", NULL);
  char block[4096] = { 0 };
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  for (;;)
    {
      ssize_t n = write (fd, block, sizeof block);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
    }
  /* Partial pages too, to the very last byte. */
  while (write (fd, block, 1) == 1)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);

  return g_steal_pointer (&path);
}

/* Mounts a small tmpfs on @dir in a mount namespace of this process's own, so that
 * it goes away with the process even when an assertion stops a test half-way. */
static gboolean
mount_small_disk (const char *dir,
                  const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);

  if (getuid () == 0 && unshare (CLONE_NEWNS) == 0 &&
      mount ("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == 0 &&
      mount ("tmpfs", dir, "tmpfs", 0, options) == 0)
    {
      g_test_message ("Using a %s tmpfs at %s as the full disk", size, dir);
      return TRUE;
    }

  g_test_message ("Cannot mount a tmpfs: %s", g_strerror (errno));
  return FALSE;
}

static void
test_send_on_full_disk (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) envelopes = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sok-full-XXXXXX", NULL);
  g_autofree char *filler = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *after_id = NULL;
  gboolean mounted = FALSE;
  gboolean failed = FALSE;

  g_assert_nonnull (tmp);
  mounted = mount_small_disk (tmp, "512k");
  if (!mounted)
    g_test_message ("Using SQLite's max_page_count as the full disk instead");

  kiosk_init (&kiosk, tmp, TRUE);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (SokReportDraft) draft = make_draft (NULL);
      g_autofree char *text = g_strdup_printf ("report %u before the disk filled", i);
      char *id = NULL;

      sok_report_draft_set_text (draft, text, -1);
      g_assert_true (sok_report_send (kiosk.store, kiosk.config, draft, &id, &error));
      g_assert_no_error (error);
      g_ptr_array_add (sent, id);
    }

  if (mounted)
    filler = fill_disk (tmp);
  else
    g_assert_true (sok_store_exec (kiosk.store, "PRAGMA max_page_count = 1", NULL));

  /* The log may still have room for a report or two; keep sending, as children
   * would, until the disk says no. Every Send either stores or says why. */
  for (guint i = 0; i < 500 && !failed; i++)
    {
      g_autoptr (SokReportDraft) draft = make_draft (NULL);
      g_autofree char *text = g_strdup_printf ("report %u after the disk filled", i);
      char *id = NULL;

      sok_report_draft_set_text (draft, text, -1);
      /* A big drawing fills what is left sooner. */
      sok_report_draft_begin_stroke (draft);
      for (guint p = 0; p < 5000; p++)
        sok_report_draft_add_point (draft, p % 1000, (p * 7) % 1000);

      if (sok_report_send (kiosk.store, kiosk.config, draft, &id, &error))
        g_ptr_array_add (sent, id);
      else
        {
          g_assert_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_FULL);
          /* Staff see what to do about it. */
          g_assert_nonnull (strstr (error->message, "kiosk.db"));
          g_assert_nonnull (strstr (error->message, "free some space"));
          g_assert_null (id);
          g_test_message ("Send failed as it should: %s", error->message);
          failed = TRUE;
          g_clear_error (&error);
        }
    }
  g_assert_true (failed);
  g_assert_true (sqlite3_get_autocommit (sok_store_get_db (kiosk.store)));

  /* Everything acknowledged before is still there and opens; the database is sound,
   * seen from this connection and from a fresh one. */
  envelopes = open_outbox (&kiosk);
  g_assert_cmpuint (g_hash_table_size (envelopes), ==, sent->len);
  for (guint i = 0; i < sent->len; i++)
    g_assert_true (g_hash_table_contains (envelopes, g_ptr_array_index (sent, i)));
  g_assert_true (sok_store_check_integrity (kiosk.store, &problems, &error));
  g_assert_no_error (error);
  g_assert_null (problems);

  /* Space comes back: sending works again on the same connection. */
  if (mounted)
    g_assert_cmpint (g_unlink (filler), ==, 0);
  else
    g_assert_true (sok_store_exec (kiosk.store, "PRAGMA max_page_count = 1073741823", NULL));
  {
    g_autoptr (SokReportDraft) draft = make_draft ("after space came back");

    g_assert_true (sok_report_send (kiosk.store, kiosk.config, draft, &after_id, &error));
    g_assert_no_error (error);
  }

  g_clear_object (&kiosk.store);
  kiosk.store = sok_store_open (kiosk.data_dir, &error);
  g_assert_no_error (error);
  g_hash_table_unref (envelopes);
  envelopes = open_outbox (&kiosk);
  g_assert_cmpuint (g_hash_table_size (envelopes), ==, sent->len + 1);
  g_clear_pointer (&problems, g_free);
  g_assert_true (sok_store_check_integrity (kiosk.store, &problems, &error));
  g_assert_null (problems);

  g_clear_object (&kiosk.store);
  if (mounted)
    g_assert_cmpint (umount2 (tmp, MNT_DETACH), ==, 0);
}

static gboolean
send_async_and_wait (const char      *data_dir,
                     SokReportDraft  *draft,
                     char           **out_id,
                     GError         **error)
{
  g_autoptr (GTask) done = NULL;

  sok_report_send_async (data_dir, draft, NULL, send_done_cb, &done);
  while (done == NULL)
    g_main_context_iteration (NULL, TRUE);

  return sok_report_send_finish (G_ASYNC_RESULT (done), out_id, error);
}

/* The kiosk's own Send (a worker thread opening its own connection) on a disk that
 * fills up while nothing else has the database open: it must fail with the reason,
 * never say "sent", and leave every earlier report sound. */
/* Whether this process may mount a tmpfs. Tried in a thread of its own: a mount
 * namespace belongs to the thread that unshares it, so the probe changes nothing
 * for the rest of the process (and, unlike a forked child, nothing for valgrind). */
static gpointer
probe_mount_thread (gpointer data)
{
  const char *dir = data;
  gboolean ok = unshare (CLONE_NEWNS) == 0 &&
                mount ("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == 0 &&
                mount ("tmpfs", dir, "tmpfs", 0, "size=64k") == 0;

  if (ok)
    umount2 (dir, MNT_DETACH);
  return GINT_TO_POINTER (ok);
}

static gboolean
can_mount_tmpfs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sok-probe-XXXXXX", NULL);
  gboolean ok;

  if (dir == NULL || getuid () != 0)
    return FALSE;

  ok = GPOINTER_TO_INT (g_thread_join (g_thread_new ("probe-mount", probe_mount_thread, dir)));
  g_rmdir (dir);
  return ok;
}

static void test_send_async_on_full_disk_body (void);

static void
test_send_async_on_full_disk (void)
{
  if (!can_mount_tmpfs ())
    {
      g_test_skip ("A tmpfs cannot be mounted here (it needs root); the full disk for the "
                   "kiosk's own Send path is tested only on a real small file system");
      return;
    }

  /* A mount namespace belongs to a thread: worker threads that earlier tests
   * started would not see the small disk. A fresh process has none. */
  g_test_trap_subprocess ("/report/send/async-on-full-disk-fails-and-keeps-earlier/subprocess",
                          120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_send_async_on_full_disk_body (void)
{
  g_auto (Kiosk) kiosk = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) envelopes = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("sok-full-XXXXXX", NULL);
  g_autofree char *filler = NULL;
  g_autofree char *problems = NULL;
  guint failures = 0;

  g_assert_nonnull (tmp);
  g_assert_true (mount_small_disk (tmp, "1m"));

  kiosk_init (&kiosk, tmp, TRUE);
  /* Nothing else holds the database, as on a kiosk whose staff screen is closed. */
  g_clear_object (&kiosk.store);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (SokReportDraft) draft = make_draft ("sent before the disk filled");
      char *id = NULL;

      g_assert_true (send_async_and_wait (kiosk.data_dir, draft, &id, &error));
      g_assert_no_error (error);
      g_ptr_array_add (sent, id);
    }

  filler = fill_disk (tmp);

  /* Every Send now either stores (the log may still have room) or fails with the
   * reason; after a few, all fail. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr (SokReportDraft) draft = make_draft ("sent after the disk filled");
      char *id = NULL;

      sok_report_draft_begin_stroke (draft);
      for (guint p = 0; p < 5000; p++)
        sok_report_draft_add_point (draft, p % 1000, (p * 7) % 1000);

      if (send_async_and_wait (kiosk.data_dir, draft, &id, &error))
        {
          g_ptr_array_add (sent, id);
          continue;
        }

      g_assert_null (id);
      g_assert_error (error, SOK_STORE_ERROR, SOK_STORE_ERROR_FULL);
      g_test_message ("Send failed as it should: %s", error->message);
      g_assert_nonnull (strstr (error->message, "kiosk.db"));
      failures++;
      g_clear_error (&error);
    }
  g_assert_cmpuint (failures, >=, 10);

  /* Space comes back: everything acknowledged is there, opens, and is sound. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  kiosk.store = sok_store_open (kiosk.data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (sok_store_check_integrity (kiosk.store, &problems, &error));
  g_assert_no_error (error);
  g_assert_null (problems);
  envelopes = open_outbox (&kiosk);
  g_assert_cmpuint (g_hash_table_size (envelopes), ==, sent->len);
  for (guint i = 0; i < sent->len; i++)
    g_assert_true (g_hash_table_contains (envelopes, g_ptr_array_index (sent, i)));

  g_clear_object (&kiosk.store);
  g_assert_cmpint (umount2 (tmp, MNT_DETACH), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/report/draft/text-keeps-emoji-and-right-to-left", test_text_keeps_what_was_typed);
  g_test_add_func ("/report/draft/text-capped-at-limit", test_text_capped);
  g_test_add_func ("/report/draft/invalid-utf8-repaired", test_text_invalid_utf8_repaired);
  g_test_add_func ("/report/draft/control-characters-removed", test_text_control_characters_removed);
  g_test_add_func ("/report/draft/drawing-capped-and-compact", test_drawing_capped_and_encoded);
  g_test_add_func ("/report/draft/long-drawing-simplified-within-tolerance",
                   test_drawing_simplified_within_tolerance);
  g_test_add_func ("/report/envelope/has-coarse-time-only", test_envelope_coarse_time_only);
  g_test_add_func ("/report/envelope/anonymous-has-no-name", test_envelope_anonymous_has_no_name);
  g_test_add_func ("/report/envelope/escapes-everything", test_envelope_escapes_everything);
  g_test_add_func ("/report/envelope/worst-case-fits-with-headroom", test_envelope_worst_case_fits);
  g_test_add_func ("/report/envelope/empty-and-largest-sealed-to-one-size",
                   test_envelope_size_tells_nothing);
  g_test_add_func ("/report/send/refused-without-dsl-key", test_send_refused_without_key);
  g_test_add_func ("/report/send/ids-are-unpredictable", test_send_ids_are_unpredictable);
  g_test_add_func ("/report/send/seals-exactly-what-was-typed", test_send_round_trip);
  g_test_add_func ("/report/send/leaves-no-plaintext-on-disk", test_send_leaves_no_plaintext_on_disk);
  g_test_add_func ("/report/send/async-in-own-thread", test_send_async);
  g_test_add_func ("/report/send/async-refused-without-dsl-key", test_send_async_refused_without_key);
  g_test_add_func ("/report/send/full-disk-fails-and-keeps-earlier", test_send_on_full_disk);
  g_test_add_func ("/report/send/async-on-full-disk-fails-and-keeps-earlier",
                   test_send_async_on_full_disk);
  g_test_add_func ("/report/send/async-on-full-disk-fails-and-keeps-earlier/subprocess",
                   test_send_async_on_full_disk_body);

  return g_test_run ();
}
