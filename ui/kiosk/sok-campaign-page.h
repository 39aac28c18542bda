/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sok-page.h"

G_BEGIN_DECLS

#define SOK_TYPE_CAMPAIGN_PAGE (sok_campaign_page_get_type ())
G_DECLARE_FINAL_TYPE (SokCampaignPage, sok_campaign_page, SOK, CAMPAIGN_PAGE, SokPage)

GtkWidget *sok_campaign_page_new                  (SokContext *context);

void       sok_campaign_page_show_class           (SokCampaignPage *self,
                                                   gint64           class_id);
void       sok_campaign_page_say_promise_saved    (SokCampaignPage *self,
                                                   const char      *forename);
void       sok_campaign_page_record_endorsement   (SokCampaignPage *self,
                                                   gint64           agreement_id);
void       sok_campaign_page_print_certificates   (SokCampaignPage *self,
                                                   const char      *class_name,
                                                   gint64           pupil_id,
                                                   const char      *export_path);
void       sok_campaign_page_save_certificates    (SokCampaignPage *self,
                                                   const char      *class_name,
                                                   gint64           pupil_id,
                                                   GFile           *file);

G_END_DECLS
