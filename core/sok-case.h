/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "sok-kiosk-registry.h"
#include "sok-queue.h"
#include "sok-report-content.h"
#include "sok-seal.h"

G_BEGIN_DECLS

#define SOK_CASE_ERROR (sok_case_error_quark ())

typedef enum
{
  SOK_CASE_ERROR_UNREADABLE,     /* the sealed report is damaged or not a report */
  SOK_CASE_ERROR_WRONG_KEY,      /* it was sealed to another DSL key */
  SOK_CASE_ERROR_WRONG_PASSPHRASE,
  SOK_CASE_ERROR_WRITE,          /* an export could not be written */
  SOK_CASE_ERROR_INVALID,        /* a bad argument from outside (file name, format) */
} SokCaseError;

/* A point of the child's drawing, in the drawing's own units (0 … width, height). */
typedef struct
{
  double x;
  double y;
} SokCasePoint;

/* What a report's envelope says about its kiosk's signature, before anyone asks
 * whether the kiosk is approved (sok_case_report_check_signature()). */
typedef enum
{
  SOK_CASE_SIGNATURE_NONE,  /* unsigned: format 1, or "signature": "missing" */
  SOK_CASE_SIGNATURE_BAD,   /* a signature, or key, that does not verify */
  SOK_CASE_SIGNATURE_GOOD,  /* kiosk_key signed exactly this report */
} SokCaseSignature;

/* Everything the child gave, decoded from the sealed report (envelope format 1, or
 * format 2: the same report signed by its kiosk).
 * Ids are those of report/report.ini; show them with sok_case_report_dup_words().
 * Text and name are wiped when the report is freed. */
typedef struct
{
  char      *report_id;
  char      *kiosk_id;
  char      *date;            /* YYYY-MM-DD: the coarse time the child told */
  char      *part_of_day;     /* "morning" or "afternoon" */
  char      *locale;          /* nullable */
  char      *category;        /* nullable: a category id */
  char      *risk_area;       /* nullable: content, contact, conduct, commerce or unsure */
  char      *where;           /* nullable: a where id */
  char      *feeling;         /* nullable: a feeling id */
  char      *text;            /* nullable: what the child typed */
  gboolean   wants_talk;      /* the child asked a grown-up to talk to them */
  gboolean   urgent;          /* "I need help now" */
  char      *age_band;        /* nullable: "4-5", "5-7", "7-9" or "9-11" */
  char      *name;            /* nullable: only when the child asked to talk */
  char      *pupil_id;        /* nullable: likewise */
  guint      drawing_width;   /* 0 when there is no drawing */
  guint      drawing_height;
  GPtrArray *strokes;         /* (element-type GArray<SokCasePoint>): never NULL */
  SokCaseSignature signature;
  char      *kiosk_key;       /* nullable: base64 key that signed it, when GOOD */
} SokCaseReport;

typedef enum
{
  SOK_CASE_EXPORT_CSV,
  SOK_CASE_EXPORT_PDF,
} SokCaseExportFormat;

/* Wrong passphrases in a row are delayed: the first by this, each next one twice as
 * long, up to the longest. */
#define SOK_DSL_UNLOCK_FIRST_DELAY_USEC   (1 * G_USEC_PER_SEC)
#define SOK_DSL_UNLOCK_LONGEST_DELAY_USEC (60 * G_USEC_PER_SEC)

GQuark          sok_case_error_quark          (void);

/* Unlocking the DSL's key (Argon2id + secretbox, see sok-seal.h). */
char           *sok_dsl_dup_default_key_path  (const char            *data_dir);
gint64          sok_dsl_unlock_delay          (guint                  failures);
SokDslKey      *sok_dsl_unlock                (const char            *key_path,
                                               const char            *passphrase,
                                               gsize                  passphrase_len,
                                               GError               **error);
void            sok_dsl_unlock_async          (const char            *key_path,
                                               const char            *passphrase,
                                               gsize                  passphrase_len,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
SokDslKey      *sok_dsl_unlock_finish         (GAsyncResult          *result,
                                               GError               **error);

/* Reading a report. */
SokCaseReport  *sok_case_report_parse         (GBytes                *plaintext,
                                               GError               **error);
void            sok_case_report_free          (SokCaseReport         *report);
SokCaseReport  *sok_case_open                 (SokQueue              *queue,
                                               SokDslKey             *key,
                                               const char            *report_id,
                                               const char            *actor,
                                               GError               **error);
SokCaseReport  *sok_case_decrypt              (SokQueue              *queue,
                                               SokDslKey             *key,
                                               const char            *report_id,
                                               const char            *actor,
                                               const char            *purpose,
                                               GError               **error);
SokSignatureState sok_case_report_check_signature (const SokCaseReport *report,
                                               SokKioskRegistry      *registry,
                                               gint64                 received_at);
SokSignatureState sok_case_check_signature    (SokQueue              *queue,
                                               SokDslKey             *key,
                                               SokKioskRegistry      *registry,
                                               const SokQueueCase    *item,
                                               const char            *actor);
gboolean        sok_case_remember_signature   (SokQueue              *queue,
                                               SokDslKey             *key,
                                               SokKioskRegistry      *registry,
                                               const SokCaseReport   *report,
                                               GError               **error);
char           *sok_case_report_dup_words     (SokReportContent      *content,
                                               SokChoiceKind          kind,
                                               const char            *id);
char           *sok_case_report_dup_when      (const SokCaseReport   *report);
gboolean        sok_case_report_has_drawing   (const SokCaseReport   *report);
void            sok_case_report_draw          (const SokCaseReport   *report,
                                               cairo_t               *cr,
                                               double                 width,
                                               double                 height);

/* Labels for people, translated. */
const char     *sok_case_get_action_label     (const char            *kind);
const char     *sok_case_get_outcome_label    (const char            *outcome);
char           *sok_case_format_time          (gint64                 usec);
char           *sok_case_format_received      (gint64                 usec);

/* The case record for the school's safeguarding record system. */
gboolean        sok_case_export_format_for_path (const char          *path,
                                               SokCaseExportFormat   *format,
                                               GError               **error);
gboolean        sok_case_export               (SokQueue              *queue,
                                               const SokCaseReport   *report,
                                               SokReportContent      *content,
                                               const char            *actor,
                                               SokCaseExportFormat    format,
                                               const char            *path,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokCaseReport, sok_case_report_free)

G_END_DECLS
