/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-report"

#include "config.h"

#include <math.h>
#include <sodium.h>

#include "sok-follow-up.h"
#include "sok-kiosk.h"
#include "sok-outbox.h"
#include "sok-report.h"
#include "sok-seal.h"

/* The default canvas when the UI has not said how big its drawing area is. */
#define DEFAULT_CANVAS 1000

/* The envelope's own format, for the DSL console. */
#define ENVELOPE_FORMAT 1

/* The envelope's budget. Every report's JSON is at most ENVELOPE_MAX_JSON bytes, by
 * the caps in sok-report.h; the sealed envelope is padded to SOK_REPORT_ENVELOPE_SIZE,
 * and the static assertion below proves that the largest report still leaves
 * SOK_REPORT_ENVELOPE_HEADROOM bytes free. In bytes of JSON:
 *
 *   names, punctuation, format, date, part of day, risk area,
 *   age band, booleans, drawing size                               at most   512
 *   report id, kiosk id, locale, category, place, feeling, pupil
 *   id: 7 × (64 bytes × 6, every byte escaped as \u00XX, + quotes)          2,702
 *   text: 2,000 characters × 4 bytes (control characters are taken
 *   out; the escaped ones, " \ \n \t, take 2) + quotes                     8,002
 *   name: 256 characters, likewise                                          1,026
 *   drawing, packed: 1 + 2 (strokes) + 200 × 2 (points per stroke)
 *   + 9,000 points × 4 (two zigzag varints, each under 2^14 because
 *   the canvas is at most 8,000 units) = 36,403 bytes, as base64          48,540
 *   a picture code's tag and reply key, or the tag and place of the
 *   report a child's answer is for: two base64 values of 44 bytes,
 *   names and punctuation                                                     160
 *                                                              total      60,942
 *
 * The plaintext is 65,536 − 48 (crypto_box_SEALBYTES) = 65,488 bytes, leaving 4,546
 * free. A drawing of 9,000 points is some 36,000 units of line drawn by a finger
 * that moves at least 4 units between points (the pad's step): dozens of strokes
 * across the whole pad, and simplification makes room for many more. Compressing
 * the drawing as well would not help: the envelope's size is fixed, the worst case
 * (a scribble of unrelated points) does not compress, and deflate's buffers would
 * leave copies of the drawing behind in freed memory. */
#define JSON_STRING_MAX(bytes)  ((gsize)(bytes) * 6 + 2)
#define JSON_TEXT_MAX(chars)    ((gsize)(chars) * 4 + 2)
#define BASE64_LEN(bytes)       ((((gsize)(bytes) + 2) / 3) * 4)
#define VARINT2_MAX             16383   /* the largest value a two-byte varint holds */
#define PACKED_DRAWING_MAX      (1 + 2 + SOK_REPORT_MAX_STROKES * 2 + SOK_REPORT_MAX_POINTS * 4)
#define FOLLOW_UP_JSON_MAX      160
#define ENVELOPE_MAX_JSON       (512 + 7 * JSON_STRING_MAX (SOK_REPORT_MAX_ID) + \
                                 FOLLOW_UP_JSON_MAX + \
                                 JSON_TEXT_MAX (SOK_REPORT_MAX_TEXT) + \
                                 JSON_TEXT_MAX (SOK_REPORT_MAX_NAME) + \
                                 BASE64_LEN (PACKED_DRAWING_MAX))
#define ENVELOPE_PLAIN_SIZE     (SOK_REPORT_ENVELOPE_SIZE - crypto_box_SEALBYTES)

G_STATIC_ASSERT (ENVELOPE_MAX_JSON + SOK_REPORT_ENVELOPE_HEADROOM <= ENVELOPE_PLAIN_SIZE);
/* Each count and each zigzag delta of a packed drawing fits two varint bytes. */
G_STATIC_ASSERT (SOK_REPORT_MAX_STROKES <= VARINT2_MAX && SOK_REPORT_MAX_POINTS <= VARINT2_MAX);
G_STATIC_ASSERT (2 * SOK_REPORT_MAX_CANVAS <= VARINT2_MAX);

struct _SokReportDraft
{
  char           *category;
  const char     *risk_area;     /* static string */
  char           *where;
  char           *feeling;
  char           *text;          /* wiped on reset/free */
  gsize           text_len;      /* bytes */
  gboolean        wants_talk;
  gboolean        urgent;
  char           *pupil_id;      /* wiped on reset/free */
  char           *name;          /* wiped on reset/free */
  const char     *age_band;      /* static string, or NULL */
  char           *locale;

  guint           canvas_width;
  guint           canvas_height;
  SokReportPoint *points;        /* wiped on growth, reset and free */
  guint           n_points;
  guint           points_capacity;
  guint          *stroke_starts; /* index of each stroke's first point */
  guint           n_strokes;
  guint           simplified;    /* points before this one were simplified already */

  /* A report with a picture code carries its tag and reply key; a child's answer to a
   * reply carries the tag and its place in the conversation instead. */
  SokFollowUpKeys *follow_up;    /* sodium memory, wiped on reset/free */
  gboolean        is_answer;
  guint8          answer_tag[SOK_FOLLOW_UP_TAG_BYTES];
  guint           answer_place;
};

G_DEFINE_QUARK (sok-report-error-quark, sok_report_error)

static const char * const risk_areas[] = {
  "content", "contact", "conduct", "commerce", "unsure",
};

static void
wipe_string (char **str)
{
  if (*str != NULL)
    {
      sodium_memzero (*str, strlen (*str));
      g_free (*str);
      *str = NULL;
    }
}

/**
 * sok_report_secret_free:
 * @secret: (nullable) (transfer full): a string holding report content, such as
 *   an envelope from sok_report_draft_dup_envelope_json()
 *
 * Overwrites @secret with zeros and frees it.
 */
void
sok_report_secret_free (char *secret)
{
  wipe_string (&secret);
}

SokReportDraft *
sok_report_draft_new (void)
{
  SokReportDraft *draft = g_new0 (SokReportDraft, 1);

  draft->canvas_width = DEFAULT_CANVAS;
  draft->canvas_height = DEFAULT_CANVAS;

  return draft;
}

