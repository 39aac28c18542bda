/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-agreement"

#include "config.h"

#include <math.h>

#include "sok-agreement.h"
#include "sok-roster.h"

/* Pupils' yearly agreements to their AUP: recording one durably, telling whether a
 * pupil has agreed this school year, and the lists staff and sokctl need. */

G_DEFINE_QUARK (sok-agreement-error-quark, sok_agreement_error)

/**
 * sok_school_year_for:
 * @when: a moment, in the time zone whose calendar counts (the kiosk's local time)
 *
 * The school year runs from 1 September to 31 August and is named by the calendar
 * year it starts in: 2026 for 2026-27, so 31 August 2027 is in 2026 and 1 September
 * 2027 in 2027.
 */
int
sok_school_year_for (GDateTime *when)
{
  g_return_val_if_fail (when != NULL, 0);

  return g_date_time_get_month (when) >= 9 ? g_date_time_get_year (when)
                                           : g_date_time_get_year (when) - 1;
}

/* "2026-27" for 2026. */
char *
sok_school_year_dup_label (int school_year)
{
  return g_strdup_printf ("%d-%02d", school_year, (school_year + 1) % 100);
}

const char *
sok_agreement_method_to_string (SokAgreementMethod method)
{
  return method == SOK_AGREEMENT_METHOD_SIGNATURE ? "signature" : "tap";
}

/* ---- Signatures ------------------------------------------------------------------ */

/* A signature is kept as strokes of points on a SOK_SIGNATURE_GRID grid over the pad,
 * so it is the same whatever the pad's size in pixels. Encoded (version 1):
 *
 *   "SK" 0x01  varint(strokes)  { varint(points) varint(x0) varint(y0)
 *                                 { zigzag-varint(dx) zigzag-varint(dy) }… }…
 *
 * A finger signature of a few hundred points takes well under a kilobyte. */

struct _SokSignature
{
  GPtrArray *strokes;  /* of GArray of guint16[2] */
  guint      n_points;
  gboolean   full;     /* a stroke beyond the cap was begun: its points are dropped */
};

SokSignature *
sok_signature_new (void)
{
  SokSignature *self = g_new0 (SokSignature, 1);

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  return self;
}

void
sok_signature_free (SokSignature *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->strokes);
  g_free (self);
}

/* Forgets every stroke ("Try again"). */
void
sok_signature_clear (SokSignature *self)
{
  g_return_if_fail (self != NULL);
  g_ptr_array_set_size (self->strokes, 0);
  self->n_points = 0;
  self->full = FALSE;
}

static GArray *
current_stroke (SokSignature *self)
{
  return self->strokes->len ? g_ptr_array_index (self->strokes, self->strokes->len - 1) : NULL;
}

/* Starts a stroke: call it when the finger touches the pad. */
void
sok_signature_begin_stroke (SokSignature *self)
{
  GArray *stroke;

  g_return_if_fail (self != NULL);

  stroke = current_stroke (self);
  if (stroke != NULL && stroke->len == 0)
    return;
  if (self->strokes->len >= SOK_SIGNATURE_MAX_STROKES)
    {
      self->full = TRUE;
      return;
    }
  g_ptr_array_add (self->strokes, g_array_new (FALSE, FALSE, sizeof (guint16) * 2));
}

/**
 * sok_signature_add_point:
 * @x: across the pad, 0 (left) to 1 (right); outside values are clamped
 * @y: down the pad, 0 (top) to 1 (bottom)
 *
 * Adds a point to the current stroke (starting one when there is none).
 *
 * Returns: %FALSE when the signature is full (%SOK_SIGNATURE_MAX_POINTS points or
 *   %SOK_SIGNATURE_MAX_STROKES strokes) and the point was not kept.
 */
