/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-case"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sodium.h>
#include <string.h>

#include "sok-case-kinds.h"
#include "sok-case.h"
#include "sok-csv.h"
#include "sok-pdf.h"
#include "sok-report.h"
#include "sok-seal.h"

/* The DSL's side of a report: unlocking the DSL key, opening a sealed report into
 * what the child gave, drawing it, and exporting one case for the school's
 * safeguarding record system. Nothing here logs report content. */

#define ENVELOPE_FORMAT 1
#define SIGNED_FORMAT   2
/* What the reader takes: the kiosk's caps (sok-report.h) and those of envelopes
 * sealed before drawings were packed (20,000 points on a canvas of 10,000). */
#define MAX_STROKES     200
#define MAX_POINTS      20000
#define MAX_CANVAS      10000

G_DEFINE_QUARK (sok-case-error-quark, sok_case_error)

/* The PDF is made by the print library, which knows nothing of cases; its errors
 * are told as this export's. */
static gboolean
save_pdf (SokPdfDocument  *doc,
          const char      *path,
          GError         **error)
{
  g_autoptr (GError) local_error = NULL;

  if (sok_pdf_document_save (doc, path, &local_error))
    return TRUE;
  g_set_error_literal (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRITE, local_error->message);
  return FALSE;
}

/* Wrong passphrases in a row in this process. Attempts are serialised, so guessing
 * from several threads at once gains nothing. */
static GMutex unlock_lock;
static guint unlock_failures;

/**
 * sok_dsl_dup_default_key_path:
 * @data_dir: a data directory
 *
 * Returns: (transfer full): where the DSL key lives by default: `DATA_DIR/dsl.key`,
 *   as “sokctl keys generate --out DATA_DIR” writes it.
 */
char *
sok_dsl_dup_default_key_path (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_build_filename (data_dir, "dsl.key", NULL);
}

/**
 * sok_dsl_unlock_delay:
 * @failures: wrong passphrases in a row, counting the one just given
 *
 * Returns: how long to wait, in µs, before saying a passphrase was wrong: nothing
 *   before the first failure, then 1 s, 2 s, 4 s … up to a minute.
 */
gint64
sok_dsl_unlock_delay (guint failures)
{
  gint64 delay = SOK_DSL_UNLOCK_FIRST_DELAY_USEC;

  if (failures == 0)
    return 0;
  for (guint i = 1; i < failures && delay < SOK_DSL_UNLOCK_LONGEST_DELAY_USEC; i++)
    delay *= 2;
  return MIN (delay, SOK_DSL_UNLOCK_LONGEST_DELAY_USEC);
}

/**
 * sok_dsl_unlock:
 * @key_path: the DSL key file (dsl.key)
 * @passphrase: (array length=passphrase_len): the DSL's passphrase
 *
 * Opens the DSL's private key (Argon2id, then secretbox). A wrong passphrase is
 * answered only after a delay that doubles with each wrong one in a row
 * (sok_dsl_unlock_delay()); attempts are taken one at a time. This blocks for the
 * key derivation and any delay: a UI calls sok_dsl_unlock_async().
 *
 * Returns: (transfer full): the key, or %NULL with %SOK_CASE_ERROR_WRONG_PASSPHRASE
 *   for a wrong passphrase, or a %SOK_SEAL_ERROR saying what is wrong with the file.
 */
SokDslKey *
sok_dsl_unlock (const char  *key_path,
                const char  *passphrase,
                gsize        passphrase_len,
                GError     **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GError) local_error = NULL;
  SokDslKey *key;

  g_return_val_if_fail (key_path != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL || passphrase_len == 0, NULL);

  locker = g_mutex_locker_new (&unlock_lock);

  key = sok_dsl_key_load (key_path, passphrase, passphrase_len, &local_error);
  if (key != NULL)
    {
      unlock_failures = 0;
      return key;
    }

  if (!g_error_matches (local_error, SOK_SEAL_ERROR, SOK_SEAL_ERROR_WRONG_PASSPHRASE))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  unlock_failures++;
  g_usleep ((gulong)sok_dsl_unlock_delay (unlock_failures));
  g_set_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRONG_PASSPHRASE,
               _("That passphrase does not open the DSL key %s; check it and try again"),
               key_path);
  return NULL;
}

typedef struct
{
  char  *key_path;
  char  *passphrase;
  gsize  passphrase_len;
} UnlockData;

static void
unlock_data_free (gpointer data)
{
  UnlockData *d = data;

  g_free (d->key_path);
  sodium_free (d->passphrase);
  g_free (d);
}

static void
unlock_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UnlockData *d = task_data;
  GError *error = NULL;
  SokDslKey *key;

  key = sok_dsl_unlock (d->key_path, d->passphrase, d->passphrase_len, &error);
  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, (GDestroyNotify)sok_dsl_key_free);
}

/**
 * sok_dsl_unlock_async:
 *
 * sok_dsl_unlock() in a thread. The passphrase is copied into memory that is wiped
 * when the task ends, so the caller may wipe its own copy at once.
 */
