/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-promise"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-config.h"
#include "sok-draw-pad.h"
#include "sok-page.h"
#include "sok-problem-page.h"
#include "sok-promise-agree-page.h"
#include "sok-promise-flow.h"
#include "sok-promise-grid-page.h"
#include "sok-promise-thanks-page.h"
#include "sok-roster.h"
#include "sok-speaker-private.h"
#include "sok-store.h"
#include "sok-tile.h"
#include "sok-ui-test.h"
#include "sok-window.h"

/* "Make my promise" on the kiosk's real window, driven by activating the buttons a
 * child would tap, checked by what the child sees and what the store holds. */

#define ROSTER \
  "Forename,Surname,Year,Reg Group\r\n" \
  "Amir,Khan,Year 1,Owls\r\n" \
  "Sam,Kowalski,Year 1,Owls\r\n" \
  "Sam,Kelly,Year 1,Owls\r\n" \
  "Zofia,Wiśniewska,Year 4,Hawks\r\n" \
  "Ben,O'Brien,Year 4,Hawks\r\n"

typedef struct
{
  char      *dir;
  SokConfig *config;
  SokStore  *store;
  SokWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr (SokConfig) initial = NULL;
  g_autoptr (GError) error = NULL;
  const char *read_aloud_early = user_data != NULL ? user_data : "false";
  SokRosterCounts counts;

  fixture->dir = sok_test_make_data_dir ("sok-promise-XXXXXX");

  initial = sok_config_new (fixture->dir);
  g_assert_true (sok_config_set_value (initial, "school-name", "Hilltop Primary", &error));
  g_assert_true (sok_config_set_value (initial, "read-aloud-early", read_aloud_early, &error));
  g_assert_no_error (error);
  g_assert_true (sok_config_save (initial, &error));
  g_assert_no_error (error);

  sok_test_open_data_dir (fixture->dir, &fixture->config, &fixture->store);

  g_assert_true (sok_roster_import_data (fixture->store, "roster.csv", ROSTER, strlen (ROSTER),
                                         &counts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.pupils, ==, 5);
  g_assert_cmpuint (counts.classes, ==, 2);

  fixture->window = g_object_ref_sink (sok_window_new (NULL, fixture->config, fixture->store,
                                                       TRUE));
  sok_test_present_window (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  sok_test_close_window (fixture->window, fixture->store, fixture->config);
  sok_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Walking through the flow */

/* Waits for page @name, and for its slide to end so only it can be tapped. */
static SokPage *
wait_for_page (Fixture    *fixture,
               const char *name)
{
  return SOK_PAGE (sok_test_wait_for_page (fixture->window, name));
}

static void
tap (SokPage    *page,
     const char *words)
{
  GtkWidget *tile = sok_test_find_tile (GTK_WIDGET (page), words);

  if (tile == NULL)
    g_error ("no button “%s” on page %s", words, sok_page_get_name (page));
  g_assert_true (gtk_widget_is_sensitive (tile));
  gtk_test_accessible_assert_property (tile, GTK_ACCESSIBLE_PROPERTY_LABEL, words);
  gtk_widget_activate (tile);
}

/* Taps "Make my promise" on the home page, then the class and the pupil. */
static SokPage *
choose_pupil (Fixture    *fixture,
              const char *class_name,
              const char *pupil_label,
              const char *expect_page)
{
  SokPage *page;

  sok_window_go_home (fixture->window);
  page = wait_for_page (fixture, "home");
  tap (page, "Make my promise");
  page = wait_for_page (fixture, "promise-classes");
  tap (page, class_name);
  page = wait_for_page (fixture, "promise-pupils");
  tap (page, pupil_label);

  return wait_for_page (fixture, expect_page);
}

typedef struct
{
  SokPage    *page;
  const char *text;
} RuleWait;

static gboolean
rule_is_shown (gpointer data)
{
  RuleWait *wait = data;
  g_autofree char *text = sok_page_dup_speech_text (wait->page);

  return g_strcmp0 (text, wait->text) == 0 &&
         sok_test_find_label (GTK_WIDGET (wait->page), wait->text) != NULL;
}

/* Reads every rule with Next, checking each is on screen, and arrives at the
 * agreement. */
static SokPage *
read_all_rules (Fixture    *fixture,
                SokPage    *page,
                SokAup     *aup)
{
  g_assert_cmpstr (sok_page_get_title (page), ==, sok_aup_get_title (aup));

  for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
    {
      g_autofree char *counter = g_strdup_printf ("Rule %u of %u", i + 1,
                                                  sok_aup_get_n_rules (aup));
      RuleWait wait = { page, sok_aup_get_rule_text (aup, i) };

      sok_test_wait_until (rule_is_shown, &wait, 5000);
      g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), counter));
      tap (page, "Next");
    }

  return wait_for_page (fixture, "promise-agree");
}

