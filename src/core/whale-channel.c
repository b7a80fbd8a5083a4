/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-channel"

#include "config.h"

#include "whale-channel.h"

#include <string.h>

/* The one table of channels. Adding a feed means adding a row here and, when its
 * payload is new, a record class. */
static const WhaleChannelInfo channel_infos[] = {
  { "flow-alerts", "Flow alerts", "flow-alerts",
    TRUE, FALSE, WHALE_TRANSPORT_SOCKET, NULL, 0, WHALE_RECORD_FLOW_ALERT, NULL },
  { "gex", "Gamma exposure", "gex:%s",
    TRUE, TRUE, WHALE_TRANSPORT_SOCKET, NULL, 0, WHALE_RECORD_GEX, NULL },
  { "gex-strike", "Gamma by strike", "gex_strike:%s",
    TRUE, TRUE, WHALE_TRANSPORT_SOCKET, NULL, 0, WHALE_RECORD_GEX_STRIKE, NULL },
  { "option-trades", "Option trades", "option_trades",
    TRUE, FALSE, WHALE_TRANSPORT_SOCKET, NULL, 0, WHALE_RECORD_OPTION_TRADE, NULL },
  { "option-trades-ticker", "Option trades by ticker", "option_trades:%s",
    TRUE, TRUE, WHALE_TRANSPORT_SOCKET, NULL, 0, WHALE_RECORD_OPTION_TRADE, NULL },
  { "price", "Price", "price:%s",
    TRUE, TRUE, WHALE_TRANSPORT_SOCKET, NULL, 0, WHALE_RECORD_PRICE, NULL },
  { "news", "News", "news",
    TRUE, FALSE, WHALE_TRANSPORT_SOCKET, NULL, 0, WHALE_RECORD_NEWS, NULL },
  { "dark-pool", "Dark Pool", "off_lit_trades",
    FALSE, FALSE, WHALE_TRANSPORT_SOCKET, NULL, 0, WHALE_RECORD_DARK_POOL_TRADE,
    "dark-pool-channel" },
  { "market-movers", "Market Movers", NULL,
    FALSE, FALSE, WHALE_TRANSPORT_REST, "/api/market/movers", 60,
    WHALE_RECORD_MARKET_MOVER, NULL },
  { "congress-trades", "Congress", NULL,
    FALSE, FALSE, WHALE_TRANSPORT_REST, "/api/congress/recent-trades?limit=100", 600,
    WHALE_RECORD_CONGRESS_TRADE, NULL },
};

const WhaleChannelInfo *
whale_channel_infos (guint *n_infos)
{
  g_return_val_if_fail (n_infos != NULL, NULL);

  *n_infos = G_N_ELEMENTS (channel_infos);
  return channel_infos;
}

const WhaleChannelInfo *
whale_channel_info_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (channel_infos); i++)
    if (strcmp (channel_infos[i].id, id) == 0)
      return &channel_infos[i];
  return NULL;
}

/* Tickers as UW spells them: capital letters and digits, with single '.', '/' or '-'
 * between them ("BRK.B"); 1 to 12 characters. "..." or "-A" is no ticker. */
gboolean
whale_ticker_is_valid (const char *ticker)
{
  gboolean after_separator = TRUE;  /* the first character must be a letter or digit */
  gsize len;

  if (ticker == NULL)
    return FALSE;
  len = strlen (ticker);
  if (len == 0 || len > 12)
    return FALSE;
  for (const char *p = ticker; *p; p++)
    {
      if (g_ascii_isupper (*p) || g_ascii_isdigit (*p))
        after_separator = FALSE;
      else if ((*p == '.' || *p == '/' || *p == '-') && !after_separator)
        after_separator = TRUE;
      else
        return FALSE;
    }
  return !after_separator;
}

/* Finds the socket row a wire name belongs to ("gex:SPY" -> gex, ticker "SPY"). Only
 * the default wire names match; an overridden name is known to its subscription. */
const WhaleChannelInfo *
whale_channel_info_match (const char  *wire_name,
                          char       **ticker)
{
  g_return_val_if_fail (wire_name != NULL, NULL);

  if (ticker != NULL)
    *ticker = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (channel_infos); i++)
    {
      const WhaleChannelInfo *info = &channel_infos[i];

      if (info->transport != WHALE_TRANSPORT_SOCKET)
        continue;

      if (!info->per_ticker)
        {
          if (strcmp (info->wire, wire_name) == 0)
            return info;
          continue;
        }

      {
        const char *placeholder = strstr (info->wire, "%s");
        gsize prefix_len = placeholder - info->wire;

        if (strncmp (info->wire, wire_name, prefix_len) == 0
            && whale_ticker_is_valid (wire_name + prefix_len))
          {
            if (ticker != NULL)
              *ticker = g_strdup (wire_name + prefix_len);
            return info;
          }
      }
    }

  return NULL;
}

char *
whale_channel_info_wire_name (const WhaleChannelInfo *info,
                              const char             *ticker)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (info->transport == WHALE_TRANSPORT_SOCKET, NULL);
  g_return_val_if_fail (!info->per_ticker || whale_ticker_is_valid (ticker), NULL);

  if (!info->per_ticker)
    return g_strdup (info->wire);

  {
    const char *placeholder = strstr (info->wire, "%s");
    g_autofree char *prefix = g_strndup (info->wire, placeholder - info->wire);

    return g_strconcat (prefix, ticker, placeholder + 2, NULL);
  }
}
