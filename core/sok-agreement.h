/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sok-aup.h"
#include "sok-store.h"

G_BEGIN_DECLS

#define SOK_AGREEMENT_ERROR (sok_agreement_error_quark ())

typedef enum
{
  SOK_AGREEMENT_ERROR_INVALID,    /* a method without its signature, an unknown pupil … */
  SOK_AGREEMENT_ERROR_NOT_FOUND,  /* no such agreement */
  SOK_AGREEMENT_ERROR_SIGNATURE,  /* signature strokes that cannot be read */
} SokAgreementError;

typedef enum
{
  SOK_AGREEMENT_METHOD_SIGNATURE,  /* signed with a finger on the pad */
  SOK_AGREEMENT_METHOD_TAP,        /* the "I agree" tap without a signature */
} SokAgreementMethod;

typedef enum
{
  SOK_AGREEMENT_STATUS_NONE,                 /* not agreed this school year */
  SOK_AGREEMENT_STATUS_AGREED_CURRENT,       /* agreed this year to these very words */
  SOK_AGREEMENT_STATUS_AGREED_OLDER_VERSION, /* agreed this year, but the words changed */
} SokAgreementStatus;

GQuark       sok_agreement_error_quark     (void);

int          sok_school_year_for           (GDateTime *when);
char        *sok_school_year_dup_label     (int        school_year);

const char  *sok_agreement_method_to_string (SokAgreementMethod method);

/* ---- Signatures: finger strokes as small vector paths --------------------------- */

/* Caps that keep a stored signature small (a few kilobytes at most). */
#define SOK_SIGNATURE_MAX_STROKES  64
#define SOK_SIGNATURE_MAX_POINTS 2048
/* Points are kept on a grid of this many steps across the pad's width and height. */
#define SOK_SIGNATURE_GRID       1024

typedef struct _SokSignature SokSignature;

SokSignature *sok_signature_new            (void);
void          sok_signature_free           (SokSignature *self);
void          sok_signature_begin_stroke   (SokSignature *self);
gboolean      sok_signature_add_point      (SokSignature *self,
                                            double        x,
                                            double        y);
void          sok_signature_clear          (SokSignature *self);
gboolean      sok_signature_is_empty       (SokSignature *self);
guint         sok_signature_get_n_strokes  (SokSignature *self);
guint         sok_signature_get_n_points   (SokSignature *self);
GBytes       *sok_signature_encode         (SokSignature *self);
SokSignature *sok_signature_decode         (GBytes       *bytes,
                                            GError      **error);
char         *sok_signature_dup_svg_path   (SokSignature *self,
                                            double        width,
                                            double        height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokSignature, sok_signature_free)

/* ---- Agreements ------------------------------------------------------------------- */

gboolean     sok_agreement_record          (SokStore           *store,
                                            gint64              pupil_id,
                                            gint64              aup_version_id,
                                            SokAgreementMethod  method,
                                            gboolean            read_aloud,
                                            gboolean            with_adult,
                                            SokSignature       *signature,
                                            GDateTime          *at,
                                            gint64             *out_agreement_id,
                                            GError            **error);
void         sok_agreement_record_async    (const char         *data_dir,
                                            gint64              pupil_id,
                                            gint64              aup_version_id,
                                            SokAgreementMethod  method,
                                            gboolean            read_aloud,
                                            gboolean            with_adult,
                                            SokSignature       *signature,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean     sok_agreement_record_finish   (GAsyncResult       *result,
                                            gint64             *out_agreement_id,
                                            GError            **error);

gboolean     sok_agreement_status_for_pupil (SokStore           *store,
                                            gint64              pupil_id,
                                            gint64              current_aup_version_id,
                                            int                 school_year,
                                            SokAgreementStatus *out_status,
                                            GError            **error);

gboolean     sok_agreement_endorse_by_parent (SokStore         *store,
                                            gint64              agreement_id,
                                            GDateTime          *at,
                                            GError            **error);

/* One agreement, as sokctl and staff mode list them. */
typedef struct
{
  gint64    id;
  gint64    pupil_id;
  char     *forename;
  char     *surname;
  char     *class_name;       /* NULL when the pupil has no class any more */
  int       year_group;
  int       school_year;      /* 2026 for 2026-27 */
  gint64    agreed_at;        /* Unix time */
  char     *band;             /* "early" or "junior" */
  char     *aup_sha256;
  char     *aup_locale;
  char     *method;           /* "signature" or "tap" */
  gboolean  read_aloud;
  gboolean  with_adult;
  gboolean  has_signature;
  gint64    parent_endorsed_at; /* Unix time, 0 when not endorsed */
} SokAgreement;

void         sok_agreement_free            (SokAgreement *agreement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokAgreement, sok_agreement_free)

GPtrArray   *sok_agreement_list            (SokStore           *store,
                                            const char         *class_name,
                                            int                 school_year,
                                            GError            **error);
GBytes      *sok_agreement_dup_signature   (SokStore           *store,
                                            gint64              agreement_id,
                                            GError            **error);

/* ---- The staff's September campaign ----------------------------------------------- */

typedef struct
{
  gint64     class_id;
  char      *class_name;
  int        year_group;
  guint      n_pupils;     /* listed pupils */
  guint      n_promised;   /* of them, promised this school year to the current words */
  GArray    *not_yet;      /* of gint64: the pupils who have not, by forename */
} SokClassCompletion;

void         sok_class_completion_free     (SokClassCompletion *completion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokClassCompletion, sok_class_completion_free)

GPtrArray   *sok_agreement_class_completion (SokStore          *store,
                                            int                 school_year,
                                            gint64              early_version_id,
                                            gint64              junior_version_id,
                                            GError            **error);

G_END_DECLS