static void
sign (SokPage *page)
{
  SokDrawPad *pad = SOK_DRAW_PAD (sok_promise_agree_page_get_pad (SOK_PROMISE_AGREE_PAGE (page)));
  const graphene_point_t stroke[] = {
    { 0.1f, 0.5f }, { 0.2f, 0.3f }, { 0.3f, 0.6f }, { 0.4f, 0.4f }, { 0.5f, 0.5f },
  };

  gtk_test_accessible_assert_property (GTK_WIDGET (pad), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Sign here");
  sok_draw_pad_add_stroke (pad, stroke, G_N_ELEMENTS (stroke));
  g_assert_cmpuint (sok_draw_pad_get_n_strokes (pad), ==, 1);
}

static gboolean
is_active (gpointer toggle)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle));
}

static GtkWidget *
find_toggle (GtkWidget *root)
{
  return sok_test_find_drawable_of_type (root, GTK_TYPE_TOGGLE_BUTTON);
}

/* The grown-up who helped taps "A grown-up helped me". */
static void
adult_helped (SokPage *page)
{
  GtkWidget *toggle = find_toggle (GTK_WIDGET (page));

  g_assert_nonnull (toggle);
  gtk_test_accessible_assert_property (toggle, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "A grown-up helped me");
  g_assert_false (is_active (toggle));
  gtk_widget_activate (toggle);
  sok_test_wait_until (is_active, toggle, 5000);
}

static SokAup *
load_aup (Fixture    *fixture,
          SokAgeBand  band)
{
  g_autoptr (GError) error = NULL;
  SokAup *aup = sok_aup_load (fixture->dir, band, NULL, &error);

  g_assert_no_error (error);
  return aup;
}

static GPtrArray *
list_agreements (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *list = sok_agreement_list (fixture->store, NULL, 0, &error);

  g_assert_no_error (error);
  return list;
}

static SokAgreement *
find_agreement (GPtrArray  *list,
                const char *forename,
                const char *sha256)
{
  for (guint i = 0; i < list->len; i++)
    {
      SokAgreement *a = g_ptr_array_index (list, i);

      if (g_str_equal (a->forename, forename) && g_str_equal (a->aup_sha256, sha256))
        return a;
    }

  return NULL;
}

static void
assert_thanked (SokPage    *page,
                const char *forename)
{
  g_autofree char *title = g_strdup_printf ("Thank you, %s!", forename);

  g_assert_cmpstr (sok_page_get_title (page), ==, title);
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), title));
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "You made your promise"));
}

/* Tests */

