/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-types.h"

G_BEGIN_DECLS

/* One row of the channel registry: everything the app knows about a feed. */
typedef struct
{
  const char      *id;           /* stable id, e.g. "flow-alerts", "gex", "dark-pool" */
  const char      *title;        /* untranslated; wrap in _() where shown */
  const char      *wire;         /* wire name, or pattern with one %s for the ticker; NULL for REST */
  gboolean         verified;
  gboolean         per_ticker;
  WhaleTransport   transport;
  const char      *rest_path;    /* REST rows: path and query below the REST base URL */
  guint            poll_seconds; /* REST rows */
  WhaleRecordKind  kind;
  const char      *setting;      /* GSettings key that may override the wire name, or NULL */
} WhaleChannelInfo;

const WhaleChannelInfo *whale_channel_infos       (guint                  *n_infos);
const WhaleChannelInfo *whale_channel_info_lookup (const char             *id);
const WhaleChannelInfo *whale_channel_info_match  (const char             *wire_name,
                                                   char                  **ticker);
char                   *whale_channel_info_wire_name (const WhaleChannelInfo *info,
                                                      const char             *ticker);
gboolean                whale_ticker_is_valid     (const char             *ticker);

G_END_DECLS