void
sok_dsl_unlock_async (const char          *key_path,
                      const char          *passphrase,
                      gsize                passphrase_len,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  UnlockData *d;

  g_return_if_fail (key_path != NULL);
  g_return_if_fail (passphrase != NULL || passphrase_len == 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sok_dsl_unlock_async);

  /* sodium_malloc() below needs libsodium started; a failure shows as NULL there. */
  sok_seal_ensure_sodium (NULL);

  d = g_new0 (UnlockData, 1);
  d->key_path = g_strdup (key_path);
  d->passphrase = sodium_malloc (passphrase_len + 1);
  if (d->passphrase == NULL)
    {
      g_free (d->key_path);
      g_free (d);
      g_task_return_new_error (task, SOK_SEAL_ERROR, SOK_SEAL_ERROR_NO_MEMORY,
                               "Not enough memory to open the DSL key");
      return;
    }
  if (passphrase_len > 0)
    memcpy (d->passphrase, passphrase, passphrase_len);
  d->passphrase[passphrase_len] = '\0';
  d->passphrase_len = passphrase_len;
  g_task_set_task_data (task, d, unlock_data_free);
  g_task_run_in_thread (task, unlock_thread);
}

/* Returns: (transfer full): the key, or %NULL with the error sok_dsl_unlock() set. */
SokDslKey *
sok_dsl_unlock_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
wipe_string (char **text)
{
  if (*text != NULL)
    {
      sodium_memzero (*text, strlen (*text));
      g_clear_pointer (text, g_free);
    }
}

void
sok_case_report_free (SokCaseReport *report)
{
  if (report == NULL)
    return;

  g_free (report->report_id);
  g_free (report->kiosk_id);
  g_free (report->date);
  g_free (report->part_of_day);
  g_free (report->locale);
  g_free (report->kiosk_key);
  wipe_string (&report->category);
  wipe_string (&report->risk_area);
  wipe_string (&report->where);
  wipe_string (&report->feeling);
  wipe_string (&report->text);
  g_free (report->age_band);
  wipe_string (&report->name);
  wipe_string (&report->pupil_id);
  for (guint i = 0; report->strokes && i < report->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (report->strokes, i);

      sodium_memzero (stroke->data, stroke->len * sizeof (SokCasePoint));
    }
  g_clear_pointer (&report->strokes, g_ptr_array_unref);
  g_free (report);
}

static gboolean
unreadable (GError    **error,
            const char *why)
{
  g_set_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_UNREADABLE,
               _("This report cannot be read: %s. Keep it in the queue and ask for support"),
               why);
  return FALSE;
}

