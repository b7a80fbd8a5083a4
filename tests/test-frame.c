/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "whale-frame.h"

static void
test_ack (void)
{
  g_autoptr(WhaleFrameDecoder) decoder = whale_frame_decoder_new ();
  const char *frame = "[\"gex:SPY\",{\"response\":{},\"status\":\"ok\"}]";
  const char *channel = NULL, *reason = NULL;

  g_assert_cmpint (whale_frame_decoder_parse (decoder, frame, strlen (frame), &channel, &reason),
                   ==, WHALE_FRAME_ACK);
  g_assert_cmpstr (channel, ==, "gex:SPY");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/frame/ack", test_ack);

  return g_test_run ();
}
