/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-report"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "sok-case.h"
#include "sok-config.h"
#include "sok-draw-pad.h"
#include "sok-kiosk.h"
#include "sok-outbox.h"
#include "sok-page.h"
#include "sok-report-choice-page.h"
#include "sok-report-flow.h"
#include "sok-report-flow-private.h"
#include "sok-report-in-person-page.h"
#include "sok-report-more-page.h"
#include "sok-report-send-page.h"
#include "sok-report-talk-page.h"
#include "sok-report-thanks-page.h"
#include "sok-roster.h"
#include "sok-seal-private.h"
#include "sok-store.h"
#include "sok-sync.h"
#include "sok-tile.h"
#include "sok-ui-test.h"
#include "silent-endpoint.h"
#include "sok-window.h"
#include "sok-window-private.h"

/* The "Tell a grown-up" flow, driven as a child would: by tapping the tiles and keys
 * the child sees, found by their words (their accessible names). What the kiosk
 * stored is then opened with the DSL's private key and compared with what was typed.
 *
 * With SOK_REPORT_SHOTS=DIR set, every screen is also saved as DIR/NN-name.png.
 */

#define PASSPHRASE "correct horse battery staple"
#define KIOSK_ID "kiosk-hall-1"

static const char roster_csv[] =
  "Forename,Surname,Year,Class\n"
  "Amira,Khan,3,Oak\n"
  "Ben,Jones,3,Oak\n"
  "Cara,Lee,5,Willow\n";

typedef struct
{
  char          *dir;
  char          *keys_dir;
  SokConfig     *config;
  SokStore      *store;
  SokWindow     *window;
  SokReportFlow *flow;
  SokDslKey     *key;
} Fixture;

typedef struct
{
  gboolean with_key;
  gboolean with_roster;
} Setup;

