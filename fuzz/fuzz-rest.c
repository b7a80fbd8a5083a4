/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-fuzz"

#include "config.h"

#include "whale-frame.h"
#include "fuzz-common.h"

/* A REST body: decoded as market movers and as congress trades, each row written
 * out as JSON. */

static WhaleFrameDecoder *decoder;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  whale_fuzz_init ();
  decoder = whale_frame_decoder_new ();
  return 0;
}

static void
decode (WhaleRecordKind kind,
        const char     *channel,
        const guint8   *data,
        size_t          size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  records = whale_frame_decoder_build_rest (decoder, kind, channel, (const char *) data, size,
                                            &error);
  g_assert ((records == NULL) == (error != NULL));
  if (records == NULL)
    return;
  for (guint i = 0; i < records->len; i++)
    {
      WhaleRecord *record = g_ptr_array_index (records, i);
      g_autofree char *line = whale_record_to_json_line (record);

      g_assert_cmpint (whale_record_get_kind (record), ==, kind);
      g_assert_cmpstr (whale_record_get_channel (record), ==, channel);
      g_assert (g_utf8_validate (line, -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  decode (WHALE_RECORD_MARKET_MOVER, "/api/market/movers", data, size);
  decode (WHALE_RECORD_CONGRESS_TRADE, "/api/congress/recent-trades", data, size);
  return 0;
}