/**
 * sok_report_draft_reset:
 *
 * Forgets everything the child chose, typed and drew (quick-hide, idle time-out,
 * after Send), wiping it from memory. The canvas size is kept.
 */
void
sok_report_draft_reset (SokReportDraft *draft)
{
  guint width, height;

  g_return_if_fail (draft != NULL);

  width = draft->canvas_width;
  height = draft->canvas_height;

  g_free (draft->category);
  g_free (draft->where);
  g_free (draft->feeling);
  g_free (draft->locale);
  if (draft->text != NULL)
    sodium_memzero (draft->text, draft->text_len);
  g_free (draft->text);
  wipe_string (&draft->pupil_id);
  wipe_string (&draft->name);
  if (draft->points != NULL)
    sodium_memzero (draft->points, sizeof (SokReportPoint) * draft->points_capacity);
  g_free (draft->points);
  g_free (draft->stroke_starts);
  g_clear_pointer (&draft->follow_up, sok_follow_up_keys_free);

  sodium_memzero (draft, sizeof *draft);
  draft->canvas_width = width;
  draft->canvas_height = height;
}

void
sok_report_draft_free (SokReportDraft *draft)
{
  if (draft == NULL)
    return;

  sok_report_draft_reset (draft);
  g_free (draft);
}

/**
 * sok_report_draft_copy:
 *
 * Returns: (transfer full): a deep copy, for handing a draft to another thread
 */
SokReportDraft *
sok_report_draft_copy (const SokReportDraft *draft)
{
  SokReportDraft *copy;

  g_return_val_if_fail (draft != NULL, NULL);

  copy = g_new0 (SokReportDraft, 1);
  copy->category = g_strdup (draft->category);
  copy->risk_area = draft->risk_area;
  copy->where = g_strdup (draft->where);
  copy->feeling = g_strdup (draft->feeling);
  if (draft->text != NULL)
    {
      copy->text = g_malloc (draft->text_len + 1);
      memcpy (copy->text, draft->text, draft->text_len + 1);
      copy->text_len = draft->text_len;
    }
  copy->wants_talk = draft->wants_talk;
  copy->urgent = draft->urgent;
  copy->pupil_id = g_strdup (draft->pupil_id);
  copy->name = g_strdup (draft->name);
  copy->age_band = draft->age_band;
  copy->locale = g_strdup (draft->locale);
  copy->canvas_width = draft->canvas_width;
  copy->canvas_height = draft->canvas_height;
  if (draft->n_points > 0)
    {
      copy->points = g_new (SokReportPoint, draft->n_points);
      memcpy (copy->points, draft->points, sizeof (SokReportPoint) * draft->n_points);
      copy->n_points = copy->points_capacity = draft->n_points;
      copy->simplified = draft->simplified;
    }
  if (draft->n_strokes > 0)
    {
      copy->stroke_starts = g_memdup2 (draft->stroke_starts, sizeof (guint) * draft->n_strokes);
      copy->n_strokes = draft->n_strokes;
    }
  if (draft->follow_up != NULL)
    copy->follow_up = sok_follow_up_keys_copy (draft->follow_up);
  copy->is_answer = draft->is_answer;
  memcpy (copy->answer_tag, draft->answer_tag, sizeof copy->answer_tag);
  copy->answer_place = draft->answer_place;

  return copy;
}

const char *
sok_report_draft_get_category (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->category;
}

const char *
sok_report_draft_get_risk_area (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->risk_area;
}

const char *
sok_report_draft_get_where (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->where;
}

const char *
sok_report_draft_get_feeling (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->feeling;
}

/**
 * sok_report_draft_get_text:
 *
 * Returns: (nullable): the text as it will be sealed (after sanitising), or %NULL
 */
const char *
sok_report_draft_get_text (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->text;
}

gboolean
sok_report_draft_get_wants_talk (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, FALSE);
  return draft->wants_talk;
}

gboolean
sok_report_draft_get_urgent (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, FALSE);
  return draft->urgent;
}

const char *
sok_report_draft_get_age_band (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);
  return draft->age_band;
}

guint
sok_report_draft_get_n_strokes (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, 0);
  return draft->n_strokes;
}

guint
sok_report_draft_get_n_points (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, 0);
  return draft->n_points;
}

/**
 * sok_report_draft_get_stroke:
 * @n_points: (out): how many points the stroke has
 *
 * Returns: (array length=n_points): the points of stroke @index, for drawing them
 */
const SokReportPoint *
sok_report_draft_get_stroke (const SokReportDraft *draft,
                             guint                 index,
                             guint                *n_points)
{
  guint start, end;

  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (index < draft->n_strokes, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  start = draft->stroke_starts[index];
  end = index + 1 < draft->n_strokes ? draft->stroke_starts[index + 1] : draft->n_points;
  *n_points = end - start;

  return draft->points + start;
}

static gboolean
is_id (const char *id)
{
  return id == NULL || (g_utf8_validate (id, -1, NULL) && strlen (id) <= SOK_REPORT_MAX_ID);
}

/**
 * sok_report_draft_set_category:
 * @category_id: (nullable): the id of the chosen category tile (report.ini)
 * @risk_area: (nullable): its risk area: content, contact, conduct, commerce or unsure
 */
void
sok_report_draft_set_category (SokReportDraft *draft,
                               const char     *category_id,
                               const char     *risk_area)
{
  const char *area = NULL;

  g_return_if_fail (draft != NULL);
  g_return_if_fail (is_id (category_id));

  if (risk_area != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (risk_areas); i++)
        if (g_str_equal (risk_area, risk_areas[i]))
          area = risk_areas[i];
      g_return_if_fail (area != NULL);
    }

  g_free (draft->category);
  draft->category = g_strdup (category_id);
  draft->risk_area = area;
}

void
sok_report_draft_set_where (SokReportDraft *draft,
                            const char     *where_id)
{
  g_return_if_fail (draft != NULL);
  g_return_if_fail (is_id (where_id));

  g_free (draft->where);
  draft->where = g_strdup (where_id);
}

