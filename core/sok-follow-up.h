/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Hearing back with a secret picture code. How the kiosk's screens use it:
 *
 * - A report with a code: sok_follow_up_code_random() picks the code (it is shown on
 *   the Thank-you screen and then forgotten); sok_follow_up_derive_async() with the
 *   kiosk's dsl-public-key gives its keys, which go in with
 *   sok_report_draft_set_follow_up() before sok_report_send_async(). Without a code
 *   ("I don't want a code") the draft is sent without keys. Derive while the child is
 *   still on the last page: the derivation takes a good part of a second on purpose,
 *   and Send must not wait for it.
 * - My messages: sok_follow_up_check_async() (sok-queue.h) with the code tapped in
 *   gives the replies in order, empty for a wrong, unanswered or expired code alike.
 * - Reply: a new draft, sok_report_draft_set_answer() with the check's tag and
 *   sok_follow_up_check_get_answer_place(), then text or drawing, feeling, urgent, and
 *   sok_report_send_async() as for a report. */

#define SOK_FOLLOW_UP_ERROR (sok_follow_up_error_quark ())

typedef enum
{
  SOK_FOLLOW_UP_ERROR_PICTURES,   /* the pictures file is missing or wrong */
  SOK_FOLLOW_UP_ERROR_CODE,       /* a code that is not four of the pictures */
  SOK_FOLLOW_UP_ERROR_NO_KEY,     /* no (or a damaged) DSL public key to salt with */
  SOK_FOLLOW_UP_ERROR_TOO_LONG,   /* a reply longer than SOK_FOLLOW_UP_MAX_REPLY */
  SOK_FOLLOW_UP_ERROR_FAILED,
} SokFollowUpError;

/* A secret picture code is SOK_FOLLOW_UP_CODE_LENGTH of SOK_FOLLOW_UP_N_PICTURES
 * pictures, in order: 24^4 = 331,776 codes. */
#define SOK_FOLLOW_UP_N_PICTURES   24
#define SOK_FOLLOW_UP_CODE_LENGTH  4
#define SOK_FOLLOW_UP_N_CODES      (24 * 24 * 24 * 24)

/* Argon2id's cost for one code, the same on every kiosk and DSL machine (changing it
 * changes every code's tag: a new format, never an edit). bench/README.md gives the
 * time of one check and of every code, and README.md what that means. */
#define SOK_FOLLOW_UP_OPSLIMIT     3
#define SOK_FOLLOW_UP_MEMLIMIT     ((gsize)64 * 1024 * 1024)

#define SOK_FOLLOW_UP_TAG_BYTES    32
#define SOK_FOLLOW_UP_KEY_BYTES    32

/* A DSL's reply is at most this many characters, and every reply row has the one size
 * SOK_FOLLOW_UP_REPLY_SIZE, so that its size says nothing of what was written. */
#define SOK_FOLLOW_UP_MAX_REPLY    300
#define SOK_FOLLOW_UP_REPLY_SIZE   2088

/* How long a code and its replies are kept, unless `follow-up-days` says otherwise. */
#define SOK_FOLLOW_UP_DEFAULT_DAYS 30

/* The 24 pictures (data/follow-up/pictures.json). */
typedef struct _SokPictures SokPictures;

/* What a code opens: the lookup tag and the reply key, in memory that is wiped when
 * freed. */
typedef struct
{
  guint8 tag[SOK_FOLLOW_UP_TAG_BYTES];
  guint8 key[SOK_FOLLOW_UP_KEY_BYTES];
} SokFollowUpKeys;

/* A reply row as every kiosk reads it from the queue: nothing in it names a case. */
typedef struct
{
  GBytes *tag;         /* SOK_FOLLOW_UP_TAG_BYTES */
  GBytes *ciphertext;  /* nonce and secretbox, SOK_FOLLOW_UP_REPLY_SIZE bytes */
  GDate   expires;     /* the last day it may be read */
} SokFollowUpRow;

/* One message of a conversation, opened. */
typedef struct
{
  guint  place;     /* 1 is the child's report; replies and answers follow */
  char  *from;      /* "dsl" or "child" */
  char  *text;      /* wiped when freed */
  gint64 half_day;  /* the DSL's side only: when it was written; 0 on a kiosk */
} SokFollowUpMessage;

GQuark           sok_follow_up_error_quark      (void);

SokPictures     *sok_pictures_load              (GError            **error);
SokPictures     *sok_pictures_load_from_file    (const char         *path,
                                                 GError            **error);
void             sok_pictures_free              (SokPictures        *pictures);
const char      *sok_pictures_get_id            (SokPictures        *pictures,
                                                 guint               index);
const char      *sok_pictures_get_word          (SokPictures        *pictures,
                                                 guint               index);
int              sok_pictures_find              (SokPictures        *pictures,
                                                 const char         *id_or_word);

void             sok_follow_up_code_random      (guint8             *code);
gboolean         sok_follow_up_derive_salt      (const char         *dsl_public_key_base64,
                                                 guint8             *salt,
                                                 GError            **error);
SokFollowUpKeys *sok_follow_up_derive           (SokPictures        *pictures,
                                                 const guint8       *code,
                                                 const char         *dsl_public_key_base64,
                                                 GError            **error);
SokFollowUpKeys *sok_follow_up_derive_with_limits (SokPictures      *pictures,
                                                 const guint8       *code,
                                                 const char         *dsl_public_key_base64,
                                                 guint64             opslimit,
                                                 gsize               memlimit,
                                                 GError            **error);
void             sok_follow_up_derive_async     (const guint8       *code,
                                                 const char         *dsl_public_key_base64,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
SokFollowUpKeys *sok_follow_up_derive_finish    (GAsyncResult       *result,
                                                 GError            **error);
SokFollowUpKeys *sok_follow_up_keys_copy        (const SokFollowUpKeys *keys);
void             sok_follow_up_keys_free        (SokFollowUpKeys    *keys);

GBytes          *sok_follow_up_seal_reply       (const SokFollowUpKeys *keys,
                                                 guint               place,
                                                 const char         *text,
                                                 GError            **error);
SokFollowUpMessage *sok_follow_up_open_reply    (const SokFollowUpKeys *keys,
                                                 GBytes             *ciphertext);
GPtrArray       *sok_follow_up_find_replies     (const SokFollowUpKeys *keys,
                                                 GPtrArray          *rows,
                                                 const GDate        *today);
void             sok_follow_up_row_free         (SokFollowUpRow     *row);
void             sok_follow_up_message_free     (SokFollowUpMessage *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokPictures, sok_pictures_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokFollowUpKeys, sok_follow_up_keys_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokFollowUpRow, sok_follow_up_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokFollowUpMessage, sok_follow_up_message_free)

G_END_DECLS
