/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-fuzz"

#include "config.h"

#include "whale-frame.h"
#include "fuzz-common.h"

/* One text frame: the envelope, then a record of every kind from the payload, each
 * written out as JSON and field by field as the views show it. */

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
exercise (WhaleRecord *record)
{
  WhaleRecordClass *klass = WHALE_RECORD_GET_CLASS (record);
  g_autofree char *line = whale_record_to_json_line (record);
  const WhaleField *fields;
  guint n_fields;

  g_assert (line != NULL && g_utf8_validate (line, -1, NULL));
  (void) whale_record_get_ticker (record);
  (void) whale_record_get_time (record);
  fields = whale_record_class_get_fields (klass, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *text = whale_record_format_field (record, &fields[i]);

      if (text != NULL)
        g_assert (g_utf8_validate (text, -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *channel = NULL;
  const char *reason = NULL;
  WhaleFrameKind kind;

  kind = whale_frame_decoder_parse (decoder, (const char *) data, size, &channel, &reason);
  if (kind != WHALE_FRAME_MALFORMED)
    g_assert (channel != NULL && g_utf8_validate (channel, -1, NULL));
  if (reason != NULL)
    g_assert (g_utf8_validate (reason, -1, NULL));
  if (kind != WHALE_FRAME_DATA)
    return 0;

  for (int i = 0; i <= WHALE_RECORD_RAW; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WhaleRecord) record = whale_frame_decoder_build (decoder, i, &error);

      g_assert ((record == NULL) == (error != NULL));
      if (record != NULL)
        {
          g_assert_cmpint (whale_record_get_kind (record), ==, i);
          exercise (record);
        }
    }
  return 0;
}