gboolean
sok_signature_add_point (SokSignature *self,
                         double        x,
                         double        y)
{
  GArray *stroke;
  guint16 point[2];

  g_return_val_if_fail (self != NULL, FALSE);

  if (current_stroke (self) == NULL)
    sok_signature_begin_stroke (self);
  stroke = current_stroke (self);
  if (self->full || self->n_points >= SOK_SIGNATURE_MAX_POINTS)
    return FALSE;

  point[0] = (guint16)(CLAMP (isnan (x) ? 0 : x, 0.0, 1.0) * SOK_SIGNATURE_GRID + 0.5);
  point[1] = (guint16)(CLAMP (isnan (y) ? 0 : y, 0.0, 1.0) * SOK_SIGNATURE_GRID + 0.5);

  /* A finger resting still adds nothing. */
  if (stroke->len > 0)
    {
      guint16 *last = &g_array_index (stroke, guint16, (stroke->len - 1) * 2);

      if (last[0] == point[0] && last[1] == point[1])
        return TRUE;
    }

  g_array_append_vals (stroke, point, 1);
  self->n_points++;
  return TRUE;
}

gboolean
sok_signature_is_empty (SokSignature *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->n_points == 0;
}

guint
sok_signature_get_n_strokes (SokSignature *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->strokes->len; i++)
    if (((GArray *)g_ptr_array_index (self->strokes, i))->len > 0)
      n++;
  return n;
}

guint
sok_signature_get_n_points (SokSignature *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_points;
}

static void
put_varint (GByteArray *out,
            guint32     value)
{
  do
    {
      guint8 byte = value & 0x7f;

      value >>= 7;
      if (value)
        byte |= 0x80;
      g_byte_array_append (out, &byte, 1);
    }
  while (value);
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

/**
 * sok_signature_encode:
 *
 * Returns: (transfer full): the compact encoding stored with the agreement.
 */
GBytes *
sok_signature_encode (SokSignature *self)
{
  GByteArray *out = g_byte_array_new ();

  g_return_val_if_fail (self != NULL, NULL);

  g_byte_array_append (out, (const guint8 *)"SK\x01", 3);
  put_varint (out, sok_signature_get_n_strokes (self));
  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, s);
      int px = 0, py = 0;

      if (stroke->len == 0)
        continue;
      put_varint (out, stroke->len);
      for (guint i = 0; i < stroke->len; i++)
        {
          guint16 *pt = &g_array_index (stroke, guint16, i * 2);

          if (i == 0)
            {
              put_varint (out, pt[0]);
              put_varint (out, pt[1]);
            }
          else
            {
              int dx = pt[0] - px, dy = pt[1] - py;

              /* Zigzag, shifting unsigned: a left shift of a negative int is
               * undefined behaviour (UBSan flags it). */
              put_varint (out, ((guint32)dx << 1) ^ (guint32)(dx >> 31));
              put_varint (out, ((guint32)dy << 1) ^ (guint32)(dy >> 31));
            }
          px = pt[0];
          py = pt[1];
        }
    }

  return g_byte_array_free_to_bytes (out);
}

/**
 * sok_signature_decode:
 *
 * Returns: (transfer full): the signature stored as @bytes, or %NULL with
 *   %SOK_AGREEMENT_ERROR_SIGNATURE when they are not a signature this version reads.
 */
SokSignature *
sok_signature_decode (GBytes  *bytes,
                      GError **error)
{
  g_autoptr (SokSignature) self = sok_signature_new ();
  gsize size = 0;
  const guint8 *p = g_bytes_get_data (bytes, &size);
  const guint8 *end;
  guint32 n_strokes;

  /* Empty bytes come back as NULL, and NULL + 0 is undefined behaviour. */
  if (p == NULL || size < 3 || memcmp (p, "SK\x01", 3) != 0)
    goto bad;
  end = p + size;
  p += 3;
  if (!get_varint (&p, end, &n_strokes) || n_strokes > SOK_SIGNATURE_MAX_STROKES)
    goto bad;

  for (guint32 s = 0; s < n_strokes; s++)
    {
      guint32 n_points;
      /* Wide enough that a stored delta near G_MAXINT32 cannot overflow the sum. */
      gint64 x = 0, y = 0;
      GArray *stroke;

      /* Subtracted, not added: a count near G_MAXUINT32 would wrap the sum past the
       * check and ask for gigabytes. self->n_points never exceeds the cap. */
      if (!get_varint (&p, end, &n_points) || n_points == 0 ||
          n_points > SOK_SIGNATURE_MAX_POINTS - self->n_points)
        goto bad;
      stroke = g_array_sized_new (FALSE, FALSE, sizeof (guint16) * 2, n_points);
      g_ptr_array_add (self->strokes, stroke);
      for (guint32 i = 0; i < n_points; i++)
        {
          guint32 a, b;
          guint16 pt[2];

          if (!get_varint (&p, end, &a) || !get_varint (&p, end, &b))
            goto bad;
          if (i == 0)
            x = a, y = b;
          else
            {
              x += (gint64)(a >> 1) ^ -(gint64)(a & 1);
              y += (gint64)(b >> 1) ^ -(gint64)(b & 1);
            }
          if (x < 0 || y < 0 || x > SOK_SIGNATURE_GRID || y > SOK_SIGNATURE_GRID)
            goto bad;
          pt[0] = (guint16)x;
          pt[1] = (guint16)y;
          g_array_append_vals (stroke, pt, 1);
          self->n_points++;
        }
    }
  if (p != end)
    goto bad;

  return g_steal_pointer (&self);

bad:
  g_set_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_SIGNATURE,
               "The stored signature cannot be read (%" G_GSIZE_FORMAT " bytes); it was "
               "not written by this version of the kiosk", size);
  return NULL;
}