static const Setup ready = { TRUE, TRUE };
static const Setup ready_no_roster = { TRUE, FALSE };
static const Setup no_key = { FALSE, FALSE };

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  const Setup *setup = user_data;
  g_autoptr (SokConfig) initial = NULL;
  g_autoptr (GError) error = NULL;

  fixture->dir = sok_test_make_data_dir ("sok-report-ui-XXXXXX");
  /* The DSL's keys live elsewhere, as they would: the kiosk holds only the public half. */
  fixture->keys_dir = g_dir_make_tmp ("sok-report-keys-XXXXXX", &error);
  g_assert_no_error (error);

  initial = sok_config_new (fixture->dir);
  g_assert_true (sok_config_set_value (initial, "school-name", "Hilltop Primary", &error));
  g_assert_true (sok_config_set_value (initial, "kiosk-id", KIOSK_ID, &error));
  g_assert_no_error (error);

  if (setup->with_key)
    {
      g_autofree char *pub_path = g_build_filename (fixture->keys_dir, "dsl.pub", NULL);
      g_autofree char *key_path = g_build_filename (fixture->keys_dir, "dsl.key", NULL);
      g_autofree char *public_key = NULL;

      g_assert_true (sok_seal_generate_keys_with_limits (fixture->keys_dir, PASSPHRASE,
                                                         strlen (PASSPHRASE),
                                                         crypto_pwhash_OPSLIMIT_MIN,
                                                         crypto_pwhash_MEMLIMIT_MIN, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (pub_path, &public_key, NULL, &error));
      g_assert_no_error (error);
      g_strchomp (public_key);
      g_assert_true (sok_config_set_value (initial, "dsl-public-key", public_key, &error));
      g_assert_no_error (error);

      fixture->key = sok_dsl_key_load (key_path, PASSPHRASE, strlen (PASSPHRASE), &error);
      g_assert_no_error (error);
    }

  g_assert_true (sok_config_save (initial, &error));
  g_assert_no_error (error);

  sok_test_open_data_dir (fixture->dir, &fixture->config, &fixture->store);

  if (setup->with_roster)
    {
      g_autoptr (GPtrArray) problems = NULL;
      SokRosterCounts counts;

      g_assert_true (sok_roster_import_data (fixture->store, "roster.csv", roster_csv,
                                             strlen (roster_csv), &counts, &problems, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (counts.pupils, ==, 3);
    }

  fixture->window = g_object_ref_sink (sok_window_new (NULL, fixture->config, fixture->store, TRUE));
  fixture->flow = sok_window_get_report_flow (fixture->window);
  g_assert_nonnull (fixture->flow);

  sok_test_present_window (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  sok_test_close_window (fixture->window, fixture->store, fixture->config);
  g_clear_pointer (&fixture->key, sok_dsl_key_free);

  sok_test_remove_tree (fixture->dir);
  sok_test_remove_tree (fixture->keys_dir);
  g_free (fixture->dir);
  g_free (fixture->keys_dir);
}

/* What a child sees: drawable widgets found by their words. */

static guint n_shots;

static void
save_shot (Fixture    *fixture,
           const char *name)
{
  const char *dir = g_getenv ("SOK_REPORT_SHOTS");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || *dir == '\0')
    return;

  sok_test_spin (400); /* let the slide finish and the pictures load */
  file = g_strdup_printf ("%02u-%s.png", ++n_shots, name);
  path = g_build_filename (dir, file, NULL);
  sok_test_save_window_png (fixture->window, path);
  g_test_message ("saved %s", path);
}

static SokPage *
expect_page (Fixture    *fixture,
             const char *name)
{
  return SOK_PAGE (sok_test_wait_for_page (fixture->window, name));
}

/* Taps the button named @name on the page on screen, as a finger would, and waits
 * for its click, so that two taps on the same key are two letters. */
static void
tap (Fixture    *fixture,
     const char *name)
{
  GtkWidget *page = GTK_WIDGET (sok_window_get_visible_page (fixture->window));

  if (sok_test_find_button (page, name) == NULL)
    g_error ("no button named “%s” on %s", name, sok_page_get_name (SOK_PAGE (page)));
  sok_test_press (page, name);
  sok_test_spin (10);
}

typedef struct
{
  gint64 clicked_at;
  gint64 painted_at;
} TapTiming;

static void
clicked_time_cb (TapTiming *timing)
{
  timing->clicked_at = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                TapTiming     *timing)
{
  if (timing->clicked_at != 0 && timing->painted_at == 0)
    timing->painted_at = g_get_monotonic_time ();
}

static gboolean
tap_painted (gpointer data)
{
  return ((TapTiming *) data)->painted_at != 0;
}

/* Taps @name and says how long it took from the click to the next frame painted (the
 * first frame of the slide to the next page). A figure, not a pass mark: budgets are
 * for the benchmarks under bench/. */
static void
tap_and_time (Fixture    *fixture,
              const char *name)
{
  GtkWidget *page = GTK_WIDGET (sok_window_get_visible_page (fixture->window));
  GtkWidget *button = sok_test_find_button (page, name);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  TapTiming timing = { 0, 0 };
  gulong clicked_id, paint_id;

  g_assert_nonnull (button);
  g_assert_nonnull (clock);
  clicked_id = g_signal_connect_swapped (button, "clicked", G_CALLBACK (clicked_time_cb), &timing);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &timing);
  gtk_widget_activate (button);
  sok_test_wait_until (tap_painted, &timing, 5000);
  g_signal_handler_disconnect (button, clicked_id);
  g_signal_handler_disconnect (clock, paint_id);

  g_test_message ("tap on “%s” to the next frame painted: %.1f ms", name,
                  (timing.painted_at - timing.clicked_at) / 1000.0);
}

/* Types @text with the on-screen keyboard's keys, one tap per character. */
static void
type_on_keys (Fixture    *fixture,
              const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      char key[8] = { 0 };

      if (*p == ' ')
        tap (fixture, "Space");
      else if (*p == '.')
        tap (fixture, "Full stop");
      else
        {
          g_unichar_to_utf8 (g_utf8_get_char (p), key);
          tap (fixture, key);
        }
    }
  sok_test_spin (100);
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Reads the envelope's drawing as the DSL's console does. */
static void
assert_drawing_strokes (JsonObject *envelope,
                        guint       n_strokes)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), envelope);
  g_autofree char *json = json_to_string (node, FALSE);
  g_autoptr (GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr (GError) error = NULL;
  g_autoptr (SokCaseReport) report = sok_case_report_parse (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (report->strokes->len, ==, n_strokes);
}

/* Opens every envelope in the outbox with the DSL's private key. */
static GPtrArray *
open_outbox (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = NULL;
  GPtrArray *envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  items = sok_outbox_list (fixture->store, 1000, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < items->len; i++)
    {
      SokOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr (GBytes) opened = sok_seal_open (fixture->key, item->sealed, &error);
      g_autoptr (GBytes) plain = NULL;
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *envelope;
      gsize size;
      const char *data;

      g_assert_no_error (error);
      /* The report itself, inside its kiosk's signed wrapper. */
      plain = sok_kiosk_unwrap_report (opened);
      g_assert_nonnull (plain);
      data = g_bytes_get_data (plain, &size);
      g_assert_true (json_parser_load_from_data (parser, data, (gssize) size, &error));
      g_assert_no_error (error);
      envelope = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (envelope, "report_id"), ==, item->report_id);
      g_assert_cmpstr (item->kiosk_id, ==, KIOSK_ID);
      g_assert_cmpint (json_object_get_boolean_member (envelope, "urgent"), ==, item->urgent);
      g_ptr_array_add (envelopes, json_object_ref (envelope));
    }

  return envelopes;
}