static void
test_year_1_signs (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_EARLY);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  SokAgreement *agreement;
  SokPage *page;

  page = choose_pupil (fixture, "Owls", "Amir K.", "promise-rules");
  g_assert_cmpuint (sok_aup_get_n_rules (aup), ==, 4);
  page = read_all_rules (fixture, page, aup);

  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), sok_aup_get_agreement (aup)));
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "Sign here"));
  sign (page);
  adult_helped (page);
  tap (page, "I agree");
  page = wait_for_page (fixture, "promise-thanks");
  assert_thanked (page, "Amir");

  /* Committed before the thank-you: the store holds it now. */
  list = list_agreements (fixture);
  g_assert_cmpuint (list->len, ==, 1);
  agreement = find_agreement (list, "Amir", sok_aup_get_sha256 (aup));
  g_assert_nonnull (agreement);
  g_assert_cmpstr (agreement->surname, ==, "Khan");
  g_assert_cmpstr (agreement->class_name, ==, "Owls");
  g_assert_cmpstr (agreement->band, ==, "early");
  g_assert_cmpstr (agreement->method, ==, "signature");
  g_assert_true (agreement->has_signature);
  g_assert_false (agreement->read_aloud);
  g_assert_true (agreement->with_adult);
  g_assert_cmpint (agreement->school_year, ==, sok_school_year_for (now));
}

static void
test_year_4_taps (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_JUNIOR);
  g_autoptr (GPtrArray) list = NULL;
  SokAgreement *agreement;
  SokPage *page;
  gint64 thanked_at;

  page = choose_pupil (fixture, "Hawks", "Zofia W.", "promise-rules");
  g_assert_cmpuint (sok_aup_get_n_rules (aup), >=, 8);

  /* Listen reads the rule on screen; that goes on the record. */
  tap (page, "Listen");
  sok_test_wait_until ((SokTestCondition) sok_speaker_get_speaking,
                       sok_window_get_speaker (fixture->window), 5000);

  page = read_all_rules (fixture, page, aup);
  tap (page, "I agree");
  page = wait_for_page (fixture, "promise-thanks");
  thanked_at = g_get_monotonic_time ();
  assert_thanked (page, "Zofia");

  list = list_agreements (fixture);
  g_assert_cmpuint (list->len, ==, 1);
  agreement = find_agreement (list, "Zofia", sok_aup_get_sha256 (aup));
  g_assert_nonnull (agreement);
  g_assert_cmpstr (agreement->surname, ==, "Wiśniewska");
  g_assert_cmpstr (agreement->band, ==, "junior");
  g_assert_cmpstr (agreement->method, ==, "tap");
  g_assert_false (agreement->has_signature);
  g_assert_true (agreement->read_aloud);
  g_assert_false (agreement->with_adult);

  /* After a few seconds the kiosk is ready for the next child. */
  sok_test_wait_until (sok_test_window_shows_home, fixture->window,
                       (SOK_PROMISE_THANKS_SECONDS + 5) * 1000);
  g_assert_cmpint (g_get_monotonic_time () - thanked_at, >=,
                   (SOK_PROMISE_THANKS_SECONDS - 1) * G_USEC_PER_SEC);
}

static void
test_second_promise_recognised (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_EARLY);
  g_autoptr (GPtrArray) list = NULL;
  SokPage *page;

  page = choose_pupil (fixture, "Owls", "Sam Ko.", "promise-rules");
  page = read_all_rules (fixture, page, aup);
  tap (page, "I agree");
  wait_for_page (fixture, "promise-thanks");

  /* The same pupil again, the same school year, the same words. */
  page = choose_pupil (fixture, "Owls", "Sam Ko.", "promise-notice");
  g_assert_cmpstr (sok_page_get_title (page), ==, "Well done, Sam!");
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "You have made your promise"));
  g_assert_nonnull (sok_test_find_tile (GTK_WIDGET (page), "All done"));

  /* They may read the rules again; at the end they come back here, not to promise. */
  tap (page, "Read the rules again");
  page = wait_for_page (fixture, "promise-rules");
  for (guint i = 0; i < sok_aup_get_n_rules (aup); i++)
    {
      RuleWait wait = { page, sok_aup_get_rule_text (aup, i) };

      sok_test_wait_until (rule_is_shown, &wait, 5000);
      tap (page, "Next");
    }
  page = wait_for_page (fixture, "promise-notice");
  tap (page, "All done");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);

  list = list_agreements (fixture);
  g_assert_cmpuint (list->len, ==, 1);

  /* Another pupil is not told anything about Sam. */
  page = choose_pupil (fixture, "Owls", "Sam Ke.", "promise-rules");
  g_assert_null (sok_test_find_label (GTK_WIDGET (page), "Well done"));
}

