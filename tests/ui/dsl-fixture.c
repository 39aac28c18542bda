/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dsl-fixture"

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sodium.h>
#include <string.h>

#include "dsl-fixture.h"
#include "sok-kiosk-registry.h"
#include "sok-seal-private.h"
#include "sok-seal.h"

char *
dsl_fixture_make_keys (const char *dir,
                       const char *passphrase)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pub_path = g_build_filename (dir, "dsl.pub", NULL);
  g_autofree char *text = NULL;

  if (!sok_seal_generate_keys_with_limits (dir, passphrase, strlen (passphrase),
                                           crypto_pwhash_OPSLIMIT_MIN,
                                           crypto_pwhash_MEMLIMIT_MIN, &error))
    g_error ("cannot make the DSL keys: %s", error->message);
  if (!g_file_get_contents (pub_path, &text, NULL, &error))
    g_error ("cannot read the DSL public key: %s", error->message);

  return g_strdup (g_strstrip (text));
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A house with a smiling face beside it, in a 800 × 600 canvas. */
static void
add_drawing (JsonBuilder *builder)
{
  static const int house[] = { 100, 500, 100, 250, 250, 120, 400, 250, 400, 500, 100, 500 };
  static const int door[] = { 220, 500, 220, 380, 290, 380, 290, 500 };

  json_builder_set_member_name (builder, "drawing");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, 800);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, 600);
  json_builder_set_member_name (builder, "strokes");
  json_builder_begin_array (builder);

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (house); i++)
    json_builder_add_int_value (builder, house[i]);
  json_builder_end_array (builder);

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (door); i++)
    json_builder_add_int_value (builder, door[i]);
  json_builder_end_array (builder);

  /* The face: a circle of 24 points. */
  json_builder_begin_array (builder);
  for (guint i = 0; i <= 24; i++)
    {
      json_builder_add_int_value (builder, 600 + (int)(90 * cos (i * G_PI / 12)));
      json_builder_add_int_value (builder, 300 + (int)(90 * sin (i * G_PI / 12)));
    }
  json_builder_end_array (builder);

  /* Its mouth. */
  json_builder_begin_array (builder);
  for (guint i = 1; i < 8; i++)
    {
      json_builder_add_int_value (builder, 600 + (int)(50 * cos (i * G_PI / 8)));
      json_builder_add_int_value (builder, 310 + (int)(40 * sin (i * G_PI / 8)));
    }
  json_builder_end_array (builder);

  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Seals @report as a kiosk does: format 1 unsigned when @kiosk is NULL, else format 2
 * signed by @kiosk, with @claimed_key (when not NULL) put in place of @kiosk's own
 * public key, as a forger who holds some key but not the kiosk's would. */
static gboolean
deliver_report (const char             *queue_uri,
                const char             *public_key,
                const DslFixtureReport *report,
                SokKioskKey            *kiosk,
                const char             *claimed_key,
                GError                **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *json = NULL;
  g_autoptr (GBytes) plain = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (SokQueue) queue = NULL;
  SokQueueEnvelope envelope = { 0 };
  guint n_new = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, 1);
  add_string (builder, "report_id", report->report_id);
  add_string (builder, "kiosk_id", "kiosk-hall");
  add_string (builder, "date", report->date != NULL ? report->date : today);
  add_string (builder, "part_of_day", report->part_of_day != NULL ? report->part_of_day : "morning");
  add_string (builder, "locale", "en");
  add_string (builder, "category", report->category);
  add_string (builder, "risk_area", report->risk_area);
  add_string (builder, "where", report->where);
  add_string (builder, "feeling", report->feeling);
  add_string (builder, "text", report->text);
  if (report->with_drawing)
    add_drawing (builder);
  else
    add_string (builder, "drawing", NULL);
  json_builder_set_member_name (builder, "wants_talk");
  json_builder_add_boolean_value (builder, report->wants_talk);
  json_builder_set_member_name (builder, "urgent");
  json_builder_add_boolean_value (builder, report->urgent);
  add_string (builder, "age_band", report->age_band);
  if (report->name != NULL)
    {
      add_string (builder, "name", report->name);
      add_string (builder, "pupil_id", "p-0001");
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  if (kiosk == NULL)
    plain = g_bytes_new (json, strlen (json));
  else
    {
      g_autoptr (GBytes) wrapped = sok_kiosk_wrap_report (kiosk, json, strlen (json));
      g_autofree char *own_key = sok_kiosk_key_dup_public_key_base64 (kiosk);
      gsize len = 0;
      const char *data = g_bytes_get_data (wrapped, &len);
      g_autofree char *text = g_strndup (data, len);

      if (claimed_key != NULL)
        {
          char *at = strstr (text, own_key);

          /* Both are base64 of 32 bytes: the same length. */
          g_assert (at != NULL && strlen (claimed_key) == strlen (own_key));
          memcpy (at, claimed_key, strlen (claimed_key));
        }
      plain = g_bytes_new (text, strlen (text));
    }

  sealed = sok_seal_seal (plain, public_key, error);
  if (sealed == NULL)
    return FALSE;

  queue = sok_queue_open (queue_uri, SOK_QUEUE_ROLE_KIOSK, error);
  if (queue == NULL)
    return FALSE;

  envelope.report_id = report->report_id;
  envelope.kiosk_id = "kiosk-hall";
  envelope.urgent = report->urgent;
  envelope.sealed = sealed;
  if (!sok_queue_deliver (queue, &envelope, 1, &n_new, error))
    return FALSE;

  /* Times in the queue are in µs: keep deliveries apart so "newest" is defined. */
  g_usleep (2000);
  return TRUE;
}