static guint
count_outbox (Fixture *fixture)
{
  g_auto (SokOutboxStatus) status = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (sok_outbox_get_status (fixture->store, &status, &error));
  g_assert_no_error (error);

  return status.waiting;
}

/* Whether @needle is in the raw bytes of any file under @dir (WAL and all). */
static gboolean
found_in_files (const char *dir,
                const char *needle)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (found_in_files (path, needle))
            return TRUE;
          continue;
        }
      if (g_file_get_contents (path, &contents, &length, NULL) &&
          memmem (contents, length, needle, strlen (needle)) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
start_report (Fixture *fixture)
{
  expect_page (fixture, "home");
  save_shot (fixture, "home");
  tap (fixture, "Tell a grown-up");
}

/* From home through the first three screens, tapping the tiles named @what, @where and
 * @feeling. */
static void
answer_first_questions (Fixture    *fixture,
                        const char *what,
                        const char *where,
                        const char *feeling)
{
  start_report (fixture);
  expect_page (fixture, SOK_REPORT_PAGE_WHAT);
  tap (fixture, what);
  expect_page (fixture, SOK_REPORT_PAGE_WHERE);
  tap (fixture, where);
  expect_page (fixture, SOK_REPORT_PAGE_FEELING);
  tap (fixture, feeling);
}

/* The whole flow by the child's taps: a category, a place, a feeling, typed words,
 * "yes, talk to me" with the name picked from the class, then Send. */
static void
test_walk_and_send (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char *typed = "they said mean things in the game. i felt sad";
  g_autoptr (GPtrArray) envelopes = NULL;
  g_autofree char *left = NULL;
  JsonObject *envelope;
  SokPage *page;
  GdkTexture *qr;

  sok_report_flow_set_thanks_timeout (fixture->flow, 1500);
  start_report (fixture);

  page = expect_page (fixture, SOK_REPORT_PAGE_WHAT);
  g_assert_cmpstr (sok_page_get_title (page), ==, "What happened?");
  g_assert_true (sok_page_get_show_back (page));
  g_assert_true (sok_page_get_show_hide (page));
  g_assert_true (sok_page_get_show_listen (page));
  gtk_test_accessible_assert_role (GTK_WIDGET (page), GTK_ACCESSIBLE_ROLE_GROUP);
  save_shot (fixture, "what-happened");
  tap_and_time (fixture, "Someone was unkind to me");

  page = expect_page (fixture, SOK_REPORT_PAGE_WHERE);
  save_shot (fixture, "where");
  tap_and_time (fixture, "In a game");

  page = expect_page (fixture, SOK_REPORT_PAGE_FEELING);
  /* Five faces, each named for screen readers. */
  for (guint i = 0; i < 5; i++)
    g_assert_nonnull (sok_test_find_button (GTK_WIDGET (page),
                                            (const char *[]) { "Sad", "Scared", "Worried", "Cross", "I'm OK" }[i]));
  save_shot (fixture, "feeling");
  tap (fixture, "Sad");

  page = expect_page (fixture, SOK_REPORT_PAGE_MORE);
  type_on_keys (fixture, typed);
  left = dup_buffer_text (sok_report_more_page_get_buffer (SOK_REPORT_MORE_PAGE (page)));
  g_assert_cmpstr (left, ==, typed);
  g_clear_pointer (&left, g_free);
  save_shot (fixture, "tell-more-typing");
  tap (fixture, "Draw it");
  sok_test_spin (200);
  save_shot (fixture, "tell-more-drawing");
  tap (fixture, "Type it");
  tap (fixture, "Next");

  page = expect_page (fixture, SOK_REPORT_PAGE_TALK);
  save_shot (fixture, "talk");
  tap (fixture, "Yes, I'd like to talk");
  sok_test_spin (200);
  g_assert_cmpstr (sok_report_talk_page_get_step (SOK_REPORT_TALK_PAGE (page)), ==, "classes");
  save_shot (fixture, "talk-class");
  tap (fixture, "Oak");
  sok_test_spin (200);
  g_assert_cmpstr (sok_report_talk_page_get_step (SOK_REPORT_TALK_PAGE (page)), ==, "pupils");
  save_shot (fixture, "talk-name");
  tap (fixture, "Amira K.");

  page = expect_page (fixture, SOK_REPORT_PAGE_SEND);
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "A grown-up who keeps children safe"));
  save_shot (fixture, "who-reads");
  g_assert_cmpuint (count_outbox (fixture), ==, 0);
  tap (fixture, "Send");

  page = expect_page (fixture, SOK_REPORT_PAGE_THANKS);
  g_assert_true (g_str_has_prefix (sok_page_get_title (page), "Thank you"));
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "You did the right thing by telling"));
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "0800 1111"));
  qr = sok_report_thanks_page_get_qr_code (SOK_REPORT_THANKS_PAGE (page));
  g_assert_nonnull (qr);
  g_assert_cmpint (gdk_texture_get_width (qr), >=, 150);
  g_assert_false (sok_page_get_show_back (page));
  /* Nothing of the report is on screen, nor kept by the pages or the draft. */
  g_assert_null (sok_test_find_label (GTK_WIDGET (page), "they said"));
  left = dup_buffer_text (sok_report_more_page_get_buffer (
                            SOK_REPORT_MORE_PAGE (sok_window_get_page (fixture->window, SOK_REPORT_PAGE_MORE))));
  g_assert_cmpstr (left, ==, "");
  g_assert_null (sok_report_choice_page_get_chosen (
                   SOK_REPORT_CHOICE_PAGE (sok_window_get_page (fixture->window, SOK_REPORT_PAGE_WHAT))));
  g_assert_null (sok_report_draft_get_category (sok_report_flow_get_draft (fixture->flow)));
  g_assert_null (sok_report_draft_get_text (sok_report_flow_get_draft (fixture->flow)));
  save_shot (fixture, "thank-you");

  /* Stored, sealed, and exactly what the child said. */
  g_assert_cmpuint (count_outbox (fixture), ==, 1);
  envelopes = open_outbox (fixture);
  g_assert_cmpuint (envelopes->len, ==, 1);
  envelope = g_ptr_array_index (envelopes, 0);
  g_assert_cmpstr (json_object_get_string_member (envelope, "text"), ==, typed);
  g_assert_cmpstr (json_object_get_string_member (envelope, "category"), ==, "unkind-to-me");
  g_assert_cmpstr (json_object_get_string_member (envelope, "risk_area"), ==, "conduct");
  g_assert_cmpstr (json_object_get_string_member (envelope, "where"), ==, "game");
  g_assert_cmpstr (json_object_get_string_member (envelope, "feeling"), ==, "sad");
  g_assert_true (json_object_get_boolean_member (envelope, "wants_talk"));
  g_assert_false (json_object_get_boolean_member (envelope, "urgent"));
  g_assert_cmpstr (json_object_get_string_member (envelope, "name"), ==, "Amira Khan");
  g_assert_cmpstr (json_object_get_string_member (envelope, "kiosk_id"), ==, KIOSK_ID);
  g_assert_true (json_object_get_null_member (envelope, "drawing"));

  /* Never in the clear on disk. */
  g_assert_false (found_in_files (fixture->dir, typed));
  g_assert_false (found_in_files (fixture->dir, "mean things"));

  /* Home after a short while. */
  expect_page (fixture, "home");
}