#define CHANGED_EARLY \
  "[AUP]\n" \
  "band=early\n" \
  "title=Be Safe Online\n" \
  "intro=These are our rules for keeping safe online.\n" \
  "agreement=I will follow these rules to keep myself and others safe online.\n" \
  "[Rule online-with-grown-up]\n" \
  "text=I only go online with a grown up.\n" \
  "icon=rule-online-with-grown-up\n" \
  "[Rule kind-online]\n" \
  "text=I am kind online, and I am kind at school.\n" \
  "icon=rule-kind-online\n" \
  "[Rule keep-info-safe]\n" \
  "text=I keep information about me safe.\n" \
  "icon=rule-keep-info-safe\n" \
  "[Rule tell-grown-up]\n" \
  "text=I tell a grown up if something online makes me unhappy.\n" \
  "icon=rule-tell-grown-up\n"

static void
test_changed_aup_asks_again (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr (SokAup) shipped = load_aup (fixture, SOK_AGE_BAND_EARLY);
  g_autoptr (SokAup) changed = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *aup_dir = g_build_filename (fixture->dir, "aup", NULL);
  g_autofree char *path = g_build_filename (aup_dir, "early.ini", NULL);
  SokPage *page;

  page = choose_pupil (fixture, "Owls", "Amir K.", "promise-rules");
  page = read_all_rules (fixture, page, shipped);
  tap (page, "I agree");
  wait_for_page (fixture, "promise-thanks");

  /* The school changes one rule in its own copy of the file. */
  g_assert_no_errno (g_mkdir_with_parents (aup_dir, 0700));
  g_assert_true (g_file_set_contents (path, CHANGED_EARLY, -1, &error));
  g_assert_no_error (error);
  changed = load_aup (fixture, SOK_AGE_BAND_EARLY);
  g_assert_true (sok_aup_get_is_override (changed));
  g_assert_cmpstr (sok_aup_get_sha256 (changed), !=, sok_aup_get_sha256 (shipped));

  page = choose_pupil (fixture, "Owls", "Amir K.", "promise-notice");
  g_assert_cmpstr (sok_page_get_title (page), ==, "Our rules have changed, Amir");
  g_assert_null (sok_test_find_tile (GTK_WIDGET (page), "All done"));
  tap (page, "Read the new rules");
  page = wait_for_page (fixture, "promise-rules");
  page = read_all_rules (fixture, page, changed);
  tap (page, "I agree");
  page = wait_for_page (fixture, "promise-thanks");
  assert_thanked (page, "Amir");

  list = list_agreements (fixture);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_nonnull (find_agreement (list, "Amir", sok_aup_get_sha256 (shipped)));
  g_assert_nonnull (find_agreement (list, "Amir", sok_aup_get_sha256 (changed)));
}