/* Reads an optional string member; anything but a string or null is an error. */
static gboolean
get_string (JsonObject  *object,
            const char  *name,
            gboolean     required,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *why = g_strdup_printf ("it has no “%s”", name);
          return unreadable (error, why);
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *why = g_strdup_printf ("its “%s” is not text", name);
      return unreadable (error, why);
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *name,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *why = g_strdup_printf ("its “%s” is not true or false", name);
      return unreadable (error, why);
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_number (JsonNode *node,
            double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double)json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

static gboolean
get_varint (const guint8 **p,
            const guint8  *end,
            guint32       *value)
{
  guint32 result = 0;

  for (guint shift = 0; shift < 35; shift += 7)
    {
      if (*p >= end)
        return FALSE;
      result |= (guint32)(**p & 0x7f) << shift;
      if (!(*(*p)++ & 0x80))
        {
          *value = result;
          return TRUE;
        }
    }
  return FALSE;
}

/* A packed drawing (sok-report.c, pack_drawing()): version 1, then
 * varint(strokes) { varint(points) { zigzag-varint(dx) zigzag-varint(dy) }… }…,
 * each stroke starting from (0, 0). */
static gboolean
parse_packed (SokCaseReport  *report,
              const char     *b64,
              double          width,
              double          height,
              GError        **error)
{
  gsize max_len = strlen (b64) / 4 * 3 + 3;
  guint8 *packed = sok_seal_ensure_sodium (NULL) ? sodium_malloc (max_len + 1) : NULL;
  const guint8 *p, *end;
  size_t len = 0;
  guint32 n_strokes;
  guint total = 0;
  gboolean ok = FALSE;

  if (packed == NULL)
    return unreadable (error, "there is not enough memory to read its drawing");

  if (sodium_base642bin (packed, max_len, b64, strlen (b64), NULL, &len, NULL,
                         sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len < 1 || packed[0] != SOK_REPORT_PACKED_DRAWING_V1)
    {
      unreadable (error, "its drawing is not packed in a way this console reads");
      goto out;
    }

  p = packed + 1;
  end = packed + len;
  if (!get_varint (&p, end, &n_strokes) || n_strokes > MAX_STROKES)
    {
      unreadable (error, "its drawing has too many strokes");
      goto out;
    }

  for (guint32 s = 0; s < n_strokes; s++)
    {
      /* Wide enough that no run of deltas can overflow. */
      gint64 x = 0, y = 0;
      guint32 n;
      GArray *stroke;

      /* Subtracted, not added: a count near G_MAXUINT32 would wrap the sum. */
      if (!get_varint (&p, end, &n) || n == 0 || n > MAX_POINTS - total)
        {
          unreadable (error, "its drawing has too many points");
          goto out;
        }
      total += n;

      stroke = g_array_sized_new (FALSE, FALSE, sizeof (SokCasePoint), n);
      g_ptr_array_add (report->strokes, stroke);
      for (guint32 i = 0; i < n; i++)
        {
          SokCasePoint point;
          guint32 a, b;

          if (!get_varint (&p, end, &a) || !get_varint (&p, end, &b))
            {
              unreadable (error, "its drawing is cut short");
              goto out;
            }
          x += (gint64)(a >> 1) ^ -(gint64)(a & 1);
          y += (gint64)(b >> 1) ^ -(gint64)(b & 1);
          if (x < 0 || y < 0 || x > width || y > height)
            {
              unreadable (error, "a point of its drawing lies outside it");
              goto out;
            }
          point.x = (double)x;
          point.y = (double)y;
          g_array_append_val (stroke, point);
        }
    }

  if (p != end)
    unreadable (error, "its drawing has more in it than its strokes");
  else
    ok = TRUE;

out:
  sodium_free (packed);
  return ok;
}

/* The drawing: {"width":W,"height":H,"packed":"…"} (sok-report.c), or as envelopes
 * sealed before drawings were packed: {"width":W,"height":H,"strokes":[[x,y,…],…]}. */
static gboolean
parse_drawing (SokCaseReport  *report,
               JsonNode       *node,
               GError        **error)
{
  JsonObject *object;
  JsonArray *strokes;
  double width = 0, height = 0;
  guint total = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return unreadable (error, "its drawing is not a drawing");

  object = json_node_get_object (node);
  if (!get_number (json_object_get_member (object, "width"), &width) ||
      !get_number (json_object_get_member (object, "height"), &height) ||
      width < 1 || height < 1 || width > MAX_CANVAS || height > MAX_CANVAS)
    return unreadable (error, "its drawing has no sensible size");

  node = json_object_get_member (object, "packed");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return unreadable (error, "its drawing is not packed in a way this console reads");
      if (!parse_packed (report, json_node_get_string (node), width, height, error))
        return FALSE;

      report->drawing_width = (guint)width;
      report->drawing_height = (guint)height;
      return TRUE;
    }

  node = json_object_get_member (object, "strokes");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return unreadable (error, "its drawing has no strokes");
  strokes = json_node_get_array (node);
  if (json_array_get_length (strokes) > MAX_STROKES)
    return unreadable (error, "its drawing has too many strokes");

  for (guint s = 0; s < json_array_get_length (strokes); s++)
    {
      JsonNode *stroke_node = json_array_get_element (strokes, s);
      JsonArray *flat;
      GArray *stroke;
      guint n;

      if (!JSON_NODE_HOLDS_ARRAY (stroke_node))
        return unreadable (error, "a stroke of its drawing is not a list of points");
      flat = json_node_get_array (stroke_node);
      n = json_array_get_length (flat);
      if (n % 2 != 0 || n == 0)
        return unreadable (error, "a stroke of its drawing has an odd number of coordinates");
      total += n / 2;
      if (total > MAX_POINTS)
        return unreadable (error, "its drawing has too many points");

      stroke = g_array_sized_new (FALSE, FALSE, sizeof (SokCasePoint), n / 2);
      g_ptr_array_add (report->strokes, stroke);
      for (guint i = 0; i < n; i += 2)
        {
          SokCasePoint p;

          if (!get_number (json_array_get_element (flat, i), &p.x) ||
              !get_number (json_array_get_element (flat, i + 1), &p.y))
            return unreadable (error, "a point of its drawing is not a number");
          p.x = CLAMP (p.x, 0, width);
          p.y = CLAMP (p.y, 0, height);
          g_array_append_val (stroke, p);
        }
    }

  report->drawing_width = (guint)width;
  report->drawing_height = (guint)height;
  return TRUE;
}

static SokCaseReport *parse_object (JsonObject  *root,
                                    GError     **error);

/* json-glib keeps its own copies of the strings it read: wipe those that may hold
 * what the child wrote before the parser frees them. */
static void
wipe_json_strings (JsonNode *node)
{
  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        wipe_json_strings (member);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      char *text = (char *)json_node_get_string (node);

      if (text != NULL)
        sodium_memzero (text, strlen (text));
    }
}

static SokCaseReport *parse_signed (JsonObject    *root,
                                    const guint8  *plaintext,
                                    gsize          plaintext_len,
                                    GError       **error);

/* @inner: this is the report inside a signed envelope, which may not nest another. */
static SokCaseReport *
parse_plaintext (GBytes    *plaintext,
                 gboolean   inner,
                 GError   **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (SokCaseReport) report = NULL;
  JsonObject *root;
  JsonNode *node;
  JsonNode *format_node;
  const char *data;
  gsize len = 0;
  gint64 format;

  g_return_val_if_fail (plaintext != NULL, NULL);

  data = g_bytes_get_data (plaintext, &len);
  if (len == 0 || !g_utf8_validate (data, (gssize)len, NULL) ||
      !json_parser_load_from_data (parser, data, (gssize)len, NULL))
    {
      unreadable (error, "it is not a report made by a Safe Online Kiosk");
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      unreadable (error, "it is not a report made by a Safe Online Kiosk");
      return NULL;
    }
  root = json_node_get_object (node);

  /* json_object_get_int_member_with_default() is a g_critical on an object or array. */
  format_node = json_object_get_member (root, "format");
  format = format_node != NULL && JSON_NODE_HOLDS_VALUE (format_node)
           ? json_node_get_int (format_node) : 0;
  if (format == SIGNED_FORMAT && !inner)
    report = parse_signed (root, (const guint8 *)data, len, error);
  else if (format != ENVELOPE_FORMAT)
    {
      g_autofree char *why = g_strdup_printf ("it is of format %" G_GINT64_FORMAT
                                              ", and this console reads formats %d and %d; "
                                              "update the DSL console", format,
                                              ENVELOPE_FORMAT, SIGNED_FORMAT);
      unreadable (error, why);
    }
  else
    report = parse_object (root, error);

  wipe_json_strings (node);
  return g_steal_pointer (&report);
}