/* "I need help now" marks the report urgent; without a roster the child types their
 * name; a drawing travels as strokes. */
static void
test_help_now_is_urgent (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr (GPtrArray) envelopes = NULL;
  graphene_point_t line[] = { { 0.1f, 0.1f }, { 0.5f, 0.5f }, { 0.9f, 0.2f } };
  GtkWidget *pad;
  JsonObject *envelope;
  JsonObject *drawing;
  SokPage *page;

  answer_first_questions (fixture, "Someone I don't know talked to me", "Chat or messages",
                          "Scared");

  page = expect_page (fixture, SOK_REPORT_PAGE_MORE);
  tap (fixture, "Draw it");
  sok_test_spin (200);
  g_assert_nonnull (sok_test_find_button (GTK_WIDGET (page), "Start again"));
  pad = sok_test_find_drawable_of_type (GTK_WIDGET (page), SOK_TYPE_DRAW_PAD);
  g_assert_nonnull (pad);
  sok_draw_pad_add_stroke (SOK_DRAW_PAD (pad), line, G_N_ELEMENTS (line));
  save_shot (fixture, "tell-more-drawn");
  tap (fixture, "Next");

  page = expect_page (fixture, SOK_REPORT_PAGE_TALK);
  tap (fixture, "I need help now");
  sok_test_spin (200);
  g_assert_cmpstr (sok_report_talk_page_get_step (SOK_REPORT_TALK_PAGE (page)), ==, "type-name");
  g_assert_false (sok_page_get_next_sensitive (page));
  /* A name starts with a capital letter, already switched on. */
  type_on_keys (fixture, "Sam");
  save_shot (fixture, "talk-type-name");
  g_assert_true (sok_page_get_next_sensitive (page));
  tap (fixture, "Next");

  page = expect_page (fixture, SOK_REPORT_PAGE_SEND);
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "You said you need help now"));
  save_shot (fixture, "who-reads-urgent");
  tap (fixture, "Send");

  page = expect_page (fixture, SOK_REPORT_PAGE_THANKS);
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "You said you need help now"));
  save_shot (fixture, "thank-you-urgent");

  envelopes = open_outbox (fixture);
  g_assert_cmpuint (envelopes->len, ==, 1);
  envelope = g_ptr_array_index (envelopes, 0);
  g_assert_true (json_object_get_boolean_member (envelope, "urgent"));
  g_assert_true (json_object_get_boolean_member (envelope, "wants_talk"));
  g_assert_cmpstr (json_object_get_string_member (envelope, "name"), ==, "Sam");
  g_assert_cmpstr (json_object_get_string_member (envelope, "risk_area"), ==, "contact");
  g_assert_false (json_object_has_member (envelope, "text") &&
                  !json_object_get_null_member (envelope, "text") &&
                  *json_object_get_string_member (envelope, "text") != '\0');
  drawing = json_object_get_object_member (envelope, "drawing");
  g_assert_nonnull (drawing);
  assert_drawing_strokes (envelope, 1);

  /* Hide on Thank-you goes home at once. */
  tap (fixture, "Hide");
  expect_page (fixture, "home");
}