void
sok_report_draft_set_feeling (SokReportDraft *draft,
                              const char     *feeling_id)
{
  g_return_if_fail (draft != NULL);
  g_return_if_fail (is_id (feeling_id));

  g_free (draft->feeling);
  draft->feeling = g_strdup (feeling_id);
}

static gboolean
is_unwanted_control (gunichar c)
{
  return c != '\n' && c != '\t' && g_unichar_type (c) == G_UNICODE_CONTROL;
}

/* Sanitises what a keyboard gave: invalid UTF-8 becomes U+FFFD, line ends become
 * "\n", control characters other than "\n" and "\t" are taken out, and the text is
 * cut after @max_chars characters. Every character kept takes at most 4 bytes, and at
 * most 4 bytes of JSON (the envelope's budget counts on it). */
static char *
sanitise_text (const char          *text,
               gssize               len,
               guint                max_chars,
               gsize               *out_len,
               SokReportTextChange *out_change)
{
  SokReportTextChange change = SOK_REPORT_TEXT_UNCHANGED;
  const char *p, *end;
  gsize in_len, out_max;
  guint n_chars = 0;
  char *out;
  char *o;

  in_len = len < 0 ? strlen (text) : (gsize)len;
  /* A valid character keeps its bytes (at most 4); a bad byte becomes U+FFFD (3). */
  out_max = MIN (in_len * 3, (gsize)max_chars * 4) + 1;
  o = out = g_malloc (out_max);

  for (p = text, end = text + in_len; p < end; )
    {
      gunichar c = *p == '\0' ? 0 : g_utf8_get_char_validated (p, end - p);
      gsize clen;

      /* A NUL byte is a control character to take out, not broken UTF-8. */
      if (*p == '\0')
        clen = 1;
      else if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          c = 0xFFFD;
          clen = 1;
          change |= SOK_REPORT_TEXT_REPAIRED;
        }
      else
        clen = (gsize)(g_utf8_next_char (p) - p);

      /* Line ends from other systems: "\r\n" and a lone "\r" become "\n". */
      if (c == '\r')
        {
          p += clen;
          if (p < end && *p == '\n')
            continue;
          c = '\n';
          clen = 0;
        }

      if (is_unwanted_control (c))
        {
          change |= SOK_REPORT_TEXT_CONTROL_REMOVED;
          p += clen;
          continue;
        }

      if (n_chars == max_chars)
        {
          change |= SOK_REPORT_TEXT_CAPPED;
          break;
        }

      o += g_unichar_to_utf8 (c, o);
      n_chars++;
      p += clen;
    }

  *o = '\0';
  *out_len = (gsize)(o - out);
  *out_change = change;

  return out;
}

/**
 * sok_report_draft_set_text:
 * @text: (nullable): what the child typed, in any state (it comes from a keyboard)
 * @len: its length in bytes, or -1 when NUL-terminated
 *
 * Keeps a sanitised copy of @text: invalid UTF-8 becomes U+FFFD, line ends become
 * "\n", control characters other than "\n" and "\t" are taken out, and the text is
 * cut after %SOK_REPORT_MAX_TEXT characters. Emoji, right-to-left text and their
 * direction marks are kept as typed. The previous text is wiped.
 *
 * Returns: what had to change; when %SOK_REPORT_TEXT_CAPPED is set the UI tells the
 *   child kindly that a grown-up can hear the rest.
 */
SokReportTextChange
sok_report_draft_set_text (SokReportDraft *draft,
                           const char     *text,
                           gssize          len)
{
  SokReportTextChange change = SOK_REPORT_TEXT_UNCHANGED;

  g_return_val_if_fail (draft != NULL, SOK_REPORT_TEXT_UNCHANGED);

  if (draft->text != NULL)
    sodium_memzero (draft->text, draft->text_len);
  g_clear_pointer (&draft->text, g_free);
  draft->text_len = 0;

  if (text == NULL)
    return SOK_REPORT_TEXT_UNCHANGED;

  draft->text = sanitise_text (text, len, SOK_REPORT_MAX_TEXT, &draft->text_len, &change);

  return change;
}

/**
 * sok_report_draft_set_canvas_size:
 * @width: at most %SOK_REPORT_MAX_CANVAS
 * @height: likewise
 *
 * Says how big the drawing area is; points are kept within it. Changing it clears
 * the drawing, whose points would no longer mean the same.
 */
void
sok_report_draft_set_canvas_size (SokReportDraft *draft,
                                  guint           width,
                                  guint           height)
{
  g_return_if_fail (draft != NULL);
  g_return_if_fail (width > 0 && height > 0 &&
                    width <= SOK_REPORT_MAX_CANVAS && height <= SOK_REPORT_MAX_CANVAS);

  if (width == draft->canvas_width && height == draft->canvas_height)
    return;

  sok_report_draft_clear_drawing (draft);
  draft->canvas_width = width;
  draft->canvas_height = height;
}

/* The distance from @p to the segment @a–@b. */
static float
distance_to_segment (const SokReportPoint *p,
                     const SokReportPoint *a,
                     const SokReportPoint *b)
{
  float dx = b->x - a->x, dy = b->y - a->y;
  float len2 = dx * dx + dy * dy;
  float t = 0.f;

  if (len2 > 0.f)
    t = CLAMP (((p->x - a->x) * dx + (p->y - a->y) * dy) / len2, 0.f, 1.f);

  return hypotf (p->x - (a->x + t * dx), p->y - (a->y + t * dy));
}

/* Ramer–Douglas–Peucker over points[first … last]: marks in @keep the points that
 * must stay so that every other one lies within SOK_REPORT_DRAWING_TOLERANCE of the
 * kept polyline. Both ends are kept. Iterative, so a long stroke cannot exhaust the
 * stack. */
