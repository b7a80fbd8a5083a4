/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _WhaleRecord       WhaleRecord;
typedef struct _WhaleFeed         WhaleFeed;
typedef struct _WhaleStream       WhaleStream;
typedef struct _WhaleChannelState WhaleChannelState;
typedef struct _WhaleSimulator    WhaleSimulator;

/* What a channel delivers; one record class per kind. */
typedef enum
{
  WHALE_RECORD_FLOW_ALERT,
  WHALE_RECORD_GEX,
  WHALE_RECORD_GEX_STRIKE,
  WHALE_RECORD_OPTION_TRADE,
  WHALE_RECORD_DARK_POOL_TRADE,
  WHALE_RECORD_PRICE,
  WHALE_RECORD_NEWS,
  WHALE_RECORD_MARKET_MOVER,
  WHALE_RECORD_CONGRESS_TRADE,
  WHALE_RECORD_RAW,
} WhaleRecordKind;

typedef enum
{
  WHALE_TRANSPORT_SOCKET,
  WHALE_TRANSPORT_REST,
} WhaleTransport;

/* The life of one subscription. */
typedef enum
{
  WHALE_CHANNEL_PENDING,        /* join sent (or waiting for a connection) */
  WHALE_CHANNEL_JOINED,         /* the server acked the join */
  WHALE_CHANNEL_NOT_CONFIRMED,  /* error reply, or no ack in time */
  WHALE_CHANNEL_POLLING,        /* REST: polled on a timer */
  WHALE_CHANNEL_FAILED,         /* REST: the last poll failed */
} WhaleChannelStatus;

typedef enum
{
  WHALE_CONNECTION_DISCONNECTED,
  WHALE_CONNECTION_CONNECTING,
  WHALE_CONNECTION_CONNECTED,
  WHALE_CONNECTION_RECONNECTING,
  WHALE_CONNECTION_REJECTED,    /* 401/403: final until the token or URL changes */
} WhaleConnectionState;

G_END_DECLS