/**
 * sok_signature_dup_svg_path:
 * @width: the width to draw at
 * @height: the height to draw at
 *
 * Returns: (transfer full): the strokes as SVG path data ("M x y L x y …"), for a
 *   certificate or a cairo path; "" when empty.
 */
char *
sok_signature_dup_svg_path (SokSignature *self,
                            double        width,
                            double        height)
{
  GString *out = g_string_new (NULL);
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (self != NULL, NULL);

  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, s);

      for (guint i = 0; i < stroke->len; i++)
        {
          guint16 *pt = &g_array_index (stroke, guint16, i * 2);

          g_ascii_formatd (x, sizeof x, "%.1f", pt[0] * width / SOK_SIGNATURE_GRID);
          g_ascii_formatd (y, sizeof y, "%.1f", pt[1] * height / SOK_SIGNATURE_GRID);
          g_string_append_printf (out, "%s%s %s %s", out->len ? " " : "", i ? "L" : "M", x, y);
          /* A dot is drawn as a stroke to itself. */
          if (stroke->len == 1)
            g_string_append_printf (out, " L %s %s", x, y);
        }
    }

  return g_string_free (out, FALSE);
}

/* ---- Agreements ------------------------------------------------------------------- */

void
sok_agreement_free (SokAgreement *agreement)
{
  if (agreement == NULL)
    return;
  g_free (agreement->forename);
  g_free (agreement->surname);
  g_free (agreement->class_name);
  g_free (agreement->band);
  g_free (agreement->aup_sha256);
  g_free (agreement->aup_locale);
  g_free (agreement->method);
  g_free (agreement);
}

void
sok_class_completion_free (SokClassCompletion *completion)
{
  if (completion == NULL)
    return;
  g_free (completion->class_name);
  g_array_unref (completion->not_yet);
  g_free (completion);
}

/* Checks that the pupil and the AUP version exist and belong together. */
static gboolean
check_pupil_and_version (SokStore  *store,
                         gint64     pupil_id,
                         gint64     aup_version_id,
                         GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  SokAgeBand band;
  int year_group;
  const char *version_band;

  stmt = sok_store_prepare (store,
                            "SELECT p.year_group, v.band FROM pupils p, aup_versions v "
                            "WHERE p.id = ? AND v.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, pupil_id);
  sqlite3_bind_int64 (stmt, 2, aup_version_id);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_INVALID,
                   "Pupil %" G_GINT64_FORMAT " or AUP version %" G_GINT64_FORMAT
                   " is not on this kiosk; the agreement was not recorded",
                   pupil_id, aup_version_id);
      return FALSE;
    }

  year_group = sqlite3_column_int (stmt, 0);
  version_band = (const char *)sqlite3_column_text (stmt, 1);
  band = sok_age_band_for_year_group (year_group);
  if (g_strcmp0 (version_band, sok_age_band_to_string (band)) != 0)
    {
      g_set_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_INVALID,
                   "Pupil %" G_GINT64_FORMAT " is in the %s band but AUP version %"
                   G_GINT64_FORMAT " is the %s AUP; the agreement was not recorded",
                   pupil_id, sok_age_band_to_string (band), aup_version_id, version_band);
      return FALSE;
    }

  return TRUE;
}