static void
mark_kept (const SokReportPoint *points,
           guint                 first,
           guint                 last,
           guint8               *keep,
           GArray               *stack)
{
  keep[first] = keep[last] = 1;
  g_array_set_size (stack, 0);
  if (last > first + 1)
    {
      guint range[2] = { first, last };
      g_array_append_vals (stack, range, 1);
    }

  while (stack->len > 0)
    {
      guint *top = &g_array_index (stack, guint, (stack->len - 1) * 2);
      guint a = top[0], b = top[1];
      float farthest = -1.f;
      guint at = a;

      g_array_set_size (stack, stack->len - 1);
      for (guint i = a + 1; i < b; i++)
        {
          float d = distance_to_segment (&points[i], &points[a], &points[b]);

          if (d > farthest)
            {
              farthest = d;
              at = i;
            }
        }

      if (farthest > SOK_REPORT_DRAWING_TOLERANCE)
        {
          guint left[2] = { a, at }, right[2] = { at, b };

          keep[at] = 1;
          if (at > a + 1)
            g_array_append_vals (stack, left, 1);
          if (b > at + 1)
            g_array_append_vals (stack, right, 1);
        }
    }
}

/* Simplifies what was drawn since the last simplification, in place. Points before
 * draft->simplified are final and are not looked at again, so no point ends up
 * further than the tolerance from the lines: a stroke that was half simplified goes
 * on from its last kept point. Returns how many points were freed. */
static guint
simplify_new_points (SokReportDraft *draft)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  g_autofree guint8 *keep = NULL;
  guint old_n = draft->n_points;
  guint out = draft->simplified;

  if (draft->simplified >= draft->n_points)
    return 0;

  keep = g_new0 (guint8, draft->n_points);
  for (guint s = 0; s < draft->n_strokes; s++)
    {
      guint start = draft->stroke_starts[s];
      guint end = s + 1 < draft->n_strokes ? draft->stroke_starts[s + 1] : draft->n_points;
      guint first;

      if (end <= draft->simplified || end == start)
        {
          /* Final already (or empty): nothing moves while out has not fallen behind. */
          if (start >= draft->simplified)
            draft->stroke_starts[s] = out;
          continue;
        }

      /* A stroke begun before the last simplification goes on from its last kept
       * point, which stays where it is. */
      first = start < draft->simplified ? draft->simplified - 1 : start;
      mark_kept (draft->points, first, end - 1, keep, stack);

      if (start >= draft->simplified)
        draft->stroke_starts[s] = out;
      for (guint i = first; i < end; i++)
        {
          if (i < draft->simplified || !keep[i])
            continue;
          draft->points[out++] = draft->points[i];
        }
    }

  /* What moved down is wiped from where it was. */
  if (out < old_n)
    sodium_memzero (draft->points + out, sizeof (SokReportPoint) * (old_n - out));
  draft->n_points = out;
  draft->simplified = out;

  return old_n - out;
}

/* TRUE when one more point fits, after simplifying what was drawn lately if need be. */
static gboolean
make_room (SokReportDraft *draft)
{
  if (draft->n_points < SOK_REPORT_MAX_POINTS)
    return TRUE;

  return simplify_new_points (draft) > 0;
}

/**
 * sok_report_draft_begin_stroke:
 *
 * Starts a new stroke (finger down). An empty stroke before it is dropped.
 *
 * Returns: %FALSE when the drawing already has %SOK_REPORT_MAX_STROKES strokes, or
 *   %SOK_REPORT_MAX_POINTS points that simplifying cannot thin; the UI stops drawing
 *   then.
 */
gboolean
sok_report_draft_begin_stroke (SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, FALSE);

  /* A stroke without points (a tap that never moved into the canvas) is reused. */
  if (draft->n_strokes > 0 && draft->stroke_starts[draft->n_strokes - 1] == draft->n_points)
    return TRUE;

  if (draft->n_strokes >= SOK_REPORT_MAX_STROKES || !make_room (draft))
    return FALSE;

  if (draft->stroke_starts == NULL)
    draft->stroke_starts = g_new (guint, SOK_REPORT_MAX_STROKES);
  draft->stroke_starts[draft->n_strokes++] = draft->n_points;

  return TRUE;
}

/**
 * sok_report_draft_add_point:
 *
 * Adds a point to the current stroke (finger moved). Points are kept in whole canvas
 * units; points outside the canvas are moved to its edge; a point that is not a
 * number, or that lands where the stroke's last point is, adds nothing. When the
 * drawing has %SOK_REPORT_MAX_POINTS points, what was drawn since the last time is
 * simplified to make room (see sok-report.h).
 *
 * Returns: %FALSE when the drawing is full (or no stroke was begun)
 */
gboolean
sok_report_draft_add_point (SokReportDraft *draft,
                            float           x,
                            float           y)
{
  SokReportPoint *point;
  SokReportPoint p;

  g_return_val_if_fail (draft != NULL, FALSE);

  if (draft->n_strokes == 0)
    return FALSE;

  if (!isfinite (x) || !isfinite (y))
    return draft->n_points < SOK_REPORT_MAX_POINTS;

  p.x = roundf (CLAMP (x, 0.f, (float)draft->canvas_width));
  p.y = roundf (CLAMP (y, 0.f, (float)draft->canvas_height));

  if (draft->n_points > draft->stroke_starts[draft->n_strokes - 1])
    {
      const SokReportPoint *last = &draft->points[draft->n_points - 1];

      if (last->x == p.x && last->y == p.y)
        return TRUE;
    }

  if (!make_room (draft))
    return FALSE;

  if (draft->n_points == draft->points_capacity)
    {
      guint capacity = MIN (MAX (draft->points_capacity * 2, 256), SOK_REPORT_MAX_POINTS);
      SokReportPoint *grown = g_new (SokReportPoint, capacity);

      /* Not g_renew: the old block would be freed with the drawing still in it. */
      if (draft->points != NULL)
        {
          memcpy (grown, draft->points, sizeof (SokReportPoint) * draft->n_points);
          sodium_memzero (draft->points, sizeof (SokReportPoint) * draft->points_capacity);
          g_free (draft->points);
        }
      draft->points = grown;
      draft->points_capacity = capacity;
    }

  point = &draft->points[draft->n_points++];
  *point = p;

  return TRUE;
}

