/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-market-mover"

#include "config.h"

#include "whale-market-mover.h"

struct _WhaleMarketMover
{
  WhaleRecord  parent_instance;

  const char  *category;
  const char  *ticker;
  double       price;
  double       change;
  double       change_percent;
  double       volume;
  gint64       last_updated;
};

G_DEFINE_FINAL_TYPE (WhaleMarketMover, whale_market_mover, WHALE_TYPE_RECORD)

#define F(name, type, flags, label) \
  { #name, WHALE_FIELD_##type, G_STRUCT_OFFSET (WhaleMarketMover, name), flags, label }

/* category is derived from the list a row came in; the decoder sets it. */
static const WhaleField fields[] = {
  F (category, SYMBOL, WHALE_FIELD_DERIVED, "Category"),
  F (ticker, SYMBOL, WHALE_FIELD_IDENTITY, "Ticker"),
  F (price, NUMBER, 0, "Price"),
  F (change, NUMBER, 0, "Change"),
  F (change_percent, NUMBER, 0, "Change %"),
  F (volume, NUMBER, 0, "Volume"),
  F (last_updated, TIME, 0, "Updated"),
};

#undef F

static gboolean
whale_market_mover_finish (WhaleRecord *record)
{
  return WHALE_MARKET_MOVER (record)->ticker != NULL;
}

static void
whale_market_mover_class_init (WhaleMarketMoverClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_MARKET_MOVER;
  record_class->kind_name = "market-mover";
  record_class->ticker_field = "ticker";
  record_class->time_field = "last_updated";
  record_class->finish = whale_market_mover_finish;
  whale_record_class_set_fields (record_class, fields, G_N_ELEMENTS (fields));
}

static void
whale_market_mover_init (WhaleMarketMover *self)
{
}