/**
 * sok_case_report_parse:
 * @plaintext: an opened report (envelope format 1 or 2, JSON)
 *
 * Decodes what the child gave, and checks the kiosk's signature when there is one.
 * Nothing is logged.
 *
 * Returns: (transfer full): the report, or %NULL with %SOK_CASE_ERROR_UNREADABLE.
 */
SokCaseReport *
sok_case_report_parse (GBytes  *plaintext,
                       GError **error)
{
  return parse_plaintext (plaintext, FALSE, error);
}

/* Decodes base64 of exactly @len bytes into @out. */
static gboolean
decode_fixed (const char *text,
              guint8     *out,
              gsize       len)
{
  size_t got = 0;
  const char *end = NULL;

  return text != NULL &&
         sodium_base642bin (out, len, text, strlen (text), NULL, &got, &end,
                            sodium_base64_VARIANT_ORIGINAL) == 0 && *end == '\0' && got == len;
}

/* Envelope format 2: {"format":2,"kiosk_key":…,"signature":…,"report":{…}}, the report
 * being format 1 exactly as its kiosk signed it (sok-kiosk.c). When the signature
 * verifies, what is shown is parsed from the very bytes it covers; otherwise from the
 * envelope's "report", marked: the DSL must see every report. */
static SokCaseReport *
parse_signed (JsonObject    *root,
              const guint8  *plaintext,
              gsize          plaintext_len,
              GError       **error)
{
  g_autoptr (SokCaseReport) report = NULL;
  g_autofree char *kiosk_key = NULL;
  g_autofree char *signature = NULL;
  guint8 public_key[crypto_sign_PUBLICKEYBYTES];
  guint8 sig[crypto_sign_BYTES];
  const guint8 *signed_bytes = NULL;
  gsize signed_len = 0;
  JsonNode *inner;
  SokCaseSignature result = SOK_CASE_SIGNATURE_BAD;

  if (!get_string (root, "kiosk_key", FALSE, &kiosk_key, error) ||
      !get_string (root, "signature", FALSE, &signature, error))
    return NULL;
  inner = json_object_get_member (root, "report");
  if (inner == NULL || !JSON_NODE_HOLDS_OBJECT (inner))
    {
      unreadable (error, "it has no “report”");
      return NULL;
    }

  if ((signature == NULL || g_str_equal (signature, "missing")) && kiosk_key == NULL)
    result = SOK_CASE_SIGNATURE_NONE;
  else if (decode_fixed (kiosk_key, public_key, sizeof public_key) &&
           decode_fixed (signature, sig, sizeof sig) &&
           sok_kiosk_locate_report (plaintext, plaintext_len, &signed_bytes, &signed_len) &&
           sok_kiosk_verify_report (public_key, signed_bytes, signed_len, sig))
    result = SOK_CASE_SIGNATURE_GOOD;

  if (result == SOK_CASE_SIGNATURE_GOOD)
    {
      g_autoptr (GBytes) exact = g_bytes_new_static (signed_bytes, signed_len);

      report = parse_plaintext (exact, TRUE, error);
      if (report != NULL)
        report->kiosk_key = g_base64_encode (public_key, sizeof public_key);
    }
  else
    report = parse_object (json_node_get_object (inner), error);

  if (report == NULL)
    return NULL;
  report->signature = result;
  return g_steal_pointer (&report);
}

static SokCaseReport *
parse_object (JsonObject  *root,
              GError     **error)
{
  g_autoptr (SokCaseReport) report = NULL;

  report = g_new0 (SokCaseReport, 1);
  report->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);

  if (!get_string (root, "report_id", TRUE, &report->report_id, error) ||
      !get_string (root, "kiosk_id", FALSE, &report->kiosk_id, error) ||
      !get_string (root, "date", FALSE, &report->date, error) ||
      !get_string (root, "part_of_day", FALSE, &report->part_of_day, error) ||
      !get_string (root, "locale", FALSE, &report->locale, error) ||
      !get_string (root, "category", FALSE, &report->category, error) ||
      !get_string (root, "risk_area", FALSE, &report->risk_area, error) ||
      !get_string (root, "where", FALSE, &report->where, error) ||
      !get_string (root, "feeling", FALSE, &report->feeling, error) ||
      !get_string (root, "text", FALSE, &report->text, error) ||
      !get_bool (root, "wants_talk", &report->wants_talk, error) ||
      !get_bool (root, "urgent", &report->urgent, error) ||
      !get_string (root, "age_band", FALSE, &report->age_band, error) ||
      !get_string (root, "name", FALSE, &report->name, error) ||
      !get_string (root, "pupil_id", FALSE, &report->pupil_id, error) ||
      !parse_drawing (report, json_object_get_member (root, "drawing"), error))
    return NULL;

  if (report->date != NULL)
    {
      g_autoptr (GDateTime) check = NULL;
      g_autofree char *iso = g_strdup_printf ("%sT12:00:00Z", report->date);

      if (strlen (report->date) != 10 || (check = g_date_time_new_from_iso8601 (iso, NULL)) == NULL)
        {
          unreadable (error, "its date is not a date");
          return NULL;
        }
    }

  return g_steal_pointer (&report);
}

typedef struct
{
  SokDslKey     *key;
  const char    *report_id;
  SokCaseReport *report;
} OpenData;

/* Runs inside the transaction that records the view, so that a report that cannot
 * be read (another key, a swapped envelope) leaves no view behind: nothing was seen. */