void
sok_report_draft_clear_drawing (SokReportDraft *draft)
{
  g_return_if_fail (draft != NULL);

  if (draft->points != NULL)
    sodium_memzero (draft->points, sizeof (SokReportPoint) * draft->points_capacity);
  g_clear_pointer (&draft->points, g_free);
  g_clear_pointer (&draft->stroke_starts, g_free);
  draft->n_points = draft->points_capacity = draft->n_strokes = draft->simplified = 0;
}

void
sok_report_draft_set_wants_talk (SokReportDraft *draft,
                                 gboolean        wants_talk)
{
  g_return_if_fail (draft != NULL);
  draft->wants_talk = !!wants_talk;
}

/**
 * sok_report_age_band_for_year:
 * @year_group: 0 for Reception, 1 … 6 for Years 1 to 6
 *
 * Returns: (nullable): the coarse age band a report carries ("4-5", "5-7", "7-9",
 *   "9-11"), or %NULL for an unknown year group
 */
const char *
sok_report_age_band_for_year (int year_group)
{
  switch (year_group)
    {
    case 0:
      return "4-5";
    case 1:
    case 2:
      return "5-7";
    case 3:
    case 4:
      return "7-9";
    case 5:
    case 6:
      return "9-11";
    default:
      return NULL;
    }
}

/**
 * sok_report_draft_set_pupil:
 * @pupil_id: (nullable): the pupil's id in the roster, when the child named themselves
 *   (at most %SOK_REPORT_MAX_ID bytes)
 * @name: (nullable): the pupil's name as the kiosk showed it or the child typed it;
 *   sanitised as sok_report_draft_set_text() does, and cut at %SOK_REPORT_MAX_NAME
 *   characters
 * @year_group: the pupil's year group (0–6), or -1 when unknown
 *
 * Records who the child said they are. The envelope carries none of it (not even the
 * age band) unless the child asked a grown-up to talk to them; then it carries the
 * name, id and age band.
 * Pass %NULL, %NULL, -1 to forget (the child changed their mind).
 */
void
sok_report_draft_set_pupil (SokReportDraft *draft,
                            const char     *pupil_id,
                            const char     *name,
                            int             year_group)
{
  SokReportTextChange change;
  gsize len;

  g_return_if_fail (draft != NULL);
  g_return_if_fail (is_id (pupil_id));
  g_return_if_fail (name == NULL || g_utf8_validate (name, -1, NULL));

  wipe_string (&draft->pupil_id);
  wipe_string (&draft->name);
  draft->pupil_id = g_strdup (pupil_id);
  /* Typed on the kiosk's keyboard or from the roster: as sure to fit as the text. */
  draft->name = name != NULL ? sanitise_text (name, -1, SOK_REPORT_MAX_NAME, &len, &change)
                             : NULL;
  draft->age_band = (pupil_id != NULL || name != NULL)
                    ? sok_report_age_band_for_year (year_group) : NULL;
}

void
sok_report_draft_set_urgent (SokReportDraft *draft,
                             gboolean        urgent)
{
  g_return_if_fail (draft != NULL);
  draft->urgent = !!urgent;
}

void
sok_report_draft_set_locale (SokReportDraft *draft,
                             const char     *locale)
{
  g_return_if_fail (draft != NULL);
  g_return_if_fail (is_id (locale));

  g_free (draft->locale);
  draft->locale = g_strdup (locale);
}

/**
 * sok_report_draft_set_follow_up:
 * @keys: (nullable): the tag and reply key of the child's picture code, or %NULL when
 *   the child wants no code
 *
 * The keys go inside the seal and nowhere else: nothing outside it, and nothing kept
 * on the kiosk, links the report to its code. The code itself is never in a report.
 * A draft is either a report or an answer: this makes it a report.
 */
void
sok_report_draft_set_follow_up (SokReportDraft        *draft,
                                const SokFollowUpKeys *keys)
{
  g_return_if_fail (draft != NULL);

  g_clear_pointer (&draft->follow_up, sok_follow_up_keys_free);
  if (keys != NULL)
    draft->follow_up = sok_follow_up_keys_copy (keys);
  draft->is_answer = FALSE;
  sodium_memzero (draft->answer_tag, sizeof draft->answer_tag);
  draft->answer_place = 0;
}

gboolean
sok_report_draft_has_follow_up (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, FALSE);
  return draft->follow_up != NULL;
}

/**
 * sok_report_draft_set_answer:
 * @tag: (array fixed-size=32): the tag of the code the child tapped in
 * @place: the answer's place in the conversation: one after the last reply the child
 *   was shown
 *
 * Makes the draft a child's answer to the DSL's reply: sealed to the DSL and sent by
 * the outbox like any report (and, outside the seal, looking like one), carrying the
 * tag inside the seal so that the DSL's software puts it in the same case.
 */
void
sok_report_draft_set_answer (SokReportDraft *draft,
                             const guint8   *tag,
                             guint           place)
{
  g_return_if_fail (draft != NULL);
  g_return_if_fail (tag != NULL);
  g_return_if_fail (place >= 2);

  g_clear_pointer (&draft->follow_up, sok_follow_up_keys_free);
  draft->is_answer = TRUE;
  memcpy (draft->answer_tag, tag, sizeof draft->answer_tag);
  draft->answer_place = place;
}

gboolean
sok_report_draft_is_answer (const SokReportDraft *draft)
{
  g_return_val_if_fail (draft != NULL, FALSE);
  return draft->is_answer;
}

/* JSON is written by hand into one buffer sized up front, so that no copy of the
 * report's content is left behind in freed memory by reallocation (a JSON library
 * would make several), and the buffer can be wiped after sealing. */

static gsize
json_string_bound (const char *s)
{
  /* Every byte may become "\u00XX" (6 bytes); plus the quotes. */
  return s != NULL ? strlen (s) * 6 + 2 : 4;
}

static void
json_append_string (GString    *out,
                    const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *)s; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char)*p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