static void
test_hide_forgets (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_EARLY);
  g_autoptr (GPtrArray) list = NULL;
  SokPage *pupils;
  SokPage *page;
  GtkWidget *toggle;

  /* The promise's pages come with the first promise, not with the kiosk. */
  g_assert_null (sok_window_get_page (fixture->window, "promise-pupils"));

  page = choose_pupil (fixture, "Owls", "Amir K.", "promise-rules");
  pupils = sok_window_get_page (fixture->window, "promise-pupils");
  page = read_all_rules (fixture, page, aup);
  sign (page);
  adult_helped (page);
  toggle = find_toggle (GTK_WIDGET (page));

  tap (page, "Hide");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);

  /* Nothing of the child's is left in any page: no names, no rules, no signature. */
  g_assert_cmpuint (sok_promise_grid_page_get_n_choices (SOK_PROMISE_GRID_PAGE (pupils)), ==, 0);
  g_assert_null (sok_page_get_title (sok_window_get_page (fixture->window, "promise-rules")));
  g_assert_cmpuint (sok_draw_pad_get_n_strokes (SOK_DRAW_PAD (sok_promise_agree_page_get_pad (
                      SOK_PROMISE_AGREE_PAGE (page)))), ==, 0);
  g_assert_null (sok_page_get_title (sok_window_get_page (fixture->window, "promise-thanks")));
  g_assert_false (is_active (toggle));

  list = list_agreements (fixture);
  g_assert_cmpuint (list->len, ==, 0);

  /* And the next child starts from the classes. */
  page = choose_pupil (fixture, "Hawks", "Ben O.", "promise-rules");
  g_assert_cmpstr (sok_page_get_title (page), !=, sok_aup_get_title (aup));
}

static void
test_grid_shows_only_names (Fixture       *fixture,
                            gconstpointer  user_data)
{
  const char *labels[] = { "Amir K.", "Sam Ke.", "Sam Ko." };
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_EARLY);
  SokPage *page;
  GtkWidget *amir, *sam;
  g_auto (GStrv) amir_classes = NULL;
  g_auto (GStrv) sam_classes = NULL;
  g_autofree char *speech = NULL;

  page = choose_pupil (fixture, "Owls", "Amir K.", "promise-rules");
  page = read_all_rules (fixture, page, aup);
  tap (page, "I agree");
  wait_for_page (fixture, "promise-thanks");

  sok_window_go_home (fixture->window);
  page = wait_for_page (fixture, "home");
  tap (page, "Make my promise");
  page = wait_for_page (fixture, "promise-classes");
  g_assert_nonnull (sok_test_find_tile (GTK_WIDGET (page), "Hawks"));
  tap (page, "Owls");
  page = wait_for_page (fixture, "promise-pupils");

  /* Forename and surname initial, more of the surname for the two Sams, each button
   * named by what it shows; the other four tiles are Hide, Back, Listen and Next. */
  g_assert_cmpuint (sok_test_count_tiles (GTK_WIDGET (page)), ==, G_N_ELEMENTS (labels) + 4);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      GtkWidget *tile = sok_test_find_tile (GTK_WIDGET (page), labels[i]);

      g_assert_nonnull (tile);
      gtk_test_accessible_assert_property (tile, GTK_ACCESSIBLE_PROPERTY_LABEL, labels[i]);
      g_assert_cmpint (gtk_widget_get_height (tile), >=, 96);
    }

  /* Listen reads the question and every name, for a child who cannot read yet. */
  speech = sok_page_dup_speech_text (page);
  g_assert_cmpstr (speech, ==, "Tap your name. Amir K. Sam Ke. Sam Ko.");

  /* Amir has promised and Sam has not, and nobody can tell. */
  amir = sok_test_find_tile (GTK_WIDGET (page), "Amir K.");
  sam = sok_test_find_tile (GTK_WIDGET (page), "Sam Ko.");
  amir_classes = gtk_widget_get_css_classes (amir);
  sam_classes = gtk_widget_get_css_classes (sam);
  g_assert_true (g_strv_equal ((const char * const *) amir_classes,
                               (const char * const *) sam_classes));
  g_assert_cmpint (gtk_widget_get_sensitive (amir), ==, gtk_widget_get_sensitive (sam));
  g_assert_cmpstr (sok_tile_get_icon_name (SOK_TILE (amir)), ==,
                   sok_tile_get_icon_name (SOK_TILE (sam)));
}