/**
 * sok_agreement_record:
 * @pupil_id: the pupil who agreed
 * @aup_version_id: the words they agreed to, from sok_aup_ensure_version()
 * @method: signed or tapped
 * @read_aloud: whether the rules were read aloud to them
 * @with_adult: whether a grown-up helped
 * @signature: (nullable): the signature, for %SOK_AGREEMENT_METHOD_SIGNATURE (required
 *   then, and not empty); must be %NULL or empty for a tap
 * @at: (nullable): when; %NULL for now. Its calendar decides the school year.
 * @out_agreement_id: (out) (optional): the new agreement's id
 *
 * Records an agreement in one transaction, committed durably (the store syncs every
 * commit) before this returns, so the kiosk may then say "Thank you".
 */
gboolean
sok_agreement_record (SokStore           *store,
                      gint64              pupil_id,
                      gint64              aup_version_id,
                      SokAgreementMethod  method,
                      gboolean            read_aloud,
                      gboolean            with_adult,
                      SokSignature       *signature,
                      GDateTime          *at,
                      gint64             *out_agreement_id,
                      GError            **error)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (GBytes) encoded = NULL;
  gboolean has_signature = signature != NULL && !sok_signature_is_empty (signature);

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (method == SOK_AGREEMENT_METHOD_SIGNATURE ||
                        method == SOK_AGREEMENT_METHOD_TAP, FALSE);

  if (method == SOK_AGREEMENT_METHOD_SIGNATURE && !has_signature)
    {
      g_set_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_INVALID,
                   "A signed agreement needs a signature; the agreement was not recorded");
      return FALSE;
    }
  if (method == SOK_AGREEMENT_METHOD_TAP && has_signature)
    {
      g_set_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_INVALID,
                   "A tapped agreement has no signature; the agreement was not recorded");
      return FALSE;
    }

  if (at == NULL)
    at = now = g_date_time_new_now_local ();
  if (has_signature)
    encoded = sok_signature_encode (signature);

  if (!sok_store_begin (store, error))
    return FALSE;

  if (!check_pupil_and_version (store, pupil_id, aup_version_id, error))
    {
      sok_store_rollback (store);
      return FALSE;
    }

  insert = sok_store_prepare (store,
                              "INSERT INTO agreements (pupil_id, aup_version_id, school_year, "
                              "agreed_at, method, read_aloud, with_adult, signature) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    {
      sok_store_rollback (store);
      return FALSE;
    }
  sqlite3_bind_int64 (insert, 1, pupil_id);
  sqlite3_bind_int64 (insert, 2, aup_version_id);
  sqlite3_bind_int (insert, 3, sok_school_year_for (at));
  sqlite3_bind_int64 (insert, 4, g_date_time_to_unix (at));
  sqlite3_bind_text (insert, 5, sok_agreement_method_to_string (method), -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 6, read_aloud ? 1 : 0);
  sqlite3_bind_int (insert, 7, with_adult ? 1 : 0);
  if (encoded)
    sqlite3_bind_blob (insert, 8, g_bytes_get_data (encoded, NULL),
                       (int)g_bytes_get_size (encoded), SQLITE_STATIC);
  else
    sqlite3_bind_null (insert, 8);

  if (!sok_store_step_done (store, insert, error))
    {
      sok_store_rollback (store);
      return FALSE;
    }
  if (out_agreement_id)
    *out_agreement_id = sqlite3_last_insert_rowid (sok_store_get_db (store));

  return sok_store_commit (store, error);
}

typedef struct
{
  char               *data_dir;
  gint64              pupil_id;
  gint64              aup_version_id;
  SokAgreementMethod  method;
  gboolean            read_aloud;
  gboolean            with_adult;
  GBytes             *signature;  /* encoded, or NULL */
  gint64              at;         /* when the child tapped, seconds since the epoch */
} RecordData;