/* Hide forgets everything: chosen tiles, typed words, the draft. Nothing is stored. */
static void
test_hide_discards (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *left = NULL;
  SokReportDraft *draft = sok_report_flow_get_draft (fixture->flow);
  SokPage *page;

  answer_first_questions (fixture, "Someone was unkind to my friend", "Watching videos", "Worried");
  page = expect_page (fixture, SOK_REPORT_PAGE_MORE);
  type_on_keys (fixture, "secret words");
  g_assert_cmpstr (sok_report_draft_get_category (draft), ==, "unkind-to-friend");

  tap (fixture, "Hide");
  expect_page (fixture, "home");

  left = dup_buffer_text (sok_report_more_page_get_buffer (SOK_REPORT_MORE_PAGE (page)));
  g_assert_cmpstr (left, ==, "");
  g_assert_null (sok_report_draft_get_category (draft));
  g_assert_null (sok_report_draft_get_where (draft));
  g_assert_null (sok_report_draft_get_feeling (draft));
  g_assert_null (sok_report_choice_page_get_chosen (
                   SOK_REPORT_CHOICE_PAGE (sok_window_get_page (fixture->window, SOK_REPORT_PAGE_WHAT))));
  g_assert_cmpuint (count_outbox (fixture), ==, 0);

  /* Starting again begins with nothing chosen. */
  tap (fixture, "Tell a grown-up");
  page = expect_page (fixture, SOK_REPORT_PAGE_WHAT);
  g_assert_false (sok_page_get_next_sensitive (page));
}

/* Walking away: after the idle warning the kiosk goes home and the draft is gone. */
static void
test_idle_discards (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *left = NULL;
  SokReportDraft *draft = sok_report_flow_get_draft (fixture->flow);
  SokPage *page;

  answer_first_questions (fixture, "Someone was unkind to me", "In a game", "Sad");
  page = expect_page (fixture, SOK_REPORT_PAGE_MORE);
  type_on_keys (fixture, "left here");
  g_assert_cmpstr (sok_report_draft_get_feeling (draft), ==, "sad");

  sok_window_set_idle_timeouts (fixture->window, 200, 300);
  expect_page (fixture, "home");

  left = dup_buffer_text (sok_report_more_page_get_buffer (SOK_REPORT_MORE_PAGE (page)));
  g_assert_cmpstr (left, ==, "");
  g_assert_null (sok_report_draft_get_category (draft));
  g_assert_null (sok_report_draft_get_feeling (draft));
  g_assert_cmpuint (count_outbox (fixture), ==, 0);
}

/* Back walks back through the screens; Back on the first goes home. */
static void
test_back (Fixture       *fixture,
           gconstpointer  user_data)
{
  SokPage *page;

  start_report (fixture);
  expect_page (fixture, SOK_REPORT_PAGE_WHAT);
  tap (fixture, "Something else");
  expect_page (fixture, SOK_REPORT_PAGE_WHERE);
  tap (fixture, "Back");
  page = expect_page (fixture, SOK_REPORT_PAGE_WHAT);
  /* The choice stands, and Next goes on with it. */
  g_assert_cmpstr (sok_report_choice_page_get_chosen (SOK_REPORT_CHOICE_PAGE (page)), ==, "something-else");
  g_assert_true (sok_page_get_next_sensitive (page));
  tap (fixture, "Next");
  expect_page (fixture, SOK_REPORT_PAGE_WHERE);
  tap (fixture, "Back");
  expect_page (fixture, SOK_REPORT_PAGE_WHAT);
  tap (fixture, "Back");
  expect_page (fixture, "home");
  g_assert_null (sok_report_draft_get_category (sok_report_flow_get_draft (fixture->flow)));
}