json_append_member (GString    *out,
                    const char *name,
                    const char *value)
{
  g_string_append_printf (out, ",\"%s\":", name);
  json_append_string (out, value);
}

static gsize
packed_bound (const SokReportDraft *draft)
{
  /* A version byte, then varints of at most 2 bytes each (see the budget above). */
  return 1 + 2 + (gsize)draft->n_strokes * 2 + (gsize)draft->n_points * 4;
}

static gsize
drawing_bound (const SokReportDraft *draft)
{
  return 64 + BASE64_LEN (packed_bound (draft)) + 1;
}

static guint8 *
put_varint (guint8  *out,
            guint32  value)
{
  do
    {
      guint8 byte = value & 0x7f;

      value >>= 7;
      if (value)
        byte |= 0x80;
      *out++ = byte;
    }
  while (value);

  return out;
}

static guint32
zigzag (int value)
{
  /* Shifting unsigned: a left shift of a negative int is undefined behaviour. */
  return ((guint32)value << 1) ^ (guint32)(value >> 31);
}

/* Packs the drawing (version 1):
 *
 *   0x01  varint(strokes)  { varint(points)  { zigzag-varint(dx) zigzag-varint(dy) }… }…
 *
 * in whole canvas units, each stroke's first point as a step from (0, 0), the others
 * as steps from the point before. Empty strokes are left out. Returns the length. */
static gsize
pack_drawing (const SokReportDraft *draft,
              guint8               *buf)
{
  guint8 *o = buf;
  guint n_strokes = 0;

  for (guint s = 0; s < draft->n_strokes; s++)
    {
      guint n = 0;

      sok_report_draft_get_stroke (draft, s, &n);
      n_strokes += n > 0;
    }

  *o++ = SOK_REPORT_PACKED_DRAWING_V1;
  o = put_varint (o, n_strokes);
  for (guint s = 0; s < draft->n_strokes; s++)
    {
      guint n = 0;
      const SokReportPoint *points = sok_report_draft_get_stroke (draft, s, &n);
      int px = 0, py = 0;

      if (n == 0)
        continue;
      o = put_varint (o, n);
      for (guint i = 0; i < n; i++)
        {
          int x = (int)points[i].x, y = (int)points[i].y;

          o = put_varint (o, zigzag (x - px));
          o = put_varint (o, zigzag (y - py));
          px = x;
          py = y;
        }
    }

  g_assert ((gsize)(o - buf) <= packed_bound (draft));
  return (gsize)(o - buf);
}

static void
append_drawing (GString              *out,
                const SokReportDraft *draft)
{
  gsize bound = packed_bound (draft);
  guint8 *packed;
  gsize len, at;

  sok_seal_ensure_sodium (NULL);
  packed = sodium_malloc (bound);
  g_assert (packed != NULL);
  len = pack_drawing (draft, packed);

  g_string_append_printf (out, "{\"width\":%u,\"height\":%u,\"packed\":\"",
                          draft->canvas_width, draft->canvas_height);
  /* Encoded straight into the string's buffer, which was sized for it: no copy of
   * the drawing is left behind anywhere. */
  at = out->len;
  g_string_set_size (out, at + BASE64_LEN (len));
  sodium_bin2base64 (out->str + at, BASE64_LEN (len) + 1, packed, len,
                     sodium_base64_VARIANT_ORIGINAL);
  sodium_free (packed);
  g_string_append (out, "\"}");
}

static gboolean
has_drawing (const SokReportDraft *draft)
{
  return draft->n_points > 0;
}

/**
 * sok_report_draft_dup_drawing_json:
 *
 * The drawing as the envelope carries it: `{"width":W,"height":H,"packed":"…"}`, where
 * "packed" is the base64 of the drawing's strokes in whole canvas units, delta-coded
 * as varints (see pack_drawing() for the layout, and sok_case_report_parse() for the
 * reader); empty strokes are left out. At most 48,540 bytes of base64.
 *
 * Returns: (transfer full) (nullable): the JSON, or %NULL when nothing was drawn.
 *   Free it with sok_report_secret_free().
 */
char *
sok_report_draft_dup_drawing_json (const SokReportDraft *draft)
{
  GString *out;

  g_return_val_if_fail (draft != NULL, NULL);

  if (!has_drawing (draft))
    return NULL;

  out = g_string_sized_new (drawing_bound (draft));
  append_drawing (out, draft);
  return g_string_free (out, FALSE);
}

static void
append_base64_member (GString      *out,
                      const char   *name,
                      const guint8 *bytes,
                      gsize         len)
{
  char b64[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_ORIGINAL)];

  g_assert (len <= 32);
  sodium_bin2base64 (b64, sizeof b64, bytes, len, sodium_base64_VARIANT_ORIGINAL);
  g_string_append_printf (out, "\"%s\":\"%s\"", name, b64);
  sodium_memzero (b64, sizeof b64);
}

/* Inside the signed report, so that the kiosk's signature covers them too:
 * "follow_up" is a report's code (tag and reply key) or null; "answer_to" makes the
 * envelope a child's answer in the conversation of the report with that tag. */
static void
append_follow_up (GString              *out,
                  const SokReportDraft *draft)
{
  if (draft->is_answer)
    {
      g_string_append (out, ",\"answer_to\":{");
      append_base64_member (out, "tag", draft->answer_tag, sizeof draft->answer_tag);
      g_string_append_printf (out, ",\"place\":%u}", draft->answer_place);
    }
  else if (draft->follow_up != NULL)
    {
      g_string_append (out, ",\"follow_up\":{");
      append_base64_member (out, "tag", draft->follow_up->tag, sizeof draft->follow_up->tag);
      g_string_append_c (out, ',');
      append_base64_member (out, "key", draft->follow_up->key, sizeof draft->follow_up->key);
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, ",\"follow_up\":null");
}