static void
record_data_free (gpointer data)
{
  RecordData *record = data;

  g_free (record->data_dir);
  g_clear_pointer (&record->signature, g_bytes_unref);
  g_free (record);
}

static void
record_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RecordData *record = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SokStore) store = NULL;
  g_autoptr (SokSignature) signature = NULL;
  g_autoptr (GDateTime) at = g_date_time_new_from_unix_local (record->at);
  gint64 agreement_id = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* One SQLite connection per thread: this one is opened here and closed here. */
  if (!(store = sok_store_open (record->data_dir, &error)) ||
      (record->signature != NULL &&
       !(signature = sok_signature_decode (record->signature, &error))) ||
      !sok_agreement_record (store, record->pupil_id, record->aup_version_id, record->method,
                             record->read_aloud, record->with_adult, signature, at,
                             &agreement_id, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, agreement_id);
}

/**
 * sok_agreement_record_async:
 * @data_dir: the kiosk's data directory
 * @signature: (nullable): copied, so the caller may clear it at once
 *
 * sok_agreement_record() in a worker thread with its own store connection, so that
 * the durable commit never blocks the main loop; the time recorded is the time of
 * this call. Cancelling only helps before the work has begun.
 */
void
sok_agreement_record_async (const char          *data_dir,
                            gint64               pupil_id,
                            gint64               aup_version_id,
                            SokAgreementMethod   method,
                            gboolean             read_aloud,
                            gboolean             with_adult,
                            SokSignature        *signature,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  RecordData *record;

  g_return_if_fail (data_dir != NULL);

  record = g_new0 (RecordData, 1);
  record->data_dir = g_strdup (data_dir);
  record->pupil_id = pupil_id;
  record->aup_version_id = aup_version_id;
  record->method = method;
  record->read_aloud = read_aloud;
  record->with_adult = with_adult;
  if (signature != NULL && !sok_signature_is_empty (signature))
    record->signature = sok_signature_encode (signature);
  record->at = g_get_real_time () / G_USEC_PER_SEC;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sok_agreement_record_async);
  g_task_set_name (task, "sok-agreement-record");
  g_task_set_task_data (task, record, record_data_free);
  g_task_run_in_thread (task, record_thread);
}

/**
 * sok_agreement_record_finish:
 * @out_agreement_id: (out) (optional): the new agreement's id
 *
 * Returns: %TRUE when the agreement is durably stored; see sok_agreement_record()
 *   for the errors
 */
gboolean
sok_agreement_record_finish (GAsyncResult  *result,
                             gint64        *out_agreement_id,
                             GError       **error)
{
  gssize id;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sok_agreement_record_async,
                        FALSE);

  id = g_task_propagate_int (G_TASK (result), error);
  if (id <= 0)
    return FALSE;
  if (out_agreement_id != NULL)
    *out_agreement_id = id;
  return TRUE;
}

/**
 * sok_agreement_status_for_pupil:
 * @current_aup_version_id: the version the pupil would be shown now
 * @school_year: the school year, from sok_school_year_for()
 * @out_status: (out): whether the pupil agreed this year, and to these words
 *
 * Tells the promise flow what to say: agreed already (they may read the rules
 * again), agreed to words that have since changed (agree again), or not yet.
 */
gboolean
sok_agreement_status_for_pupil (SokStore           *store,
                                gint64              pupil_id,
                                gint64              current_aup_version_id,
                                int                 school_year,
                                SokAgreementStatus *out_status,
                                GError            **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_status != NULL, FALSE);

  stmt = sok_store_prepare (store,
                            "SELECT MAX(aup_version_id = ?), COUNT(*) FROM agreements "
                            "WHERE pupil_id = ? AND school_year = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, current_aup_version_id);
  sqlite3_bind_int64 (stmt, 2, pupil_id);
  sqlite3_bind_int (stmt, 3, school_year);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sok_store_set_error_from_db (store, rc, "reading the pupil's agreements", error);
      return FALSE;
    }

  if (sqlite3_column_int (stmt, 1) == 0)
    *out_status = SOK_AGREEMENT_STATUS_NONE;
  else if (sqlite3_column_int (stmt, 0) == 1)
    *out_status = SOK_AGREEMENT_STATUS_AGREED_CURRENT;
  else
    *out_status = SOK_AGREEMENT_STATUS_AGREED_OLDER_VERSION;

  return TRUE;
}