static gboolean
open_check_cb (GBytes    *sealed,
               gpointer   user_data,
               GError   **error)
{
  OpenData *d = user_data;
  g_autoptr (GBytes) plain = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (SokCaseReport) report = NULL;

  plain = sok_seal_open (d->key, sealed, &local_error);
  if (plain == NULL)
    {
      g_set_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRONG_KEY,
                   _("Report %s cannot be opened with this DSL key: it was sealed to another "
                     "key (was the DSL key made again?) or it is damaged"), d->report_id);
      return FALSE;
    }

  report = sok_case_report_parse (plain, error);
  if (report == NULL)
    return FALSE;

  if (g_strcmp0 (report->report_id, d->report_id) != 0)
    return unreadable (error, "the report inside is not the one its envelope names");

  d->report = g_steal_pointer (&report);
  return TRUE;
}

/**
 * sok_case_decrypt:
 * @actor: who is opening it
 * @purpose: (nullable): %NULL when a person reads it, or what else it is opened for
 *   (such as "stats"), which the audit log records and which leaves a new case new
 *
 * Opens the sealed report @report_id with @key and decodes it. The view is recorded
 * in the audit log in the same transaction as the report is read (on PostgreSQL
 * there is no other way to read it), and only when it opens. Checks that the report
 * inside is the one the envelope names, so envelopes cannot be swapped. The queue is
 * given @key (sok_queue_set_dsl_key()) when it has none.
 *
 * Returns: (transfer full): the report, or %NULL with %SOK_QUEUE_ERROR (not found,
 *   unreachable), %SOK_CASE_ERROR_WRONG_KEY or %SOK_CASE_ERROR_UNREADABLE.
 */
SokCaseReport *
sok_case_decrypt (SokQueue    *queue,
                  SokDslKey   *key,
                  const char  *report_id,
                  const char  *actor,
                  const char  *purpose,
                  GError     **error)
{
  g_autoptr (GBytes) sealed = NULL;
  OpenData d = { key, report_id, NULL };

  g_return_val_if_fail (SOK_IS_QUEUE (queue), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (report_id != NULL, NULL);

  if (sok_queue_get_dsl_key (queue) == NULL)
    sok_queue_set_dsl_key (queue, key);

  sealed = sok_queue_open_sealed (queue, report_id, actor, purpose, open_check_cb, &d, error);
  if (sealed == NULL)
    {
      g_clear_pointer (&d.report, sok_case_report_free);
      return NULL;
    }
  return d.report;
}

/**
 * sok_case_open:
 * @actor: who is looking
 *
 * sok_case_decrypt() for a person reading the report: "@actor viewed @report_id" is
 * in the audit log (and a new case is open) before the report is returned.
 *
 * Returns: (transfer full): the report, or %NULL with an error as sok_case_decrypt().
 */
SokCaseReport *
sok_case_open (SokQueue    *queue,
               SokDslKey   *key,
               const char  *report_id,
               const char  *actor,
               GError     **error)
{
  return sok_case_decrypt (queue, key, report_id, actor, NULL, error);
}

/**
 * sok_case_report_check_signature:
 * @registry: the kiosks the DSL decided on (sok_kiosk_registry_load())
 * @received_at: when the queue received the report (SokQueueCase.received_at)
 *
 * Returns: who the report can be trusted to come from: valid only when an approved
 *   kiosk signed exactly this report
 */
SokSignatureState
sok_case_report_check_signature (const SokCaseReport *report,
                                 SokKioskRegistry    *registry,
                                 gint64               received_at)
{
  g_return_val_if_fail (report != NULL, SOK_SIGNATURE_INVALID);
  g_return_val_if_fail (registry != NULL, SOK_SIGNATURE_INVALID);

  switch (report->signature)
    {
    case SOK_CASE_SIGNATURE_NONE:
      return SOK_SIGNATURE_MISSING;
    case SOK_CASE_SIGNATURE_GOOD:
      return sok_kiosk_registry_check (registry, report->kiosk_key, received_at);
    case SOK_CASE_SIGNATURE_BAD:
    default:
      return SOK_SIGNATURE_INVALID;
    }
}

static const char *
check_result_of (const SokCaseReport *report)
{
  switch (report->signature)
    {
    case SOK_CASE_SIGNATURE_GOOD: return "good";
    case SOK_CASE_SIGNATURE_NONE: return "none";
    case SOK_CASE_SIGNATURE_BAD:
    default: return "bad";
    }
}

/**
 * sok_case_remember_signature:
 *
 * Keeps what @report's signature check found (sok_kiosk_registry_remember()), so
 * that lists need not open it again. Called once a report is open anyway.
 */
gboolean
sok_case_remember_signature (SokQueue            *queue,
                             SokDslKey           *key,
                             SokKioskRegistry    *registry,
                             const SokCaseReport *report,
                             GError             **error)
{
  g_return_val_if_fail (report != NULL, FALSE);

  if (sok_kiosk_registry_get_check (registry, report->report_id, NULL) != NULL)
    return TRUE;
  return sok_kiosk_registry_remember (registry, queue, key, report->report_id,
                                      check_result_of (report), report->kiosk_key, error);
}

/**
 * sok_case_check_signature:
 * @item: a case from sok_queue_list_cases()
 * @actor: who is listing, for the audit log
 *
 * Who signed @item's report, for the lists of the console and `sokctl queue list`.
 * The first time, the report is opened to check it (recorded in the audit log as a
 * view for "signature check", which leaves a new case new; nothing of it is shown),
 * and the result is kept in the queue with the DSL key's MAC, so it is opened for
 * this only once.
 *
 * Returns: the signature's state; %SOK_SIGNATURE_UNREADABLE when the report cannot
 *   be opened
 */
SokSignatureState
sok_case_check_signature (SokQueue           *queue,
                          SokDslKey          *key,
                          SokKioskRegistry   *registry,
                          const SokQueueCase *item,
                          const char         *actor)
{
  const char *kiosk_key = NULL;
  const char *result;

  g_return_val_if_fail (SOK_IS_QUEUE (queue), SOK_SIGNATURE_UNREADABLE);
  g_return_val_if_fail (item != NULL, SOK_SIGNATURE_UNREADABLE);

  result = sok_kiosk_registry_get_check (registry, item->report_id, &kiosk_key);
  if (result == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SokCaseReport) report = NULL;

      report = sok_case_decrypt (queue, key, item->report_id, actor, "signature check", &error);
      if (report != NULL)
        sok_case_remember_signature (queue, key, registry, report, NULL);
      else if (error->domain == SOK_CASE_ERROR)
        sok_kiosk_registry_remember (registry, queue, key, item->report_id, "unreadable", NULL,
                                     NULL);
      else
        return SOK_SIGNATURE_UNREADABLE;  /* the queue failed: check again next time */

      result = sok_kiosk_registry_get_check (registry, item->report_id, &kiosk_key);
    }

  if (g_strcmp0 (result, "good") == 0)
    return sok_kiosk_registry_check (registry, kiosk_key, item->received_at);
  if (g_strcmp0 (result, "none") == 0)
    return SOK_SIGNATURE_MISSING;
  if (g_strcmp0 (result, "unreadable") == 0)
    return SOK_SIGNATURE_UNREADABLE;
  return SOK_SIGNATURE_INVALID;
}

