/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sok-sync.h"

G_BEGIN_DECLS

/* The parts of the kiosk that the home screen does not need, loaded after the first
 * frame: delivery to the DSL queue (libsokqueue: libpq and its TLS, Kerberos and LDAP
 * libraries) and read-aloud synthesis (libsokspeech: espeak-ng and its audio
 * libraries). They live in one GModule, sok-kiosk-parts.so; this table is all the
 * kiosk sees of them. */

/* Bumped whenever the table changes, so that a module from another build is refused
 * rather than called wrongly. */
#define SOK_PARTS_ABI_VERSION 1

typedef struct
{
  guint           abi_version;

  SokSyncWorker *(*sync_worker_new)              (const char           *data_dir);
  void           (*sync_worker_start)            (SokSyncWorker        *worker);
  void           (*sync_worker_wake)             (SokSyncWorker        *worker);
  void           (*sync_worker_stop)             (SokSyncWorker        *worker);

  void           (*speech_synthesize_wav_async)  (const char           *text,
                                                  const char           *voice,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
  GBytes        *(*speech_synthesize_wav_finish) (GAsyncResult         *result,
                                                  GError              **error);
  GQuark         (*speech_error_quark)           (void);
} SokParts;

/* The module's one entry point (sok-parts-module.c). */
typedef const SokParts *(*SokPartsGetFunc) (void);
#define SOK_PARTS_GET_SYMBOL "sok_kiosk_parts_get"

#define SOK_PARTS_ERROR (sok_parts_error_quark ())

typedef enum
{
  SOK_PARTS_ERROR_MISSING,  /* the module is not where it was installed, or will not load */
  SOK_PARTS_ERROR_WRONG,    /* it is not this build's module */
} SokPartsError;

GQuark          sok_parts_error_quark              (void);

char           *sok_parts_dup_module_path          (void);
const SokParts *sok_parts_get                      (GError              **error);
/* Called on the main thread once the parts are loaded, or with @error if they
 * cannot be. */
typedef void (*SokPartsLoadedFunc) (const SokParts *parts,
                                    const GError   *error,
                                    gpointer        user_data);

void            sok_parts_load_after_first_frame   (GtkWidget            *widget,
                                                    SokPartsLoadedFunc    loaded,
                                                    gpointer              user_data);

void            sok_parts_synthesize_wav_async     (const char           *text,
                                                    const char           *voice,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GBytes         *sok_parts_synthesize_wav_finish    (GAsyncResult         *result,
                                                    GError              **error);
gboolean        sok_parts_is_nothing_to_say        (const GError         *error);

G_END_DECLS