static void
test_back_and_swipe (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_JUNIOR);
  SokPage *page;
  GtkWidget *content;
  GtkEventController *swipe = NULL;
  g_autoptr (GListModel) controllers = NULL;
  RuleWait first, second;

  page = choose_pupil (fixture, "Hawks", "Ben O.", "promise-rules");
  first = (RuleWait) { page, sok_aup_get_rule_text (aup, 0) };
  second = (RuleWait) { page, sok_aup_get_rule_text (aup, 1) };
  sok_test_wait_until (rule_is_shown, &first, 5000);

  /* A finger swiping to the left brings the next rule, to the right the one before. */
  content = sok_page_get_content (page);
  controllers = gtk_widget_observe_controllers (content);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_SWIPE (controller))
        swipe = controller;
    }
  g_assert_nonnull (swipe);

  g_signal_emit_by_name (swipe, "swipe", -1200.0, 40.0);
  sok_test_wait_until (rule_is_shown, &second, 5000);
  /* Mostly downwards is a scroll, not a swipe. */
  g_signal_emit_by_name (swipe, "swipe", 500.0, 1500.0);
  sok_test_spin (100);
  g_assert_true (rule_is_shown (&second));
  g_signal_emit_by_name (swipe, "swipe", 1200.0, 0.0);
  sok_test_wait_until (rule_is_shown, &first, 5000);

  /* Back from the first rule goes to the names, and from there to the classes. */
  tap (page, "Back");
  page = wait_for_page (fixture, "promise-pupils");
  tap (page, "Back");
  page = wait_for_page (fixture, "promise-classes");
  tap (page, "Back");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
}

static gboolean
speaking (gpointer data)
{
  return sok_speaker_get_speaking (SOK_SPEAKER (data));
}

static gboolean
not_speaking (gpointer data)
{
  return !sok_speaker_get_speaking (SOK_SPEAKER (data));
}

/* With read-aloud-early set, the early rules read themselves; junior ones do not. */
static void
test_early_rules_read_themselves (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  SokSpeaker *speaker = sok_window_get_speaker (fixture->window);
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_EARLY);
  g_autoptr (GPtrArray) list = NULL;
  SokAgreement *agreement;
  SokPage *page;

  page = choose_pupil (fixture, "Hawks", "Ben O.", "promise-rules");
  sok_test_spin (300);
  g_assert_false (sok_speaker_get_speaking (speaker));
  tap (page, "Hide");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);

  page = choose_pupil (fixture, "Owls", "Sam Ke.", "promise-rules");
  sok_test_wait_until (speaking, speaker, 5000);

  /* Next stops the old rule and reads the new one. */
  tap (page, "Next");
  sok_test_wait_until (speaking, speaker, 5000);
  g_assert_cmpuint (sok_aup_get_n_rules (aup), >, 2);

  /* Hide silences it at once. */
  tap (page, "Hide");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
  g_assert_true (not_speaking (speaker));

  page = choose_pupil (fixture, "Owls", "Sam Ke.", "promise-rules");
  page = read_all_rules (fixture, page, aup);
  /* The agreement and the thank-you read themselves too. */
  sok_test_wait_until (speaking, speaker, 5000);
  tap (page, "I agree");
  wait_for_page (fixture, "promise-thanks");
  sok_test_wait_until (speaking, speaker, 5000);
  list = list_agreements (fixture);
  agreement = find_agreement (list, "Sam", sok_aup_get_sha256 (aup));
  g_assert_nonnull (agreement);
  g_assert_true (agreement->read_aloud);
}

/* Half a second of quiet as a 16 kHz, 16-bit mono WAV: a recording the media
 * framework can open (the file name says .ogg, as the AUP file names it, but
 * GStreamer goes by the content). */
