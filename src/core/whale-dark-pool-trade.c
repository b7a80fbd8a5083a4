/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-dark-pool-trade"

#include "config.h"

#include "whale-dark-pool-trade.h"

#include <math.h>

struct _WhaleDarkPoolTrade
{
  WhaleRecord  parent_instance;

  const char  *symbol;
  double       price;
  double       size;
  double       volume;
  gint64       executed_at;
  double       nbbo_bid;
  double       nbbo_ask;
  double       nbbo_bid_quantity;
  double       nbbo_ask_quantity;
  const char  *sector;
  const char  *issue_type;
  const char  *trade_settlement;
  char        *tracking_id;
  const char  *market_center;
  const char  *trade_code;
  const char  *sale_cond_codes;
  const char  *ext_hour_sold_codes;
  guint8       canceled;

  /* Derived */
  double       premium;
};

G_DEFINE_FINAL_TYPE (WhaleDarkPoolTrade, whale_dark_pool_trade, WHALE_TYPE_RECORD)

#define F(name, type, flags, label) \
  { #name, WHALE_FIELD_##type, G_STRUCT_OFFSET (WhaleDarkPoolTrade, name), flags, label }

enum {
  FIELD_PREMIUM = 18,
  N_FIELDS
};

static const WhaleField fields[] = {
  F (symbol, SYMBOL, WHALE_FIELD_IDENTITY, "Ticker"),
  F (price, NUMBER, WHALE_FIELD_IDENTITY, "Price"),
  F (size, NUMBER, WHALE_FIELD_IDENTITY, "Size"),
  F (volume, NUMBER, 0, "Volume"),
  F (executed_at, TIME, WHALE_FIELD_IDENTITY, "Time"),
  F (nbbo_bid, NUMBER, 0, "Bid"),
  F (nbbo_ask, NUMBER, 0, "Ask"),
  F (nbbo_bid_quantity, NUMBER, 0, "Bid size"),
  F (nbbo_ask_quantity, NUMBER, 0, "Ask size"),
  F (sector, SYMBOL, 0, "Sector"),
  F (issue_type, SYMBOL, 0, "Issue type"),
  F (trade_settlement, SYMBOL, 0, "Settlement"),
  F (tracking_id, STRING, 0, "Tracking ID"),
  F (market_center, SYMBOL, 0, "Market center"),
  F (trade_code, SYMBOL, 0, "Trade code"),
  F (sale_cond_codes, SYMBOL, 0, "Sale conditions"),
  F (ext_hour_sold_codes, SYMBOL, 0, "Extended hours"),
  F (canceled, BOOLEAN, 0, "Canceled"),
  [FIELD_PREMIUM] = F (premium, NUMBER, WHALE_FIELD_DERIVED, "Premium"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (fields) == N_FIELDS);

#undef F

static gboolean
whale_dark_pool_trade_finish (WhaleRecord *record)
{
  WhaleDarkPoolTrade *self = WHALE_DARK_POOL_TRADE (record);

  if (self->symbol == NULL || self->executed_at == 0 || isnan (self->price) || isnan (self->size))
    return FALSE;

  self->premium = self->price * self->size;
  whale_record_mark_present (record, &fields[FIELD_PREMIUM]);
  return TRUE;
}

static void
whale_dark_pool_trade_class_init (WhaleDarkPoolTradeClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_DARK_POOL_TRADE;
  record_class->kind_name = "dark-pool-trade";
  record_class->ticker_field = "symbol";
  record_class->time_field = "executed_at";
  record_class->finish = whale_dark_pool_trade_finish;
  whale_record_class_set_fields (record_class, fields, G_N_ELEMENTS (fields));
}

static void
whale_dark_pool_trade_init (WhaleDarkPoolTrade *self)
{
}
