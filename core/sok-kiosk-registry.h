/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "sok-kiosk.h"
#include "sok-queue.h"
#include "sok-seal.h"

G_BEGIN_DECLS

/* The DSL's view of the kiosks in the queue, their decisions checked. */
typedef struct _SokKioskRegistry SokKioskRegistry;

SokKioskRegistry  *sok_kiosk_registry_load          (SokQueue            *queue,
                                                     SokDslKey           *key,
                                                     GError             **error);
guint              sok_kiosk_registry_get_n_kiosks  (SokKioskRegistry    *registry);
const SokQueueKiosk *sok_kiosk_registry_get_kiosk   (SokKioskRegistry    *registry,
                                                     guint                index,
                                                     SokKioskStatus      *status);
SokSignatureState  sok_kiosk_registry_check         (SokKioskRegistry    *registry,
                                                     const char          *public_key_base64,
                                                     gint64               received_at);
const char        *sok_kiosk_registry_get_check     (SokKioskRegistry    *registry,
                                                     const char          *report_id,
                                                     const char         **kiosk_key);
gboolean           sok_kiosk_registry_remember      (SokKioskRegistry    *registry,
                                                     SokQueue            *queue,
                                                     SokDslKey           *key,
                                                     const char          *report_id,
                                                     const char          *result,
                                                     const char          *kiosk_key,
                                                     GError             **error);
void               sok_kiosk_registry_free          (SokKioskRegistry    *registry);

gboolean           sok_kiosk_decide                 (SokQueue            *queue,
                                                     SokDslKey           *key,
                                                     const char          *fingerprint,
                                                     SokKioskStatus       decision,
                                                     const char          *by,
                                                     SokQueueKiosk      **out_kiosk,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SokKioskRegistry, sok_kiosk_registry_free)

G_END_DECLS
