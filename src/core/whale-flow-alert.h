/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* A flow alert: a burst of option prints that matched one of UW's rules. */
#define WHALE_TYPE_FLOW_ALERT (whale_flow_alert_get_type ())
G_DECLARE_FINAL_TYPE (WhaleFlowAlert, whale_flow_alert, WHALE, FLOW_ALERT, WhaleRecord)

G_END_DECLS