/**
 * sok_case_report_dup_words:
 * @content: (nullable): the school's report choices
 * @id: (nullable): a choice id from a report
 *
 * Returns: (transfer full) (nullable): the words the child saw on the tile, or the id
 *   itself when this school's choices do not have it (it was removed since); %NULL
 *   when @id is %NULL.
 */
char *
sok_case_report_dup_words (SokReportContent *content,
                           SokChoiceKind     kind,
                           const char       *id)
{
  const SokChoice *choice;

  if (id == NULL)
    return NULL;
  choice = content ? sok_report_content_find (content, kind, id) : NULL;
  return g_strdup (choice && choice->words ? choice->words : id);
}

/* Returns: (transfer full): "2026-11-23, morning" — the coarse time of the report. */
char *
sok_case_report_dup_when (const SokCaseReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  if (report->date == NULL)
    return g_strdup (_("not known"));
  if (g_strcmp0 (report->part_of_day, "morning") == 0)
    /* Translators: a date, then the part of the day */
    return g_strdup_printf (_("%s, morning"), report->date);
  if (g_strcmp0 (report->part_of_day, "afternoon") == 0)
    return g_strdup_printf (_("%s, afternoon"), report->date);
  return g_strdup (report->date);
}

gboolean
sok_case_report_has_drawing (const SokCaseReport *report)
{
  g_return_val_if_fail (report != NULL, FALSE);

  return report->drawing_width > 0 && report->strokes->len > 0;
}

/**
 * sok_case_report_draw:
 * @cr: where to draw
 * @width: the room for the drawing
 *
 * Draws the child's drawing on white, scaled to fit @width × @height with its shape
 * kept, at the top left of the current user space.
 */
void
sok_case_report_draw (const SokCaseReport *report,
                      cairo_t             *cr,
                      double               width,
                      double               height)
{
  double scale;
  double w, h;

  g_return_if_fail (report != NULL);
  g_return_if_fail (cr != NULL);

  if (!sok_case_report_has_drawing (report) || width <= 0 || height <= 0)
    return;

  scale = MIN (width / report->drawing_width, height / report->drawing_height);
  w = report->drawing_width * scale;
  h = report->drawing_height * scale;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  cairo_rectangle (cr, 0, 0, w, h);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0.10, 0.20, 0.45);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, MAX (1.5, 6 * scale));
  for (guint s = 0; s < report->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (report->strokes, s);
      const SokCasePoint *p = (const SokCasePoint *)stroke->data;

      cairo_move_to (cr, p[0].x * scale, p[0].y * scale);
      if (stroke->len == 1)
        cairo_line_to (cr, p[0].x * scale, p[0].y * scale);
      for (guint i = 1; i < stroke->len; i++)
        cairo_line_to (cr, p[i].x * scale, p[i].y * scale);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* Returns: the action's label for people (translated), or @kind when unknown. */
const char *
sok_case_get_action_label (const char *kind)
{
  const SokCaseActionKind *found = sok_case_find_action_kind (kind);

  return found ? _(found->label) : kind;
}

/* Returns: the outcome's label for people (translated), or @outcome when unknown. */
const char *
sok_case_get_outcome_label (const char *outcome)
{
  const SokCaseOutcome *found = sok_case_find_outcome (outcome);

  return found ? _(found->label) : outcome;
}

/* Returns: (transfer full): @usec (since the epoch) as local "YYYY-MM-DD HH:MM". */
/**
 * sok_case_format_received:
 * @usec: when the queue received a report, µs since the epoch
 *
 * When a report arrived, only as finely as the child's own coarse time: the date and
 * morning or afternoon. Reports go to the queue the moment they are sent, so the
 * minute they arrived is the minute a child stood at the kiosk; shown to that minute,
 * an anonymous report could be matched to who was there.
 *
 * Returns: (transfer full): e.g. "2026-11-23, afternoon"
 */
char *
sok_case_format_received (gint64 usec)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *date = NULL;

  if (local == NULL)
    return g_strdup ("?");

  date = g_date_time_format (local, "%Y-%m-%d");
  if (g_date_time_get_hour (local) < 12)
    /* Translators: a date, then the part of the day */
    return g_strdup_printf (_("%s, morning"), date);
  return g_strdup_printf (_("%s, afternoon"), date);
}