/**
 * sok_agreement_endorse_by_parent:
 * @at: (nullable): when the parent or carer endorsed it; %NULL for now
 *
 * Records that a parent or carer endorsed the agreement (from the certificate's QR
 * code, or by staff). The first endorsement's time is kept.
 */
gboolean
sok_agreement_endorse_by_parent (SokStore   *store,
                                 gint64      agreement_id,
                                 GDateTime  *at,
                                 GError    **error)
{
  g_autoptr (sqlite3_stmt) update = NULL;
  g_autoptr (sqlite3_stmt) exists = NULL;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);

  update = sok_store_prepare (store,
                              "UPDATE agreements SET parent_endorsed_at = ? "
                              "WHERE id = ? AND parent_endorsed_at IS NULL", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, at ? g_date_time_to_unix (at)
                                    : g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (update, 2, agreement_id);
  if (!sok_store_step_done (store, update, error))
    return FALSE;
  if (sqlite3_changes (sok_store_get_db (store)) > 0)
    return TRUE;

  exists = sok_store_prepare (store, "SELECT 1 FROM agreements WHERE id = ?", error);
  if (exists == NULL)
    return FALSE;
  sqlite3_bind_int64 (exists, 1, agreement_id);
  if (sqlite3_step (exists) != SQLITE_ROW)
    {
      g_set_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_NOT_FOUND,
                   "There is no agreement %" G_GINT64_FORMAT " on this kiosk", agreement_id);
      return FALSE;
    }

  return TRUE;
}

/**
 * sok_agreement_list:
 * @class_name: (nullable): only pupils of this class (by name, ignoring case)
 * @school_year: only this school year (2026 for 2026-27), or 0 for every year
 *
 * Returns: (transfer full) (element-type SokAgreement): the agreements, by school
 *   year, class, pupil and time; pupils who left are included. %NULL on error.
 */
GPtrArray *
sok_agreement_list (SokStore    *store,
                    const char  *class_name,
                    int          school_year,
                    GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = sok_store_prepare (store,
                            "SELECT a.id, a.pupil_id, p.forename, p.surname, c.name, "
                            "  p.year_group, a.school_year, a.agreed_at, v.band, v.sha256, "
                            "  v.locale, a.method, a.read_aloud, a.with_adult, "
                            "  a.signature IS NOT NULL, a.parent_endorsed_at "
                            "FROM agreements a "
                            "JOIN pupils p ON p.id = a.pupil_id "
                            "LEFT JOIN classes c ON c.id = p.class_id "
                            "JOIN aup_versions v ON v.id = a.aup_version_id "
                            "WHERE (?1 IS NULL OR c.name = ?1 COLLATE NOCASE) "
                            "  AND (?2 = 0 OR a.school_year = ?2) "
                            "ORDER BY a.school_year, c.year_group, c.name, p.forename, "
                            "  p.surname, a.agreed_at, a.id", error);
  if (stmt == NULL)
    return NULL;
  if (class_name)
    sqlite3_bind_text (stmt, 1, class_name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, school_year);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_agreement_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SokAgreement *a = g_new0 (SokAgreement, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->pupil_id = sqlite3_column_int64 (stmt, 1);
      a->forename = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      a->surname = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      a->class_name = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      a->year_group = sqlite3_column_int (stmt, 5);
      a->school_year = sqlite3_column_int (stmt, 6);
      a->agreed_at = sqlite3_column_int64 (stmt, 7);
      a->band = g_strdup ((const char *)sqlite3_column_text (stmt, 8));
      a->aup_sha256 = g_strdup ((const char *)sqlite3_column_text (stmt, 9));
      a->aup_locale = g_strdup ((const char *)sqlite3_column_text (stmt, 10));
      a->method = g_strdup ((const char *)sqlite3_column_text (stmt, 11));
      a->read_aloud = sqlite3_column_int (stmt, 12) != 0;
      a->with_adult = sqlite3_column_int (stmt, 13) != 0;
      a->has_signature = sqlite3_column_int (stmt, 14) != 0;
      a->parent_endorsed_at = sqlite3_column_int64 (stmt, 15);
      g_ptr_array_add (list, a);
    }
  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "listing agreements", error);
      return NULL;
    }

  return g_steal_pointer (&list);
}

