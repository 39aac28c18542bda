/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-agreement.h"
#include "sok-aup.h"
#include "sok-flow.h"
#include "sok-roster.h"

G_BEGIN_DECLS

#define SOK_TYPE_PROMISE_FLOW (sok_promise_flow_get_type ())
G_DECLARE_FINAL_TYPE (SokPromiseFlow, sok_promise_flow, SOK, PROMISE_FLOW, SokFlow)

SokPromiseFlow     *sok_promise_flow_new            (SokContext     *context,
                                                     SokShell       *shell);

const SokPupil     *sok_promise_flow_get_pupil      (SokPromiseFlow *self);
SokAup             *sok_promise_flow_get_aup        (SokPromiseFlow *self);
SokAgreementStatus  sok_promise_flow_get_status     (SokPromiseFlow *self);
gboolean            sok_promise_flow_get_read_aloud (SokPromiseFlow *self);
gint64              sok_promise_flow_get_agreement_id (SokPromiseFlow *self);
gboolean            sok_promise_flow_get_with_adult (SokPromiseFlow *self);
gboolean            sok_promise_flow_get_saving     (SokPromiseFlow *self);

void                sok_promise_flow_start_with_adult (SokPromiseFlow *self,
                                                       gint64          pupil_id);
void                sok_promise_flow_choose_class   (SokPromiseFlow *self,
                                                     gint64          class_id);
void                sok_promise_flow_choose_pupil   (SokPromiseFlow *self,
                                                     gint64          pupil_id);
void                sok_promise_flow_read_rules     (SokPromiseFlow *self);
void                sok_promise_flow_agree          (SokPromiseFlow *self,
                                                     SokSignature   *signature,
                                                     gboolean        with_adult);
void                sok_promise_flow_finish         (SokPromiseFlow *self);
void                sok_promise_flow_forget         (SokPromiseFlow *self);

G_END_DECLS
