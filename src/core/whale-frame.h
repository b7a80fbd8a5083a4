/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-record.h"

G_BEGIN_DECLS

/* The hot path: decoding UW frames. Implemented in C++ on simdjson's DOM API. */

typedef enum
{
  WHALE_FRAME_DATA,         /* [channel, {data...}] */
  WHALE_FRAME_ACK,          /* [channel, {"response":{},"status":"ok"}] */
  WHALE_FRAME_ERROR_REPLY,  /* [channel, {"response":{...},"status":"error"}] (any non-"ok" status) */
  WHALE_FRAME_MALFORMED,    /* not JSON, not a two-element array, channel not a string */
} WhaleFrameKind;

#define WHALE_FRAME_ERROR (whale_frame_error_quark ())

typedef enum
{
  WHALE_FRAME_ERROR_MALFORMED,         /* not JSON or not the expected shape */
  WHALE_FRAME_ERROR_MISSING_IDENTITY,  /* a required field (id, ticker, option_chain, ...) */
} WhaleFrameError;

GQuark whale_frame_error_quark (void);

/* SYMBOL values (tickers, rules, exchanges) are interned: pointers shared by every
 * record. Past this many that were new to the process, a new one is kept in its
 * record's own strings instead, so a server sending ever new symbols cannot grow the
 * process without end. Real feeds have a few thousand. Not more: each time GLib's
 * quark table grows by 2 048 it abandons the old array, so n interned strings cost
 * about n² / 256 bytes besides themselves (100 000: 19 MB; 20 000: 0.8 MB). */
#define WHALE_FRAME_MAX_SYMBOLS 20000

typedef struct _WhaleFrameDecoder WhaleFrameDecoder;

WhaleFrameDecoder *whale_frame_decoder_new   (void);
void               whale_frame_decoder_free  (WhaleFrameDecoder *self);

/* Parses one text frame's envelope. For DATA, ACK and ERROR_REPLY, *channel is set to
 * the channel name (owned by the decoder, valid until the next parse). *reason (owned by
 * the decoder, may be NULL) is the server's reason of an ERROR_REPLY, or a short
 * description of why a frame is MALFORMED. */
WhaleFrameKind     whale_frame_decoder_parse (WhaleFrameDecoder  *self,
                                              const char         *text,
                                              gsize               len,
                                              const char        **channel,
                                              const char        **reason);
/* The same for a frame that is already in a GBytes (as libsoup hands it over): a record
 * built from it keeps a reference to @frame instead of a copy of the text. */
WhaleFrameKind     whale_frame_decoder_parse_bytes (WhaleFrameDecoder  *self,
                                                    GBytes             *frame,
                                                    const char        **channel,
                                                    const char        **reason);

/* parse() looks for a reply only in a payload of exactly two members, as replies are
 * sent: a data frame's members are not walked twice. For a DATA frame on a channel whose
 * join is still unanswered, this walks them: ERROR_REPLY (with *reason, as parse() sets
 * it) for a non-"ok" status next to a response among other keys, else DATA. After
 * ERROR_REPLY there is no payload to build from. */
WhaleFrameKind     whale_frame_decoder_find_reply (WhaleFrameDecoder  *self,
                                                   const char        **reason);

/* The payload of a valid DATA frame's text, minified: what whale_record_get_payload()
 * returns. */
char              *whale_frame_payload_text (const char *frame,
                                             gsize       len);

/* Whether build() keeps the payload text on records of classes that ask for it
 * (WhaleRecordClass.keep_payload). On by default; raw events, whose payload is the
 * record, keep it always. A flow alert's payload is ~1 KB, as much as the decoded
 * record, so a feed that never shows it may do without (WhaleFeed:keep-payloads). */
void               whale_frame_decoder_set_keep_payloads (WhaleFrameDecoder *self,
                                                          gboolean           keep);

/* Builds a record of @kind from the payload of the last DATA frame parsed, with its
 * channel set. NULL and an error when the payload is not an object or lacks the
 * record's identity. A field of the wrong type reads as missing. */
WhaleRecord       *whale_frame_decoder_build (WhaleFrameDecoder  *self,
                                              WhaleRecordKind     kind,
                                              GError            **error);

/* Decodes a REST response body of a REST kind (WHALE_RECORD_MARKET_MOVER,
 * WHALE_RECORD_CONGRESS_TRADE) into a new array of records, each with @channel set. */
GPtrArray         *whale_frame_decoder_build_rest (WhaleFrameDecoder  *self,
                                                   WhaleRecordKind     kind,
                                                   const char         *channel,
                                                   const char         *body,
                                                   gsize               len,
                                                   GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WhaleFrameDecoder, whale_frame_decoder_free)

G_END_DECLS