/**
 * sok_agreement_dup_signature:
 *
 * Returns: (transfer full) (nullable): the agreement's encoded signature (see
 *   sok_signature_decode()), or %NULL when it was tapped (@error unset) or on error.
 */
GBytes *
sok_agreement_dup_signature (SokStore  *store,
                             gint64     agreement_id,
                             GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = sok_store_prepare (store, "SELECT signature FROM agreements WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, agreement_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SOK_AGREEMENT_ERROR, SOK_AGREEMENT_ERROR_NOT_FOUND,
                   "There is no agreement %" G_GINT64_FORMAT " on this kiosk", agreement_id);
      return NULL;
    }
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;

  return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize)sqlite3_column_bytes (stmt, 0));
}

static int
compare_completion (gconstpointer a,
                    gconstpointer b)
{
  const SokClassCompletion *x = *(SokClassCompletion **)a;
  const SokClassCompletion *y = *(SokClassCompletion **)b;
  g_autofree char *kx = NULL;
  g_autofree char *ky = NULL;

  if (x->year_group != y->year_group)
    return x->year_group - y->year_group;
  kx = g_utf8_collate_key_for_filename (x->class_name, -1);
  ky = g_utf8_collate_key_for_filename (y->class_name, -1);
  return strcmp (kx, ky);
}

/**
 * sok_agreement_class_completion:
 * @school_year: the campaign's school year
 * @early_version_id: the early AUP's current version, or 0 to count any agreement
 *   this school year
 * @junior_version_id: the junior AUP's current version, or 0 likewise
 *
 * For the staff's September campaign: each listed class with its listed pupils, how
 * many promised this school year to the words their band shows now, and who has
 * not (ids, for sok_roster_get_pupil()). One query.
 *
 * Returns: (transfer full) (element-type SokClassCompletion): by year group and
 *   class name; %NULL on error.
 */
GPtrArray *
sok_agreement_class_completion (SokStore  *store,
                                int        school_year,
                                gint64     early_version_id,
                                gint64     junior_version_id,
                                GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) list = NULL;
  SokClassCompletion *current = NULL;
  int rc;

  g_return_val_if_fail (SOK_IS_STORE (store), NULL);

  stmt = sok_store_prepare (store,
                            "SELECT c.id, c.name, c.year_group, p.id, EXISTS ("
                            "  SELECT 1 FROM agreements a "
                            "  WHERE a.pupil_id = p.id AND a.school_year = ?1 AND ("
                            "    CASE WHEN p.year_group <= 2 THEN ?2 ELSE ?3 END <= 0 OR "
                            "    a.aup_version_id = CASE WHEN p.year_group <= 2 THEN ?2 "
                            "                            ELSE ?3 END)) "
                            "FROM classes c JOIN pupils p ON p.class_id = c.id AND p.listed = 1 "
                            "WHERE c.listed = 1 "
                            "ORDER BY c.id, p.forename, p.surname", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, school_year);
  sqlite3_bind_int64 (stmt, 2, early_version_id);
  sqlite3_bind_int64 (stmt, 3, junior_version_id);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify)sok_class_completion_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 class_id = sqlite3_column_int64 (stmt, 0);

      if (current == NULL || current->class_id != class_id)
        {
          current = g_new0 (SokClassCompletion, 1);
          current->class_id = class_id;
          current->class_name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
          current->year_group = sqlite3_column_int (stmt, 2);
          current->not_yet = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_ptr_array_add (list, current);
        }

      current->n_pupils++;
      if (sqlite3_column_int (stmt, 4))
        current->n_promised++;
      else
        {
          gint64 pupil_id = sqlite3_column_int64 (stmt, 3);
          g_array_append_val (current->not_yet, pupil_id);
        }
    }
  if (rc != SQLITE_DONE)
    {
      sok_store_set_error_from_db (store, rc, "counting promises", error);
      return NULL;
    }

  g_ptr_array_sort (list, compare_completion);
  return g_steal_pointer (&list);
}