/* The typed text is capped with a friendly message. */
static void
test_text_capped (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *lots = NULL;
  graphene_point_t line[] = { { 0.2f, 0.2f }, { 0.8f, 0.8f } };
  GtkTextBuffer *buffer;
  GtkWidget *pad;
  SokPage *page;

  answer_first_questions (fixture, "Something else", "Somewhere else", "I'm OK");
  page = expect_page (fixture, SOK_REPORT_PAGE_MORE);

  g_assert_null (sok_test_find_label (GTK_WIDGET (page), "That's a lot!"));
  buffer = sok_report_more_page_get_buffer (SOK_REPORT_MORE_PAGE (page));
  lots = g_strnfill (SOK_REPORT_MAX_TEXT + 500, 'a');
  gtk_text_buffer_set_text (buffer, lots, -1);
  sok_test_spin (100);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, SOK_REPORT_MAX_TEXT);
  g_assert_true (sok_report_more_page_get_capped (SOK_REPORT_MORE_PAGE (page)));
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "That's a lot!"));
  save_shot (fixture, "tell-more-capped");

  /* One more key changes nothing. */
  type_on_keys (fixture, "b");
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, SOK_REPORT_MAX_TEXT);
  tap (fixture, "Delete");
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, SOK_REPORT_MAX_TEXT - 1);
  sok_test_spin (50);
  g_assert_null (sok_test_find_label (GTK_WIDGET (page), "That's a lot!"));

  /* The drawing too: when the pad is full the child is told so, kindly. */
  tap (fixture, "Draw it");
  sok_test_spin (200);
  pad = sok_test_find_drawable_of_type (GTK_WIDGET (page), SOK_TYPE_DRAW_PAD);
  g_assert_nonnull (pad);
  g_assert_null (sok_test_find_label (GTK_WIDGET (page), "Your drawing is full"));
  for (guint i = 0; i < SOK_DRAW_PAD_MAX_STROKES + 5; i++)
    sok_draw_pad_add_stroke (SOK_DRAW_PAD (pad), line, G_N_ELEMENTS (line));
  g_assert_true (sok_draw_pad_get_full (SOK_DRAW_PAD (pad)));
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "Your drawing is full"));
  save_shot (fixture, "tell-more-drawing-full");
  tap (fixture, "Start again");
  g_assert_cmpuint (sok_draw_pad_get_n_strokes (SOK_DRAW_PAD (pad)), ==, 0);
  g_assert_null (sok_test_find_label (GTK_WIDGET (page), "Your drawing is full"));
}

/* Without a DSL key the kiosk never takes a report: straight to tell-in-person. */
static void
test_no_key_tells_in_person (Fixture       *fixture,
                             gconstpointer  user_data)
{
  SokPage *page;

  start_report (fixture);
  page = expect_page (fixture, SOK_REPORT_PAGE_IN_PERSON);
  g_assert_cmpstr (sok_page_get_title (page), ==, "Please tell a grown-up in person today");
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "This kiosk can't take your message"));
  g_assert_nonnull (strstr (sok_report_in_person_page_get_details (SOK_REPORT_IN_PERSON_PAGE (page)),
                            "dsl-public-key"));
  g_assert_true (sok_page_get_show_hide (page));
  g_assert_false (sok_page_get_show_back (page));
  save_shot (fixture, "tell-in-person-no-key");
  g_assert_cmpuint (count_outbox (fixture), ==, 0);

  tap (fixture, "Hide");
  expect_page (fixture, "home");
}

/* When the report cannot be stored (here another program holds the database's write
 * lock, as a stuck backup would) the child is never told it was sent. */
