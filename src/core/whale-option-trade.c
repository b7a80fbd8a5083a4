/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-option-trade"

#include "config.h"

#include "whale-option-trade.h"

#include "whale-occ.h"

struct _WhaleOptionTrade
{
  WhaleRecord  parent_instance;

  char        *id;
  const char  *underlying_symbol;
  char        *option_symbol;
  char        *option_chain_id;
  const char  *option_type;
  double       strike;
  const char  *expiry;
  gint64       executed_at;
  double       price;
  double       premium;
  double       size;
  double       volume;
  double       open_interest;
  double       nbbo_bid;
  double       nbbo_ask;
  double       ewma_nbbo_bid;
  double       ewma_nbbo_ask;
  double       underlying_price;
  double       implied_volatility;
  double       delta;
  double       gamma;
  double       theta;
  double       vega;
  double       rho;
  double       theo;
  const WhaleStrv *tags;
  const char  *exchange;
  const char  *trade_code;
  double       ask_vol;
  double       bid_vol;
  double       mid_vol;
  double       no_side_vol;
  double       multi_vol;
  double       stock_multi_vol;
  guint8       canceled;
  const char  *upstream_condition_detail;
  const WhaleStrv *report_flags;
  const char  *trade_settlement;
  const char  *sector;
  const char  *industry_type;
  const char  *equity_type;
  const char  *full_name;
  double       marketcap;
  const char  *er_time;
  const char  *next_earnings_date;
  char        *flow_alert_id;
};

G_DEFINE_FINAL_TYPE (WhaleOptionTrade, whale_option_trade, WHALE_TYPE_RECORD)

#define F(name, type, flags, label) \
  { #name, WHALE_FIELD_##type, G_STRUCT_OFFSET (WhaleOptionTrade, name), flags, label }

enum {
  FIELD_UNDERLYING_SYMBOL = 1,
  FIELD_OPTION_TYPE = 4,
  FIELD_STRIKE,
  FIELD_EXPIRY,
};

static const WhaleField fields[] = {
  F (id, STRING, 0, "ID"),
  F (underlying_symbol, SYMBOL, 0, "Ticker"),
  F (option_symbol, STRING, 0, "Option"),
  F (option_chain_id, STRING, 0, "Option chain"),
  F (option_type, SYMBOL, 0, "Type"),
  F (strike, NUMBER, 0, "Strike"),
  F (expiry, SYMBOL, 0, "Expiry"),
  F (executed_at, TIME, WHALE_FIELD_IDENTITY, "Time"),
  F (price, NUMBER, 0, "Price"),
  F (premium, NUMBER, 0, "Premium"),
  F (size, NUMBER, 0, "Size"),
  F (volume, NUMBER, 0, "Volume"),
  F (open_interest, NUMBER, 0, "Open interest"),
  F (nbbo_bid, NUMBER, 0, "Bid"),
  F (nbbo_ask, NUMBER, 0, "Ask"),
  F (ewma_nbbo_bid, NUMBER, 0, "EWMA bid"),
  F (ewma_nbbo_ask, NUMBER, 0, "EWMA ask"),
  F (underlying_price, NUMBER, 0, "Spot"),
  F (implied_volatility, NUMBER, 0, "IV"),
  F (delta, NUMBER, 0, "Delta"),
  F (gamma, NUMBER, 0, "Gamma"),
  F (theta, NUMBER, 0, "Theta"),
  F (vega, NUMBER, 0, "Vega"),
  F (rho, NUMBER, 0, "Rho"),
  F (theo, NUMBER, 0, "Theoretical value"),
  F (tags, STRV, 0, "Tags"),
  F (exchange, SYMBOL, 0, "Exchange"),
  F (trade_code, SYMBOL, 0, "Trade code"),
  F (ask_vol, NUMBER, 0, "Ask volume"),
  F (bid_vol, NUMBER, 0, "Bid volume"),
  F (mid_vol, NUMBER, 0, "Mid volume"),
  F (no_side_vol, NUMBER, 0, "No-side volume"),
  F (multi_vol, NUMBER, 0, "Multi-leg volume"),
  F (stock_multi_vol, NUMBER, 0, "Stock multi-leg volume"),
  F (canceled, BOOLEAN, 0, "Canceled"),
  F (upstream_condition_detail, SYMBOL, 0, "Condition"),
  F (report_flags, STRV, 0, "Report flags"),
  F (trade_settlement, SYMBOL, 0, "Settlement"),
  F (sector, SYMBOL, 0, "Sector"),
  F (industry_type, SYMBOL, 0, "Industry"),
  F (equity_type, SYMBOL, 0, "Equity type"),
  F (full_name, SYMBOL, 0, "Company"),
  F (marketcap, NUMBER, 0, "Market cap"),
  F (er_time, SYMBOL, 0, "Earnings time"),
  F (next_earnings_date, SYMBOL, 0, "Next earnings"),
  F (flow_alert_id, STRING, 0, "Flow alert ID"),
};

#undef F

static gboolean
whale_option_trade_finish (WhaleRecord *record)
{
  WhaleOptionTrade *self = WHALE_OPTION_TRADE (record);
  const char *symbol = self->option_symbol != NULL ? self->option_symbol : self->option_chain_id;
  WhaleOcc occ;

  if (!whale_occ_parse (symbol, &occ))
    return self->underlying_symbol != NULL;

  if (self->underlying_symbol == NULL)
    {
      self->underlying_symbol = g_intern_string (occ.root);
      whale_record_mark_present (record, &fields[FIELD_UNDERLYING_SYMBOL]);
    }
  whale_occ_fill_record (&occ, record, &fields[FIELD_OPTION_TYPE], &fields[FIELD_STRIKE],
                         &fields[FIELD_EXPIRY]);
  return TRUE;
}

static void
whale_option_trade_class_init (WhaleOptionTradeClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_OPTION_TRADE;
  record_class->kind_name = "option-trade";
  record_class->ticker_field = "underlying_symbol";
  record_class->time_field = "executed_at";
  record_class->finish = whale_option_trade_finish;
  whale_record_class_set_fields (record_class, fields, G_N_ELEMENTS (fields));
}

static void
whale_option_trade_init (WhaleOptionTrade *self)
{
}