/**
 * sok_report_draft_dup_envelope_json:
 * @report_id: the report's id
 * @kiosk_id: this kiosk's id
 * @now: (nullable): the time of sending (local time); %NULL for now
 *
 * Builds what is sealed: a JSON object with the report id, kiosk id, a coarse time
 * (the date and "morning" or "afternoon", never finer), locale, the chosen category
 * (with its risk area), place and feeling, the text, the drawing, whether the child
 * wants to talk and the urgent flag. The age band, name and pupil id are there only
 * when the child named themselves and asked a grown-up to talk to them; an
 * anonymous report has "age_band": null and no name or pupil id. The JSON is not
 * padded: sok_report_seal_envelope() pads what is sealed to the one fixed size.
 * By the caps in sok-report.h it is never longer than the envelope's budget allows.
 *
 * Returns: (transfer full): the JSON text; wipe and free it with
 *   sok_report_secret_free()
 */
char *
sok_report_draft_dup_envelope_json (const SokReportDraft *draft,
                                    const char           *report_id,
                                    const char           *kiosk_id,
                                    GDateTime            *now)
{
  g_autoptr (GDateTime) local_now = NULL;
  gboolean named;
  char date[16];
  gsize bound;
  GString *out;

  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (report_id != NULL && strlen (report_id) <= SOK_REPORT_MAX_ID, NULL);
  g_return_val_if_fail (kiosk_id != NULL && strlen (kiosk_id) <= SOK_REPORT_MAX_ID, NULL);

  named = draft->wants_talk && (draft->name != NULL || draft->pupil_id != NULL);
  if (now == NULL)
    now = local_now = g_date_time_new_now_local ();

  g_snprintf (date, sizeof date, "%04d-%02d-%02d", g_date_time_get_year (now),
              g_date_time_get_month (now), g_date_time_get_day_of_month (now));

  bound = 512 +
          json_string_bound (report_id) + json_string_bound (kiosk_id) +
          json_string_bound (draft->locale) + json_string_bound (draft->category) +
          json_string_bound (draft->where) + json_string_bound (draft->feeling) +
          json_string_bound (draft->text) + drawing_bound (draft) +
          json_string_bound (draft->name) + json_string_bound (draft->pupil_id) +
          FOLLOW_UP_JSON_MAX;
  out = g_string_sized_new (bound);

  g_string_append_printf (out, "{\"format\":%d", ENVELOPE_FORMAT);
  json_append_member (out, "report_id", report_id);
  json_append_member (out, "kiosk_id", kiosk_id);
  json_append_member (out, "date", date);
  json_append_member (out, "part_of_day",
                      g_date_time_get_hour (now) < 12 ? "morning" : "afternoon");
  json_append_member (out, "locale", draft->locale);
  json_append_member (out, "category", draft->category);
  json_append_member (out, "risk_area", draft->risk_area);
  json_append_member (out, "where", draft->where);
  json_append_member (out, "feeling", draft->feeling);
  json_append_member (out, "text", draft->text);
  g_string_append (out, ",\"drawing\":");
  if (has_drawing (draft))
    append_drawing (out, draft);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"wants_talk\":%s", draft->wants_talk ? "true" : "false");
  g_string_append_printf (out, ",\"urgent\":%s", draft->urgent ? "true" : "false");
  /* An anonymous report carries no age band either: in a small school, a year
   * group with a place and a feeling can be enough to tell who it was. */
  json_append_member (out, "age_band", named ? draft->age_band : NULL);
  if (named)
    {
      json_append_member (out, "name", draft->name);
      json_append_member (out, "pupil_id", draft->pupil_id);
    }
  append_follow_up (out, draft);
  g_string_append_c (out, '}');
  g_warn_if_fail (out->len <= ENVELOPE_MAX_JSON);

  /* The bound is generous; had the buffer grown, a copy would have been freed
   * unwiped. */
  g_warn_if_fail (out->allocated_len > out->len);

  return g_string_free (out, FALSE);
}

static void
wipe_and_free (gpointer data)
{
  /* sodium_free() zeroes the memory before releasing it. */
  sodium_free (data);
}

/**
 * sok_report_seal_envelope:
 * @plaintext: what to seal: a report's JSON, and whatever is put beside it inside the
 *   seal (at most %SOK_REPORT_ENVELOPE_SIZE − crypto_box_SEALBYTES bytes)
 * @public_key_base64: the DSL's public key (the text of dsl.pub)
 *
 * Pads @plaintext with spaces (still valid JSON) to the one fixed size and seals it,
 * so that every sealed envelope is exactly %SOK_REPORT_ENVELOPE_SIZE bytes: whoever
 * runs the queue sees each envelope's size, and it must not say whether a name is in
 * it, how many words were typed or how much was drawn. The caps in sok-report.h make
 * every report fit; should something ever not, it is sealed all the same (a child is
 * never turned away) and a warning, naming no content, says so.
 *
 * Returns: (transfer full): the sealed envelope, or %NULL as sok_seal_seal() says
 */
GBytes *
sok_report_seal_envelope (GBytes      *plaintext,
                          const char  *public_key_base64,
                          GError     **error)
{
  g_autoptr (GBytes) padded = NULL;
  const guint8 *data;
  gsize len = 0;
  guint8 *buf;

  g_return_val_if_fail (plaintext != NULL, NULL);

  if (!sok_seal_ensure_sodium (error))
    return NULL;

  data = g_bytes_get_data (plaintext, &len);
  if (len > ENVELOPE_PLAIN_SIZE)
    {
      g_warning ("A report is %" G_GSIZE_FORMAT " bytes larger than the fixed envelope "
                 "size allows; it is sent larger than the others", len - ENVELOPE_PLAIN_SIZE);
      return sok_seal_seal (plaintext, public_key_base64, error);
    }

  buf = sodium_malloc (ENVELOPE_PLAIN_SIZE);
  g_assert (buf != NULL);
  if (len > 0)
    memcpy (buf, data, len);
  memset (buf + len, ' ', ENVELOPE_PLAIN_SIZE - len);
  padded = g_bytes_new_with_free_func (buf, ENVELOPE_PLAIN_SIZE, wipe_and_free, buf);

  return sok_seal_seal (padded, public_key_base64, error);
}

