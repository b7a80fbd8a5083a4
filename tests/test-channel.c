/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "whale-channel.h"

static void
test_registry_rows (void)
{
  guint n = 0;
  const WhaleChannelInfo *infos = whale_channel_infos (&n);
  guint n_verified = 0;

  g_assert_cmpuint (n, >=, 10);
  for (guint i = 0; i < n; i++)
    {
      const WhaleChannelInfo *info = &infos[i];

      g_assert_true (whale_channel_info_lookup (info->id) == info);
      if (info->transport == WHALE_TRANSPORT_REST)
        {
          g_assert_null (info->wire);
          g_assert_true (g_str_has_prefix (info->rest_path, "/api/"));
          g_assert_cmpuint (info->poll_seconds, >, 0);
          g_assert_false (info->verified);
        }
      else
        {
          g_assert_nonnull (info->wire);
          g_assert_cmpint (info->per_ticker, ==, strstr (info->wire, "%s") != NULL);
        }
      n_verified += info->verified;
    }
  g_assert_true (whale_channel_info_lookup ("flow-alerts")->verified);
  g_assert_true (whale_channel_info_lookup ("gex")->verified);
  g_assert_false (whale_channel_info_lookup ("dark-pool")->verified);
  g_assert_cmpstr (whale_channel_info_lookup ("dark-pool")->wire, ==, "off_lit_trades");
  g_assert_cmpstr (whale_channel_info_lookup ("dark-pool")->setting, ==, "dark-pool-channel");
  g_assert_cmpstr (whale_channel_info_lookup ("market-movers")->rest_path, ==, "/api/market/movers");
  g_assert_cmpuint (whale_channel_info_lookup ("market-movers")->poll_seconds, ==, 60);
  g_assert_cmpuint (whale_channel_info_lookup ("congress-trades")->poll_seconds, ==, 600);
  g_assert_null (whale_channel_info_lookup ("dark_pool"));
}

static void
test_registry_match (void)
{
  g_autofree char *ticker = NULL;
  g_autofree char *wire = NULL;

  g_assert_true (whale_channel_info_match ("flow-alerts", &ticker) ==
                 whale_channel_info_lookup ("flow-alerts"));
  g_assert_null (ticker);

  g_assert_true (whale_channel_info_match ("gex:SPY", &ticker) == whale_channel_info_lookup ("gex"));
  g_assert_cmpstr (ticker, ==, "SPY");
  g_clear_pointer (&ticker, g_free);

  g_assert_true (whale_channel_info_match ("gex_strike:BRK.B", &ticker) ==
                 whale_channel_info_lookup ("gex-strike"));
  g_assert_cmpstr (ticker, ==, "BRK.B");
  g_clear_pointer (&ticker, g_free);

  g_assert_true (whale_channel_info_match ("option_trades", NULL) ==
                 whale_channel_info_lookup ("option-trades"));
  g_assert_true (whale_channel_info_match ("option_trades:TSLA", NULL) ==
                 whale_channel_info_lookup ("option-trades-ticker"));

  /* The guessed names of an earlier design are not channels. */
  g_assert_null (whale_channel_info_match ("dark_pool", NULL));
  g_assert_null (whale_channel_info_match ("market_movers", NULL));
  g_assert_null (whale_channel_info_match ("congress_trades", NULL));
  g_assert_null (whale_channel_info_match ("gex:", NULL));
  g_assert_null (whale_channel_info_match ("gex:spy", NULL));
  g_assert_null (whale_channel_info_match ("gex", NULL));

  wire = whale_channel_info_wire_name (whale_channel_info_lookup ("gex-strike"), "NVDA");
  g_assert_cmpstr (wire, ==, "gex_strike:NVDA");
}

static void
test_ticker_valid (void)
{
  g_assert_true (whale_ticker_is_valid ("SPY"));
  g_assert_true (whale_ticker_is_valid ("BRK.B"));
  g_assert_false (whale_ticker_is_valid (""));
  g_assert_false (whale_ticker_is_valid (NULL));
  g_assert_false (whale_ticker_is_valid ("spy"));
  g_assert_false (whale_ticker_is_valid ("SPY QQQ"));
  g_assert_false (whale_ticker_is_valid ("ABCDEFGHIJKLM"));
  g_assert_true (whale_ticker_is_valid ("BF/B"));
  g_assert_true (whale_ticker_is_valid ("X"));
  /* Separators only between letters and digits (a newcomer's "..." was subscribed). */
  g_assert_false (whale_ticker_is_valid ("..."));
  g_assert_false (whale_ticker_is_valid ("-A"));
  g_assert_false (whale_ticker_is_valid ("BRK."));
  g_assert_false (whale_ticker_is_valid ("BRK..B"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/channel/registry-rows", test_registry_rows);
  g_test_add_func ("/core/channel/registry-match", test_registry_match);
  g_test_add_func ("/core/channel/ticker-valid", test_ticker_valid);
  return g_test_run ();
}
