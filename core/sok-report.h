/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sok-config.h"
#include "sok-follow-up.h"
#include "sok-store.h"

G_BEGIN_DECLS

#define SOK_REPORT_ERROR (sok_report_error_quark ())

typedef enum
{
  SOK_REPORT_ERROR_NO_KEY,
  SOK_REPORT_ERROR_NO_KIOSK_ID,
} SokReportError;

/* What a child can put in one report. Longer text is cut at this many characters
 * (the UI says "that's a lot — a grown-up can hear the rest"); a drawing stops
 * taking strokes at SOK_REPORT_MAX_STROKES. A drawing keeps at most
 * SOK_REPORT_MAX_POINTS points: when it reaches them, what was drawn since the last
 * time is simplified (Ramer–Douglas–Peucker) so that no point the child drew is more
 * than SOK_REPORT_DRAWING_TOLERANCE canvas units from the kept lines, and it stops
 * taking points only when that frees nothing. Points are kept in whole canvas units
 * on a canvas of at most SOK_REPORT_MAX_CANVAS units a side. A typed or shown name is
 * cut at SOK_REPORT_MAX_NAME characters; ids (category, place, feeling, locale, pupil
 * id, kiosk id, report id) are at most SOK_REPORT_MAX_ID bytes.
 *
 * These caps are what make every report fit one fixed-size envelope
 * (SOK_REPORT_ENVELOPE_SIZE) with SOK_REPORT_ENVELOPE_HEADROOM bytes to spare: see
 * the budget in sok-report.c. A child is never turned away for what they wrote. */
#define SOK_REPORT_MAX_TEXT     2000
#define SOK_REPORT_MAX_STROKES  200
#define SOK_REPORT_MAX_POINTS   9000
#define SOK_REPORT_MAX_CANVAS   8000
#define SOK_REPORT_MAX_NAME     256
#define SOK_REPORT_MAX_ID       64
#define SOK_REPORT_DRAWING_TOLERANCE 1.0f

/* Every sealed envelope is exactly this many bytes, whatever the child wrote or drew,
 * so that its size in the outbox and the queue tells nothing. HEADROOM bytes of it
 * are kept free for what is added inside the seal beside the report itself (the
 * kiosk's signature, a reply tag and key, the report's language). */
#define SOK_REPORT_ENVELOPE_SIZE     65536
#define SOK_REPORT_ENVELOPE_HEADROOM 4096

/* The first byte of a packed drawing (the envelope's "drawing"."packed", base64). */
#define SOK_REPORT_PACKED_DRAWING_V1 0x01

/* What sok_report_draft_set_text() had to change in the text it was given. */
typedef enum
{
  SOK_REPORT_TEXT_UNCHANGED       = 0,
  SOK_REPORT_TEXT_REPAIRED        = 1 << 0,  /* invalid UTF-8 became U+FFFD */
  SOK_REPORT_TEXT_CONTROL_REMOVED = 1 << 1,  /* control characters were taken out */
  SOK_REPORT_TEXT_CAPPED          = 1 << 2,  /* cut at SOK_REPORT_MAX_TEXT characters */
} SokReportTextChange;

/* A point of a drawing, in canvas units (0 … width, 0 … height). */
typedef struct
{
  float x;
  float y;
} SokReportPoint;

/* A report being made on the kiosk. It lives in memory only and is never written to
 * disk unsealed; everything the child typed or chose is wiped when it is reset or
 * freed. Not thread-safe: one thread owns a draft (sok_report_send_async() takes a
 * copy). */
typedef struct _SokReportDraft SokReportDraft;

GQuark          sok_report_error_quark            (void);

SokReportDraft *sok_report_draft_new              (void);
SokReportDraft *sok_report_draft_copy             (const SokReportDraft *draft);
void            sok_report_draft_free             (SokReportDraft       *draft);
void            sok_report_draft_reset            (SokReportDraft       *draft);

const char     *sok_report_draft_get_category     (const SokReportDraft *draft);
const char     *sok_report_draft_get_risk_area    (const SokReportDraft *draft);
const char     *sok_report_draft_get_where        (const SokReportDraft *draft);
const char     *sok_report_draft_get_feeling      (const SokReportDraft *draft);
const char     *sok_report_draft_get_text         (const SokReportDraft *draft);
gboolean        sok_report_draft_get_wants_talk   (const SokReportDraft *draft);
gboolean        sok_report_draft_get_urgent       (const SokReportDraft *draft);
const char     *sok_report_draft_get_age_band     (const SokReportDraft *draft);
guint           sok_report_draft_get_n_strokes    (const SokReportDraft *draft);
guint           sok_report_draft_get_n_points     (const SokReportDraft *draft);
const SokReportPoint *sok_report_draft_get_stroke (const SokReportDraft *draft,
                                                   guint                 index,
                                                   guint                *n_points);

void            sok_report_draft_set_category     (SokReportDraft       *draft,
                                                   const char           *category_id,
                                                   const char           *risk_area);
void            sok_report_draft_set_where        (SokReportDraft       *draft,
                                                   const char           *where_id);
void            sok_report_draft_set_feeling      (SokReportDraft       *draft,
                                                   const char           *feeling_id);
SokReportTextChange sok_report_draft_set_text     (SokReportDraft       *draft,
                                                   const char           *text,
                                                   gssize                len);
void            sok_report_draft_set_canvas_size  (SokReportDraft       *draft,
                                                   guint                 width,
                                                   guint                 height);
gboolean        sok_report_draft_begin_stroke     (SokReportDraft       *draft);
gboolean        sok_report_draft_add_point        (SokReportDraft       *draft,
                                                   float                 x,
                                                   float                 y);
void            sok_report_draft_clear_drawing    (SokReportDraft       *draft);
void            sok_report_draft_set_wants_talk   (SokReportDraft       *draft,
                                                   gboolean              wants_talk);
void            sok_report_draft_set_pupil        (SokReportDraft       *draft,
                                                   const char           *pupil_id,
                                                   const char           *name,
                                                   int                   year_group);
void            sok_report_draft_set_urgent       (SokReportDraft       *draft,
                                                   gboolean              urgent);
void            sok_report_draft_set_locale       (SokReportDraft       *draft,
                                                   const char           *locale);
void            sok_report_draft_set_follow_up    (SokReportDraft       *draft,
                                                   const SokFollowUpKeys *keys);
gboolean        sok_report_draft_has_follow_up    (const SokReportDraft *draft);
void            sok_report_draft_set_answer       (SokReportDraft       *draft,
                                                   const guint8         *tag,
                                                   guint                 place);
gboolean        sok_report_draft_is_answer        (const SokReportDraft *draft);

char           *sok_report_draft_dup_envelope_json (const SokReportDraft *draft,
                                                    const char           *report_id,
                                                    const char           *kiosk_id,
                                                    GDateTime            *now);
char           *sok_report_draft_dup_drawing_json (const SokReportDraft *draft);
GBytes         *sok_report_seal_envelope          (GBytes               *plaintext,
                                                   const char           *public_key_base64,
                                                   GError              **error);
void            sok_report_secret_free            (char                 *secret);

const char     *sok_report_age_band_for_year      (int                   year_group);

gboolean        sok_report_send                   (SokStore             *store,
                                                   SokConfig            *config,
                                                   SokReportDraft       *draft,
                                                   char                **out_report_id,
                                                   GError              **error);
void            sok_report_send_async             (const char           *data_dir,
                                                   SokReportDraft       *draft,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        sok_report_send_finish            (GAsyncResult         *result,
                                                   char                **out_report_id,
                                                   GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokReportDraft, sok_report_draft_free)

G_END_DECLS