/**
 * sok_report_send:
 * @store: the kiosk's store (this thread's connection)
 * @config: the kiosk's settings
 * @draft: the report
 * @out_report_id: (out) (optional) (transfer full): the new report's id
 *
 * Sends a report: builds its envelope in memory, signs it with this kiosk's key
 * (inside the seal; unsigned, and marked so, when the kiosk is not enrolled), seals it
 * to the DSL's public key, wipes the plaintext, and stores the sealed envelope in the
 * outbox with a durable commit. Returns %TRUE only once the report is safely on disk,
 * so only then may the child be told it was sent.
 *
 * Without a DSL public key nothing is stored and %SOK_REPORT_ERROR_NO_KEY says what
 * to run. A storage failure sets @error in %SOK_STORE_ERROR (FULL, BUSY, …) and
 * stores nothing. The draft is left as it is; the caller resets it.
 */
/* A version 4 UUID from libsodium's generator. g_uuid_string_random() draws from
 * GLib's Mersenne Twister, whose next outputs follow from ones already seen: whoever
 * could predict a report's id could put a row with that id in the queue first, and
 * the real report would then be dropped there as a duplicate. */
static char *
dup_report_id (void)
{
  guint8 b[16];

  randombytes_buf (b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

gboolean
sok_report_send (SokStore        *store,
                 SokConfig       *config,
                 SokReportDraft  *draft,
                 char           **out_report_id,
                 GError         **error)
{
  g_autofree char *report_id = NULL;
  g_autoptr (GBytes) plain = NULL;
  g_autoptr (GBytes) sealed = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GError) key_error = NULL;
  g_autoptr (SokKioskKey) kiosk_key = NULL;
  const char *public_key;
  const char *kiosk_id;
  char *envelope;

  g_return_val_if_fail (SOK_IS_STORE (store), FALSE);
  g_return_val_if_fail (SOK_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);

  public_key = sok_config_get_dsl_public_key (config);
  if (public_key == NULL || *public_key == '\0')
    {
      g_set_error (error, SOK_REPORT_ERROR, SOK_REPORT_ERROR_NO_KEY,
                   "Reports cannot be accepted until the DSL's public key is set: "
                   "sokctl config set dsl-public-key \"$(cat dsl.pub)\"");
      return FALSE;
    }

  kiosk_id = sok_config_get_kiosk_id (config);
  if (kiosk_id == NULL || *kiosk_id == '\0')
    {
      g_set_error (error, SOK_REPORT_ERROR, SOK_REPORT_ERROR_NO_KIOSK_ID,
                   "Reports cannot be accepted until this kiosk has a name in the queue: "
                   "sokctl config set kiosk-id NAME");
      return FALSE;
    }

  /* A kiosk that is not enrolled, or whose key is damaged, still takes the report:
   * the DSL's console marks it as unsigned, and staff see why on the health page. */
  kiosk_key = sok_kiosk_key_load (sok_config_get_dir (config), &key_error);
  if (kiosk_key == NULL && !g_error_matches (key_error, SOK_KIOSK_ERROR,
                                             SOK_KIOSK_ERROR_NOT_ENROLLED))
    g_message ("A report is sent unsigned: %s", key_error->message);

  report_id = dup_report_id ();
  envelope = sok_report_draft_dup_envelope_json (draft, report_id, kiosk_id, NULL);
  plain = sok_kiosk_wrap_report (kiosk_key, envelope, strlen (envelope));
  sealed = sok_report_seal_envelope (plain, public_key, &local_error);
  g_clear_pointer (&plain, g_bytes_unref);
  sok_report_secret_free (envelope);

  if (sealed == NULL ||
      !sok_outbox_put (store, report_id, kiosk_id, draft->urgent, sealed, &local_error))
    {
      /* The reason is for staff and names no content: only paths and SQLite's words. */
      g_message ("A report could not be accepted: %s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out_report_id != NULL)
    *out_report_id = g_steal_pointer (&report_id);

  return TRUE;
}

typedef struct
{
  char           *data_dir;
  SokReportDraft *draft;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  g_free (send->data_dir);
  sok_report_draft_free (send->draft);
  g_free (send);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *send = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SokConfig) config = NULL;
  g_autoptr (SokStore) store = NULL;
  char *report_id = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* One SQLite connection per thread: this one is opened here and closed here. */
  if (!(config = sok_config_load (send->data_dir, &error)) ||
      !(store = sok_store_open (send->data_dir, &error)))
    {
      g_message ("A report could not be accepted: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* From here on the send is not cancelled: once stored, a report must be
   * acknowledged. */
  if (!sok_report_send (store, config, send->draft, &report_id, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report_id, g_free);
}

/**
 * sok_report_send_async:
 * @data_dir: the kiosk's data directory
 * @draft: the report; a copy is taken, so the caller may reset it at once
 *
 * Sends a report in a worker thread with its own store connection, so that sealing
 * and the durable commit never block the main loop. Cancelling only helps before
 * the work has begun.
 */
void
sok_report_send_async (const char          *data_dir,
                       SokReportDraft      *draft,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  SendData *send;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (draft != NULL);

  send = g_new0 (SendData, 1);
  send->data_dir = g_strdup (data_dir);
  send->draft = sok_report_draft_copy (draft);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sok_report_send_async);
  g_task_set_task_data (task, send, send_data_free);
  g_task_run_in_thread (task, send_thread);
}

/**
 * sok_report_send_finish:
 * @out_report_id: (out) (optional) (transfer full): the new report's id
 *
 * Returns: %TRUE when the report is durably in the outbox; see sok_report_send()
 *   for the errors
 */
gboolean
sok_report_send_finish (GAsyncResult  *result,
                        char         **out_report_id,
                        GError       **error)
{
  g_autofree char *report_id = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sok_report_send_async, FALSE);

  report_id = g_task_propagate_pointer (G_TASK (result), error);
  if (report_id == NULL)
    return FALSE;

  if (out_report_id != NULL)
    *out_report_id = g_steal_pointer (&report_id);

  return TRUE;
}