static GBytes *
make_quiet_wav (void)
{
  const guint32 rate = 16000, n_samples = 8000;
  GByteArray *wav = g_byte_array_new ();
  guint32 u32;
  guint16 u16;

#define PUT(bytes, n) g_byte_array_append (wav, (const guint8 *) (bytes), n)
#define PUT32(v) (u32 = GUINT32_TO_LE (v), PUT (&u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), PUT (&u16, 2))
  PUT ("RIFF", 4); PUT32 (36 + n_samples * 2); PUT ("WAVE", 4);
  PUT ("fmt ", 4); PUT32 (16); PUT16 (1); PUT16 (1); PUT32 (rate); PUT32 (rate * 2);
  PUT16 (2); PUT16 (16);
  PUT ("data", 4); PUT32 (n_samples * 2);
#undef PUT
#undef PUT32
#undef PUT16
  g_byte_array_set_size (wav, wav->len + n_samples * 2);
  memset (wav->data + 44, 0, n_samples * 2);

  return g_byte_array_free_to_bytes (wav);
}

/* A school's recording of a rule is played instead of the synthetic voice. */
static void
test_recording_preferred (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_EARLY);
  g_autoptr (GError) error = NULL;
  g_autofree char *recordings = g_build_filename (fixture->dir, "recordings", NULL);
  g_autofree char *path = NULL;
  g_autofree char *used = NULL;
  g_autoptr (GBytes) wav = NULL;
  SokSpeaker *speaker = sok_window_get_speaker (fixture->window);
  SokPage *page;

  g_assert_cmpstr (sok_aup_get_rule_recording (aup, 1), ==, "recordings/early-2.ogg");
  path = g_build_filename (fixture->dir, "recordings", "early-2.ogg", NULL);
  g_assert_no_errno (g_mkdir_with_parents (recordings, 0700));
  wav = make_quiet_wav ();
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (wav, NULL),
                                      (gssize) g_bytes_get_size (wav), &error));
  g_assert_no_error (error);

  page = choose_pupil (fixture, "Owls", "Amir K.", "promise-rules");

  /* The first rule has no recording: the voice reads it. */
  used = sok_page_dup_recording_path (page);
  g_assert_null (used);
  tap (page, "Listen");
  sok_test_wait_until (speaking, speaker, 5000);
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_SYNTHESIS);

  tap (page, "Next");
  sok_test_spin (300);
  used = sok_page_dup_recording_path (page);
  g_assert_cmpstr (used, ==, path);
  tap (page, "Listen");
  sok_test_wait_until (speaking, speaker, 5000);
  g_assert_cmpint (sok_speaker_get_source (speaker), ==, SOK_SPEAKER_SOURCE_RECORDING);

  tap (page, "Hide");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
  g_assert_false (sok_speaker_get_speaking (speaker));
}

/* When the promise cannot be kept, the child never hears "Thank you". */
static void
test_commit_failure (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_EARLY);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  SokPage *page;

  page = choose_pupil (fixture, "Owls", "Amir K.", "promise-rules");
  page = read_all_rules (fixture, page, aup);

  /* The disk fills up just as the child taps. The promise is stored on a connection
   * of its own, so the trigger is in the database, not this connection's temp. */
  g_assert_true (sok_store_exec (fixture->store,
                                 "CREATE TRIGGER full BEFORE INSERT ON agreements "
                                 "BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END",
                                 &error));
  g_assert_no_error (error);

  g_test_expect_message ("sok-promise-flow", G_LOG_LEVEL_WARNING, "*disk is full*");
  tap (page, "I agree");
  page = wait_for_page (fixture, "promise-problem");
  g_test_assert_expected_messages ();

  g_assert_true (SOK_IS_PROBLEM_PAGE (page));
  g_assert_true (g_str_has_prefix (sok_page_get_title (page), "Please tell a grown-up"));
  g_assert_nonnull (sok_test_find_label (GTK_WIDGET (page), "Please tell a grown-up"));
  g_assert_null (sok_test_find_label (GTK_WIDGET (page), "Thank you"));
  g_assert_nonnull (strstr (sok_problem_page_get_details (SOK_PROBLEM_PAGE (page)), "full"));

  g_assert_true (sok_store_exec (fixture->store, "DROP TRIGGER full", &error));
  g_assert_no_error (error);
  list = list_agreements (fixture);
  g_assert_cmpuint (list->len, ==, 0);

  /* Hide works here as everywhere, and the kiosk carries on. */
  tap (page, "Hide");
  sok_test_wait_until (sok_test_window_shows_home, fixture->window, 5000);
  g_assert_cmpstr (sok_problem_page_get_details (SOK_PROBLEM_PAGE (page)), ==, "");
}