char *
sok_case_format_time (gint64 usec)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/**
 * sok_case_export_format_for_path:
 *
 * Picks the export format from @path's ending (.csv or .pdf, any case). Sets
 * %SOK_CASE_ERROR_INVALID for any other.
 */
gboolean
sok_case_export_format_for_path (const char          *path,
                                 SokCaseExportFormat *format,
                                 GError             **error)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".csv"))
    *format = SOK_CASE_EXPORT_CSV;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = SOK_CASE_EXPORT_PDF;
  else
    {
      g_set_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_INVALID,
                   _("%s must end in .csv or .pdf, to say which kind of file to make"), path);
      return FALSE;
    }
  return TRUE;
}

static void
csv_cell (GString    *out,
          const char *value,
          gboolean    last)
{
  /* What a child typed must never become a formula: sok_csv_append_field() sees to it. */
  sok_csv_append_field (out, value, SOK_CSV_QUOTE_ALWAYS);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_row (GString    *out,
         const char *section,
         const char *field,
         const char *value,
         const char *by,
         const char *at)
{
  csv_cell (out, section, FALSE);
  csv_cell (out, field, FALSE);
  csv_cell (out, value, FALSE);
  csv_cell (out, by, FALSE);
  csv_cell (out, at, TRUE);
}

/* The fields of a report, in the order the DSL reads them. Values are owned. */
typedef struct
{
  const char *field;
  const char *label;
  char       *value;
} Field;

static GArray *
report_fields (const SokCaseReport *report,
               const SokQueueCase  *item,
               SokReportContent    *content)
{
  GArray *fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_autofree char *category = sok_case_report_dup_words (content, SOK_CHOICE_CATEGORY,
                                                         report->category);
  g_autofree char *where = sok_case_report_dup_words (content, SOK_CHOICE_WHERE, report->where);
  g_autofree char *feeling = sok_case_report_dup_words (content, SOK_CHOICE_FEELING,
                                                        report->feeling);
  Field list[] = {
    { "report_id", N_("Report"), g_strdup (report->report_id) },
    { "kiosk_id", N_("Kiosk"), g_strdup (report->kiosk_id) },
    { "received", N_("Received"), sok_case_format_received (item->received_at) },
    { "when", N_("When the child told"), sok_case_report_dup_when (report) },
    { "urgent", N_("I need help now"), g_strdup (report->urgent ? _("yes") : _("no")) },
    { "category", N_("What happened"), g_strdup (category) },
    { "risk_area", N_("Risk area"), g_strdup (report->risk_area) },
    { "where", N_("Where"), g_strdup (where) },
    { "feeling", N_("How the child feels"), g_strdup (feeling) },
    { "text", N_("What the child wrote"), g_strdup (report->text) },
    { "drawing", N_("Drawing"), g_strdup (sok_case_report_has_drawing (report)
                                          ? _("yes (in the PDF)") : _("none")) },
    { "wants_talk", N_("Asked to talk to a grown-up"),
      g_strdup (report->wants_talk ? _("yes") : _("no")) },
    { "name", N_("Name given"), g_strdup (report->name) },
    { "age_band", N_("Age"), g_strdup (report->age_band) },
    { "status", N_("Status"), g_strdup (sok_case_status_to_string (item->status)) },
    { "outcome", N_("Outcome"), g_strdup (item->outcome ? sok_case_get_outcome_label (item->outcome)
                                                        : NULL) },
  };

  g_array_append_vals (fields, list, G_N_ELEMENTS (list));
  return fields;
}

static void
fields_free (GArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    wipe_string (&g_array_index (fields, Field, i).value);
  g_array_unref (fields);
}

static gboolean
write_csv (const SokCaseReport  *report,
           const SokQueueCase   *item,
           GPtrArray            *actions,
           SokReportContent     *content,
           const char           *actor,
           const char           *path,
           GError              **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *now = sok_case_format_time (g_get_real_time ());
  GArray *fields = report_fields (report, item, content);
  GString *out = g_string_new ("section,field,value,by,at\r\n");
  gboolean ok;

  for (guint i = 0; i < fields->len; i++)
    {
      Field *f = &g_array_index (fields, Field, i);

      csv_row (out, "report", f->field, f->value, NULL, NULL);
    }
  for (guint i = 0; i < actions->len; i++)
    {
      SokQueueAction *a = g_ptr_array_index (actions, i);
      g_autofree char *at = sok_case_format_time (a->at);
      g_autofree char *value = NULL;

      if (a->reason != NULL && a->note != NULL)
        value = g_strdup_printf (_("%s — reason: %s"), a->note, a->reason);
      else if (a->reason != NULL)
        value = g_strdup_printf (_("reason: %s"), a->reason);
      else
        value = g_strdup (a->note);
      csv_row (out, "action", a->kind, value, a->by, at);
    }
  csv_row (out, "export", "exported", "csv", actor, now);

  ok = g_file_set_contents_full (path, out->str, (gssize)out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error);
  sodium_memzero (out->str, out->len);
  g_string_free (out, TRUE);
  fields_free (fields);

  if (!ok)
    g_set_error (error, SOK_CASE_ERROR, SOK_CASE_ERROR_WRITE,
                 _("Could not write %s: %s. Check that its folder exists and can be "
                   "written to."), path, local_error->message);
  return ok;
}

static gboolean
write_pdf (const SokCaseReport  *report,
           const SokQueueCase   *item,
           GPtrArray            *actions,
           SokReportContent     *content,
           const char           *actor,
           const char           *path,
           GError              **error)
{
  g_autoptr (SokPdfDocument) doc = NULL;
  g_autofree char *title = g_strdup_printf (_("Online-safety report %s"), report->report_id);
  g_autofree char *now = sok_case_format_time (g_get_real_time ());
  g_autofree char *footer = NULL;
  GArray *fields = report_fields (report, item, content);

  doc = sok_pdf_document_new (title);
  sok_pdf_document_text (doc, title, 18, TRUE);
  sok_pdf_document_text (doc, _("Confidential: safeguarding record. Keep it where only the "
                                "safeguarding team can read it."), 9, FALSE);
  sok_pdf_document_skip (doc, 8);

  for (guint i = 0; i < fields->len; i++)
    {
      Field *f = &g_array_index (fields, Field, i);

      if (g_str_equal (f->field, "drawing"))
        continue;
      sok_pdf_document_pair (doc, _(f->label), f->value);
    }
  fields_free (fields);

  if (sok_case_report_has_drawing (report))
    {
      double room = sok_pdf_document_get_width (doc);
      double h = room * report->drawing_height / report->drawing_width;
      cairo_t *cr = sok_pdf_document_get_cairo (doc);
      double top;

      h = MIN (h, 360);
      /* The label stays with its drawing. */
      top = sok_pdf_document_reserve (doc, h + 24);
      sok_pdf_document_show (doc, _("Drawing"), SOK_PDF_MARGIN, top, 9, TRUE, 0);
      cairo_save (cr);
      cairo_translate (cr, SOK_PDF_MARGIN, top + 16);
      sok_case_report_draw (report, cr, room, h);
      cairo_restore (cr);
    }

  sok_pdf_document_skip (doc, 8);
  sok_pdf_document_text (doc, _("Actions"), 14, TRUE);
  if (actions->len == 0)
    sok_pdf_document_text (doc, _("None recorded."), 11, FALSE);
  for (guint i = 0; i < actions->len; i++)
    {
      SokQueueAction *a = g_ptr_array_index (actions, i);
      g_autofree char *at = sok_case_format_time (a->at);
      g_autofree char *head = g_strdup_printf (_("%s — %s, %s"), sok_case_get_action_label (a->kind),
                                               a->by, at);

      sok_pdf_document_text (doc, head, 11, TRUE);
      if (a->note != NULL && *a->note != '\0')
        sok_pdf_document_text (doc, a->note, 11, FALSE);
      if (a->reason != NULL && *a->reason != '\0')
        {
          g_autofree char *reason = g_strdup_printf (_("Reason: %s"), a->reason);
          sok_pdf_document_text (doc, reason, 11, FALSE);
        }
    }

  sok_pdf_document_skip (doc, 12);
  footer = g_strdup_printf (_("Exported by %s on %s from Safe Online Kiosk."), actor, now);
  sok_pdf_document_text (doc, footer, 9, FALSE);

  return save_pdf (doc, path, error);
}

/**
 * sok_case_export:
 * @report: the opened report
 * @content: (nullable): the school's report choices, for the words on the tiles
 * @actor: who exports it
 * @path: the file to write (mode 0600; replaced only once complete)
 *
 * Writes one case — what the child gave, its status, outcome and every action — as
 * CSV (columns section, field, value, by, at) or as a PDF with the drawing, then
 * appends "@actor exported @report_id as csv/pdf" to the audit log. When the audit
 * entry cannot be written the file is removed again.
 */
gboolean
sok_case_export (SokQueue             *queue,
                 const SokCaseReport  *report,
                 SokReportContent     *content,
                 const char           *actor,
                 SokCaseExportFormat   format,
                 const char           *path,
                 GError              **error)
{
  g_autoptr (SokQueueCase) item = NULL;
  g_autoptr (GPtrArray) actions = NULL;
  const char *format_name = format == SOK_CASE_EXPORT_PDF ? "pdf" : "csv";
  gboolean ok;

  g_return_val_if_fail (SOK_IS_QUEUE (queue), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (actor == NULL || *actor == '\0')
    {
      g_set_error (error, SOK_QUEUE_ERROR, SOK_QUEUE_ERROR_INVALID,
                   "Every entry in the case record needs the name of who made it");
      return FALSE;
    }

  item = sok_queue_get_case (queue, report->report_id, error);
  if (item == NULL)
    return FALSE;
  actions = sok_queue_list_actions (queue, report->report_id, error);
  if (actions == NULL)
    return FALSE;

  if (format == SOK_CASE_EXPORT_PDF)
    ok = write_pdf (report, item, actions, content, actor, path, error);
  else
    ok = write_csv (report, item, actions, content, actor, path, error);
  if (!ok)
    return FALSE;

  if (!sok_queue_record_export (queue, report->report_id, actor, format_name, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}