static void
test_store_failure_not_sent (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "kiosk.db", NULL);
  sqlite3 *locker = NULL;
  SokPage *page;

  answer_first_questions (fixture, "Someone asked for a photo or private things",
                          "On a phone or tablet", "Cross");
  expect_page (fixture, SOK_REPORT_PAGE_MORE);
  type_on_keys (fixture, "zebra");
  tap (fixture, "Next");
  expect_page (fixture, SOK_REPORT_PAGE_TALK);
  tap (fixture, "No, I want to keep my name secret");
  expect_page (fixture, SOK_REPORT_PAGE_SEND);

  g_assert_cmpint (sqlite3_open (db_path, &locker), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (locker, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  /* Staff find why in the log, which holds nothing the child typed. */
  g_test_expect_message ("sok-report", G_LOG_LEVEL_MESSAGE, "A report could not be accepted: *locked*");
  g_test_expect_message ("sok-report-flow", G_LOG_LEVEL_MESSAGE, "The kiosk cannot take a report: *locked*");
  tap (fixture, "Send");
  page = expect_page (fixture, SOK_REPORT_PAGE_IN_PERSON);
  g_test_assert_expected_messages ();
  g_assert_null (sok_test_find_label (GTK_WIDGET (page), "Thank you"));
  g_assert_null (sok_test_find_label (GTK_WIDGET (page), "You did the right thing"));
  g_assert_cmpstr (sok_report_in_person_page_get_details (SOK_REPORT_IN_PERSON_PAGE (page)), !=, "");
  /* The reason for staff holds nothing the child typed. */
  g_assert_null (strstr (sok_report_in_person_page_get_details (SOK_REPORT_IN_PERSON_PAGE (page)),
                         "zebra"));
  save_shot (fixture, "tell-in-person-store-failed");

  g_assert_cmpint (sqlite3_exec (locker, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (locker);

  g_assert_cmpuint (count_outbox (fixture), ==, 0);
  g_assert_null (sok_report_draft_get_category (sok_report_flow_get_draft (fixture->flow)));
}

static gboolean
count_beat_cb (gpointer data)
{
  (*(guint *)data)++;
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  SokSyncWorker *worker;
  guint          waiting;
} DeliveryWait;

/* The worker has tried, failed for want of an answer, and says how many wait. */
static gboolean
delivery_gave_up (gpointer data)
{
  DeliveryWait *wait = data;
  g_auto (SokOutboxStatus) status = { 0 };

  return sok_sync_worker_get_status (wait->worker, &status) && status.waiting == wait->waiting &&
         status.last_error != NULL &&
         strstr (status.last_error, "did not answer within 5 seconds") != NULL;
}

/* The DSL queue's server takes the connection and never answers. The child sends a
 * report and is thanked as always; while the delivery worker waits on the server the
 * kiosk's screens keep turning (a heartbeat beats, the next child starts a report and
 * hides it); the attempt gives up and the report waits in the outbox, sealed. */
static void
test_silent_queue_children_never_notice (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SokSilentEndpoint) endpoint = sok_silent_endpoint_new (&error);
  g_autoptr (SokSyncWorker) worker = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (GPtrArray) envelopes = NULL;
  g_autofree char *uri = NULL;
  DeliveryWait wait = { NULL, 1 };
  guint beats = 0;
  guint heartbeat;

  g_assert_no_error (error);
  /* The default connect_timeout (five seconds): without one the worker would wait
   * for ever and the report never be said to wait. */
  uri = sok_silent_endpoint_dup_uri (endpoint, "kiosk1", NULL);
  config = sok_config_load (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_true (sok_config_set_value (config, "queue", uri, &error));
  g_assert_true (sok_config_save (config, &error));
  g_assert_no_error (error);

  /* As the kiosk application runs it: its own thread, woken after every Send. */
  worker = sok_sync_worker_new (fixture->dir);
  wait.worker = worker;
  sok_sync_worker_start (worker);
  heartbeat = g_timeout_add (20, count_beat_cb, &beats);

  sok_report_flow_set_thanks_timeout (fixture->flow, 500);
  answer_first_questions (fixture, "Someone was unkind to me", "In a game", "Sad");
  expect_page (fixture, SOK_REPORT_PAGE_MORE);
  tap (fixture, "Next");
  expect_page (fixture, SOK_REPORT_PAGE_TALK);
  tap (fixture, "No, I want to keep my name secret");
  expect_page (fixture, SOK_REPORT_PAGE_SEND);
  tap (fixture, "Send");
  expect_page (fixture, SOK_REPORT_PAGE_THANKS);
  sok_sync_worker_wake (worker);
  beats = 0;

  /* The next child, while the worker waits on the server. */
  expect_page (fixture, "home");
  answer_first_questions (fixture, "Someone was unkind to my friend", "Watching videos",
                          "Worried");
  expect_page (fixture, SOK_REPORT_PAGE_MORE);
  tap (fixture, "Hide");
  expect_page (fixture, "home");

  sok_test_wait_until (delivery_gave_up, &wait, 30000);
  g_test_message ("%u heartbeats from the wake to the worker giving up", beats);
  /* Five seconds at 20 ms a beat: far more than a handful, unless the loop stood. */
  g_assert_cmpuint (beats, >=, 10);
  g_assert_true (sok_test_window_shows_home (fixture->window));

  /* Nothing lost: the report waits, sealed, and opens to what the child chose. */
  g_assert_cmpuint (count_outbox (fixture), ==, 1);
  envelopes = open_outbox (fixture);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (envelopes, 0), "category"),
                   ==, "unkind-to-me");

  sok_sync_worker_stop (worker);
  g_source_remove (heartbeat);
}

/* Listen reads the screen's question and its tiles' words. */
static void
test_listen_text (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *speech = NULL;
  SokPage *page;

  start_report (fixture);
  page = expect_page (fixture, SOK_REPORT_PAGE_WHAT);
  speech = sok_page_dup_speech_text (page);
  g_assert_true (g_str_has_prefix (speech, "What happened?"));
  g_assert_nonnull (strstr (speech, "Someone was unkind to me"));
  g_assert_nonnull (strstr (speech, "Something else"));
}

/* Every report screen (and home, which shares the window) fits the kiosk's smallest
 * supported screen, 1280 × 800, with the urgent lines shown (each page's tallest
 * state). */
static void
test_pages_fit_the_screen (Fixture       *fixture,
                           gconstpointer  user_data)
{
  const char *names[] = { "home", SOK_REPORT_PAGE_WHAT, SOK_REPORT_PAGE_WHERE, SOK_REPORT_PAGE_FEELING,
                          SOK_REPORT_PAGE_MORE, SOK_REPORT_PAGE_TALK, SOK_REPORT_PAGE_SEND,
                          SOK_REPORT_PAGE_THANKS, SOK_REPORT_PAGE_IN_PERSON };
  guint too_big = 0;

  start_report (fixture);
  expect_page (fixture, SOK_REPORT_PAGE_WHAT);
  sok_report_thanks_page_set_urgent (
    SOK_REPORT_THANKS_PAGE (sok_window_get_page (fixture->window, SOK_REPORT_PAGE_THANKS)), TRUE);
  sok_report_send_page_set_urgent (
    SOK_REPORT_SEND_PAGE (sok_window_get_page (fixture->window, SOK_REPORT_PAGE_SEND)), TRUE);
  sok_page_shown (sok_window_get_page (fixture->window, SOK_REPORT_PAGE_SEND));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *page = GTK_WIDGET (sok_window_get_page (fixture->window, names[i]));
      int min_width, min_height, nat_height;

      g_assert_nonnull (page);
      gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      /* At its own least width, as a window measures its least height. */
      gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, -1, &min_height, &nat_height, NULL, NULL);
      g_test_message ("%s needs at least %d × %d (natural height %d)", names[i], min_width,
                      min_height, nat_height);
      /* The natural height too: a windowed kiosk grows to it. */
      if (min_width > 1280 || min_height > 800 || nat_height > 800)
        too_big++;
    }

  g_assert_cmpuint (too_big, ==, 0);
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static GtkWidget *
find_of_type (GtkWidget *root,
              GType      type)
{
  return sok_test_find_widget (root, is_of_type, GSIZE_TO_POINTER (type));
}