static gboolean
beat_cb (gpointer data)
{
  (*(guint *)data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
saving_is_shown (gpointer page)
{
  return sok_test_find_label (GTK_WIDGET (page), "Saving your promise") != NULL &&
         gtk_widget_is_drawable (sok_test_find_label (GTK_WIDGET (page), "Saving your promise"));
}

/* The promise is stored in a worker thread: while the disk is slow (here another
 * connection holds the database's write lock) the screen keeps moving, says it is
 * saving, takes no second "I agree", and says "Thank you" only once it is stored. */
static void
test_slow_commit_keeps_the_screen_alive (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_autoptr (SokAup) aup = load_aup (fixture, SOK_AGE_BAND_EARLY);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *agree;
  SokPage *page;
  guint beats = 0;
  guint heartbeat;

  page = choose_pupil (fixture, "Owls", "Amir K.", "promise-rules");
  page = read_all_rules (fixture, page, aup);

  g_assert_true (sok_store_exec (fixture->store, "BEGIN IMMEDIATE", &error));
  g_assert_no_error (error);
  heartbeat = g_timeout_add (20, beat_cb, &beats);

  tap (page, "I agree");
  sok_test_wait_until (saving_is_shown, page, 4000);
  g_assert_true (sok_promise_flow_get_saving (sok_window_get_promise_flow (fixture->window)));
  g_assert_cmpuint (beats, >=, 5);
  agree = sok_test_find_tile (GTK_WIDGET (page), "I agree");
  g_assert_false (gtk_widget_is_sensitive (agree));
  g_assert_cmpstr (sok_page_get_name (sok_window_get_visible_page (fixture->window)), ==,
                   "promise-agree");
  list = list_agreements (fixture);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (sok_store_exec (fixture->store, "COMMIT", &error));
  g_assert_no_error (error);
  page = wait_for_page (fixture, "promise-thanks");
  assert_thanked (page, "Amir");
  list = list_agreements (fixture);
  g_assert_cmpuint (list->len, ==, 1);
  g_source_remove (heartbeat);
}

int
main (int   argc,
      char *argv[])
{
  sok_test_init_gtk (&argc, &argv);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("/promise/flow/year-1-pupil-signs-and-is-thanked", test_year_1_signs, NULL);
  ADD ("/promise/flow/year-4-pupil-taps-i-agree-then-goes-home", test_year_4_taps, NULL);
  ADD ("/promise/flow/second-promise-same-year-is-recognised", test_second_promise_recognised,
       NULL);
  ADD ("/promise/flow/changed-aup-asks-again", test_changed_aup_asks_again, NULL);
  ADD ("/promise/flow/commit-failure-asks-for-a-grown-up-not-thank-you", test_commit_failure,
       NULL);
  ADD ("/promise/flow/slow-commit-keeps-the-screen-alive-thanks-only-once-stored",
       test_slow_commit_keeps_the_screen_alive, NULL);
  ADD ("/promise/hide/forgets-the-pupil-and-signature", test_hide_forgets, NULL);
  ADD ("/promise/pupils/show-only-names-never-who-promised", test_grid_shows_only_names, NULL);
  ADD ("/promise/rules/back-and-swipe", test_back_and_swipe, NULL);
  ADD ("/promise/rules/early-rules-read-themselves", test_early_rules_read_themselves, "true");
  ADD ("/promise/rules/school-recording-is-preferred", test_recording_preferred, NULL);

#undef ADD

  return g_test_run ();
}
