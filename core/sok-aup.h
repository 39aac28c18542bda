/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "sok-store.h"

G_BEGIN_DECLS

#define SOK_AUP_ERROR (sok_aup_error_quark ())

typedef enum
{
  SOK_AUP_ERROR_NOT_FOUND,  /* the file cannot be read */
  SOK_AUP_ERROR_SYNTAX,     /* a line is not a group, key=value or comment; not UTF-8 */
  SOK_AUP_ERROR_INVALID,    /* well formed but breaks a rule of the format */
} SokAupError;

/* The two age bands, each with its own AUP file (data/aup/<band>.ini). */
typedef enum
{
  SOK_AGE_BAND_EARLY,   /* Reception, Year 1, Year 2: EYFS and KS1 */
  SOK_AGE_BAND_JUNIOR,  /* Years 3 to 6: KS2 */
} SokAgeBand;

/* Limits a school's own file must keep to (documented in data/aup/README.md). */
#define SOK_AUP_EARLY_MIN_RULES   3
#define SOK_AUP_EARLY_MAX_RULES   6
#define SOK_AUP_JUNIOR_MIN_RULES  8
#define SOK_AUP_JUNIOR_MAX_RULES 12
#define SOK_AUP_MAX_RULE_CHARS  160
#define SOK_AUP_MAX_TITLE_CHARS  60
#define SOK_AUP_MAX_SENTENCE_CHARS 200

#define SOK_TYPE_AUP (sok_aup_get_type ())
G_DECLARE_FINAL_TYPE (SokAup, sok_aup, SOK, AUP, GObject)

GQuark        sok_aup_error_quark          (void);

SokAgeBand    sok_age_band_for_year_group  (int          year_group);
const char   *sok_age_band_to_string       (SokAgeBand   band);
gboolean      sok_age_band_from_string     (const char  *text,
                                            SokAgeBand  *band);

SokAup       *sok_aup_load                 (const char  *data_dir,
                                            SokAgeBand   band,
                                            const char  *locale,
                                            GError     **error);
SokAup       *sok_aup_load_file            (const char  *path,
                                            SokAgeBand   band,
                                            const char  *locale,
                                            GError     **error);
gboolean      sok_aup_check_override       (const char  *data_dir,
                                            SokAgeBand   band,
                                            char       **out_path,
                                            GError     **error);

SokAgeBand    sok_aup_get_band             (SokAup      *self);
const char   *sok_aup_get_locale           (SokAup      *self);
const char   *sok_aup_get_path             (SokAup      *self);
gboolean      sok_aup_get_is_override      (SokAup      *self);
const GError *sok_aup_get_override_error   (SokAup      *self);
const char   *sok_aup_get_title            (SokAup      *self);
const char   *sok_aup_get_intro            (SokAup      *self);
const char   *sok_aup_get_agreement        (SokAup      *self);
guint         sok_aup_get_n_rules          (SokAup      *self);
const char   *sok_aup_get_rule_id          (SokAup      *self,
                                            guint        index);
const char   *sok_aup_get_rule_text        (SokAup      *self,
                                            guint        index);
const char   *sok_aup_get_rule_icon        (SokAup      *self,
                                            guint        index);
const char   *sok_aup_get_rule_recording   (SokAup      *self,
                                            guint        index);
char         *sok_aup_dup_rule_recording_path (SokAup   *self,
                                            const char  *data_dir,
                                            guint        index);
const char   *sok_aup_get_content          (SokAup      *self);
const char   *sok_aup_get_sha256           (SokAup      *self);

gboolean      sok_aup_ensure_version       (SokStore    *store,
                                            SokAup      *aup,
                                            gint64      *out_version_id,
                                            GError     **error);

G_END_DECLS