/* An input method may keep what is typed to learn from it (typing history); what a
 * child writes in a report, or their name, must not be kept anywhere. */
static void
test_typing_is_private (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GtkWidget *text_view;
  GtkWidget *entry;

  start_report (fixture);
  expect_page (fixture, SOK_REPORT_PAGE_WHAT);

  text_view = find_of_type (GTK_WIDGET (sok_window_get_page (fixture->window,
                                                             SOK_REPORT_PAGE_MORE)),
                            GTK_TYPE_TEXT_VIEW);
  entry = find_of_type (GTK_WIDGET (sok_window_get_page (fixture->window,
                                                         SOK_REPORT_PAGE_TALK)),
                        GTK_TYPE_ENTRY);
  g_assert_nonnull (text_view);
  g_assert_nonnull (entry);

  g_assert_true (gtk_text_view_get_input_hints (GTK_TEXT_VIEW (text_view)) &
                 GTK_INPUT_HINT_PRIVATE);
  g_assert_true (gtk_entry_get_input_hints (GTK_ENTRY (entry)) & GTK_INPUT_HINT_PRIVATE);
}

int
main (int   argc,
      char *argv[])
{
  sok_test_init_gtk (&argc, &argv);
  g_assert_cmpint (sodium_init (), >=, 0);

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, setup, fixture_setup, func, fixture_teardown)

  ADD ("/report/flow/walk-send-and-open-exactly-what-was-typed", &ready, test_walk_and_send);
  ADD ("/report/flow/help-now-is-urgent-with-a-typed-name-and-drawing", &ready_no_roster,
       test_help_now_is_urgent);
  ADD ("/report/flow/back-keeps-choices-and-leaves-from-the-first", &ready, test_back);
  ADD ("/report/flow/listen-reads-question-and-tiles", &ready, test_listen_text);
  ADD ("/report/flow/every-screen-fits-1280x800", &ready, test_pages_fit_the_screen);
  ADD ("/report/hide/discards-the-draft", &ready, test_hide_discards);
  ADD ("/report/idle/discards-the-draft", &ready, test_idle_discards);
  ADD ("/report/more/text-and-drawing-are-capped-kindly", &ready, test_text_capped);
  ADD ("/report/no-key/tells-in-person", &no_key, test_no_key_tells_in_person);
  ADD ("/report/store-failure/never-says-sent", &ready, test_store_failure_not_sent);
  ADD ("/report/delivery/silent-queue-children-never-notice-report-waits", &ready,
       test_silent_queue_children_never_notice);
  ADD ("/report/more/typing-is-private-to-input-methods", &ready, test_typing_is_private);

#undef ADD

  return g_test_run ();
}
