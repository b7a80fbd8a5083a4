/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-price"

#include "config.h"

#include "whale-price.h"

struct _WhalePrice
{
  WhaleRecord  parent_instance;

  const char  *ticker;
  double       close;
  gint64       time;
  double       vol;
};

G_DEFINE_FINAL_TYPE (WhalePrice, whale_price, WHALE_TYPE_RECORD)

#define F(name, type, flags, label) \
  { #name, WHALE_FIELD_##type, G_STRUCT_OFFSET (WhalePrice, name), flags, label }

static const WhaleField fields[] = {
  F (ticker, SYMBOL, WHALE_FIELD_IDENTITY, "Ticker"),
  F (close, NUMBER, 0, "Price"),
  F (time, TIME, 0, "Time"),
  F (vol, NUMBER, 0, "Volume"),
};

#undef F

static gboolean
whale_price_finish (WhaleRecord *record)
{
  return WHALE_PRICE (record)->ticker != NULL;
}

static void
whale_price_class_init (WhalePriceClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_PRICE;
  record_class->kind_name = "price";
  record_class->ticker_field = "ticker";
  record_class->time_field = "time";
  record_class->finish = whale_price_finish;
  whale_record_class_set_fields (record_class, fields, G_N_ELEMENTS (fields));
}

static void
whale_price_init (WhalePrice *self)
{
}