gboolean
dsl_fixture_deliver (const char             *queue_uri,
                     const char             *public_key,
                     const DslFixtureReport *report,
                     GError                **error)
{
  return deliver_report (queue_uri, public_key, report, NULL, NULL, error);
}

gboolean
dsl_fixture_deliver_signed (const char             *queue_uri,
                            const char             *public_key,
                            const DslFixtureReport *report,
                            SokKioskKey            *kiosk,
                            const char             *claimed_key,
                            GError                **error)
{
  g_return_val_if_fail (kiosk != NULL, FALSE);

  return deliver_report (queue_uri, public_key, report, kiosk, claimed_key, error);
}

SokKioskKey *
dsl_fixture_enrol_kiosk (const char *queue_uri,
                         const char *data_dir,
                         const char *kiosk_id,
                         GError    **error)
{
  g_autoptr (SokKioskKey) kiosk = NULL;
  g_autoptr (SokQueue) queue = NULL;
  g_autofree char *public_key = NULL;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot make %s: %s", data_dir, g_strerror (errno));
      return NULL;
    }
  kiosk = sok_kiosk_key_enrol (data_dir, FALSE, NULL, error);
  if (kiosk == NULL)
    return NULL;
  public_key = sok_kiosk_key_dup_public_key_base64 (kiosk);
  queue = sok_queue_open (queue_uri, SOK_QUEUE_ROLE_KIOSK, error);
  if (queue == NULL || !sok_queue_register_kiosk (queue, kiosk_id, public_key, error))
    return NULL;
  return g_steal_pointer (&kiosk);
}

gboolean
dsl_fixture_decide_kiosk (const char     *queue_uri,
                          const char     *key_path,
                          const char     *passphrase,
                          SokKioskKey    *kiosk,
                          SokKioskStatus  decision,
                          GError        **error)
{
  g_autoptr (SokQueue) queue = NULL;
  g_autoptr (SokDslKey) key = NULL;
  g_autofree char *public_key = sok_kiosk_key_dup_public_key_base64 (kiosk);

  key = sok_dsl_key_load (key_path, passphrase, strlen (passphrase), error);
  if (key == NULL)
    return FALSE;
  queue = sok_queue_open (queue_uri, SOK_QUEUE_ROLE_DSL, error);
  if (queue == NULL)
    return FALSE;
  sok_queue_set_dsl_key (queue, key);
  return sok_kiosk_decide (queue, key, public_key, decision, "Fixture", NULL, error);
}

void
dsl_fixture_prepare_for_isolated_dirs (void)
{
  sok_test_keep_system_schemas ();

  /* The MIME database is read once, from the system's directories, now. */
  g_free (g_content_type_guess ("icon.svg", (const guchar *)"<svg", 4, NULL));
}

void
dsl_fixture_init_style (void)
{
  sok_test_init_style ("/org/safeonlinekiosk/Dsl/style.css");
}

void
dsl_fixture_spin (guint ms)
{
  sok_test_spin (ms);
}

GtkWidget *
dsl_fixture_find_widget (GtkWidget  *root,
                         const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0)
        return child;
      if ((found = dsl_fixture_find_widget (child, id)) != NULL)
        return found;
    }
  return NULL;
}
