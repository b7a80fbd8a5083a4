/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-flow-alert"

#include "config.h"

#include "whale-flow-alert.h"

#include <math.h>
#include <string.h>

#include "whale-occ.h"

struct _WhaleFlowAlert
{
  WhaleRecord  parent_instance;

  char        *id;
  const char  *rule_id;
  const char  *rule_name;
  const char  *ticker;
  char        *option_chain;
  double       underlying_price;
  double       price;
  double       bid;
  double       ask;
  double       volume;
  double       total_size;
  double       open_interest;
  double       total_premium;
  double       total_ask_side_prem;
  double       total_bid_side_prem;
  double       ask_vol;
  double       bid_vol;
  double       mid_vol;
  double       no_side_vol;
  double       multi_vol;
  double       stock_multi_vol;
  double       trade_count;
  double       expiry_count;
  gint64       start_time;
  gint64       end_time;
  gint64       executed_at;
  double       volume_oi_ratio;
  const WhaleStrv *trade_ids;
  const WhaleStrv *exchanges;
  const WhaleStrv *upstream_condition_details;
  char        *url;

  /* Derived */
  const char  *option_type;
  double       strike;
  const char  *expiry;
  double       dte;
  double       percent_otm;
  double       side_percent;
  const char  *sentiment;
  double       vol_oi;

  /* Booleans last, a byte each: no padding between them. */
  guint8       has_sweep;
  guint8       has_floor;
  guint8       has_multileg;
  guint8       has_singleleg;
  guint8       all_opening_trades;
  guint8       opening;
  guint8       sweep;
  guint8       golden_sweep;
};

G_DEFINE_FINAL_TYPE (WhaleFlowAlert, whale_flow_alert, WHALE_TYPE_RECORD)

#define F(name, type, flags, label) \
  { #name, WHALE_FIELD_##type, G_STRUCT_OFFSET (WhaleFlowAlert, name), flags, label }

enum {
  FIELD_OPTION_TYPE = 36,
  FIELD_STRIKE,
  FIELD_EXPIRY,
  FIELD_DTE,
  FIELD_PERCENT_OTM,
  FIELD_SIDE_PERCENT,
  FIELD_SENTIMENT,
  FIELD_VOL_OI,
  FIELD_OPENING,
  FIELD_SWEEP,
  FIELD_GOLDEN_SWEEP,
  N_FIELDS
};

static const WhaleField fields[] = {
  F (id, STRING, WHALE_FIELD_IDENTITY, "ID"),
  F (rule_id, SYMBOL, 0, "Rule ID"),
  F (rule_name, SYMBOL, 0, "Rule"),
  F (ticker, SYMBOL, WHALE_FIELD_IDENTITY, "Ticker"),
  F (option_chain, STRING, WHALE_FIELD_IDENTITY, "Option"),
  F (underlying_price, NUMBER, 0, "Spot"),
  F (price, NUMBER, 0, "Price"),
  F (bid, NUMBER, 0, "Bid"),
  F (ask, NUMBER, 0, "Ask"),
  F (volume, NUMBER, 0, "Volume"),
  F (total_size, NUMBER, 0, "Size"),
  F (open_interest, NUMBER, 0, "Open interest"),
  F (total_premium, NUMBER, 0, "Premium"),
  F (total_ask_side_prem, NUMBER, 0, "Ask-side premium"),
  F (total_bid_side_prem, NUMBER, 0, "Bid-side premium"),
  F (ask_vol, NUMBER, 0, "Ask volume"),
  F (bid_vol, NUMBER, 0, "Bid volume"),
  F (mid_vol, NUMBER, 0, "Mid volume"),
  F (no_side_vol, NUMBER, 0, "No-side volume"),
  F (multi_vol, NUMBER, 0, "Multi-leg volume"),
  F (stock_multi_vol, NUMBER, 0, "Stock multi-leg volume"),
  F (trade_count, NUMBER, 0, "Trades"),
  F (expiry_count, NUMBER, 0, "Expiries"),
  F (start_time, TIME, 0, "Start"),
  F (end_time, TIME, 0, "End"),
  F (executed_at, TIME, 0, "Time"),
  F (has_sweep, BOOLEAN, 0, "Has sweep"),
  F (has_floor, BOOLEAN, 0, "Has floor"),
  F (has_multileg, BOOLEAN, 0, "Has multi-leg"),
  F (has_singleleg, BOOLEAN, 0, "Has single-leg"),
  F (all_opening_trades, BOOLEAN, 0, "All opening (as sent)"),
  F (volume_oi_ratio, NUMBER, 0, "Vol/OI (as sent)"),
  F (trade_ids, STRV, 0, "Trade IDs"),
  F (exchanges, STRV, 0, "Exchanges"),
  F (upstream_condition_details, STRV, 0, "Conditions"),
  F (url, STRING, 0, "URL"),
  [FIELD_OPTION_TYPE] = F (option_type, SYMBOL, WHALE_FIELD_DERIVED, "Type"),
  [FIELD_STRIKE] = F (strike, NUMBER, WHALE_FIELD_DERIVED, "Strike"),
  [FIELD_EXPIRY] = F (expiry, SYMBOL, WHALE_FIELD_DERIVED, "Expiry"),
  [FIELD_DTE] = F (dte, NUMBER, WHALE_FIELD_DERIVED, "DTE"),
  [FIELD_PERCENT_OTM] = F (percent_otm, NUMBER, WHALE_FIELD_DERIVED, "% OTM"),
  [FIELD_SIDE_PERCENT] = F (side_percent, NUMBER, WHALE_FIELD_DERIVED, "Ask side %"),
  [FIELD_SENTIMENT] = F (sentiment, SYMBOL, WHALE_FIELD_DERIVED, "Sentiment"),
  [FIELD_VOL_OI] = F (vol_oi, NUMBER, WHALE_FIELD_DERIVED, "Vol/OI"),
  [FIELD_OPENING] = F (opening, BOOLEAN, WHALE_FIELD_DERIVED, "Opening (estimated)"),
  [FIELD_SWEEP] = F (sweep, BOOLEAN, WHALE_FIELD_DERIVED, "Sweep"),
  [FIELD_GOLDEN_SWEEP] = F (golden_sweep, BOOLEAN, WHALE_FIELD_DERIVED, "Golden sweep"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (fields) == N_FIELDS);

#undef F

/* Interned once (neutral, bullish, bearish): SYMBOL fields hold interned strings. */
static const char *sentiments[3];

static inline double
or_zero (double value)
{
  return isnan (value) ? 0.0 : value;
}

static gboolean
strv_contains_ascii_nocase (const WhaleStrv *strv,
                            const char      *needle)
{
  const char *item;

  if (strv == NULL)
    return FALSE;
  item = whale_strv_first (strv);
  for (guint i = 0; i < strv->n_items; i++, item = whale_strv_next (item))
    if (g_ascii_strcasecmp (item, needle) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
whale_flow_alert_finish (WhaleRecord *record)
{
  WhaleFlowAlert *self = WHALE_FLOW_ALERT (record);
  WhaleOcc occ;
  double side_total;

  if (self->id == NULL || self->ticker == NULL || !whale_occ_parse (self->option_chain, &occ))
    return FALSE;

  /* Derived fields start empty (never read off the wire): this always sets them. */
  whale_occ_fill_record (&occ, record, &fields[FIELD_OPTION_TYPE], &fields[FIELD_STRIKE],
                         &fields[FIELD_EXPIRY]);

  self->dte = whale_days_to_date (self->executed_at, occ.year, occ.month, occ.day);
  if (!isnan (self->dte))
    whale_record_mark_present (record, &fields[FIELD_DTE]);

  if (self->underlying_price > 0)
    {
      double otm = (occ.strike - self->underlying_price) / self->underlying_price * 100.0;

      self->percent_otm = occ.is_call ? otm : -otm;
      whale_record_mark_present (record, &fields[FIELD_PERCENT_OTM]);
    }

  side_total = or_zero (self->ask_vol) + or_zero (self->bid_vol)
               + or_zero (self->mid_vol) + or_zero (self->no_side_vol);
  self->sentiment = sentiments[0];
  if (side_total > 0)
    {
      double ask_share = or_zero (self->ask_vol) / side_total;
      double bid_share = or_zero (self->bid_vol) / side_total;

      self->side_percent = ask_share * 100.0;
      whale_record_mark_present (record, &fields[FIELD_SIDE_PERCENT]);

      if (ask_share > 0.5)
        self->sentiment = sentiments[occ.is_call ? 1 : 2];
      else if (bid_share > 0.5)
        self->sentiment = sentiments[occ.is_call ? 2 : 1];
    }
  whale_record_mark_present (record, &fields[FIELD_SENTIMENT]);

  if (self->open_interest > 0 && !isnan (self->volume))
    {
      self->vol_oi = self->volume / self->open_interest;
      whale_record_mark_present (record, &fields[FIELD_VOL_OI]);
    }

  if (!isnan (self->total_size) && !isnan (self->open_interest) && !isnan (self->volume))
    {
      self->opening = self->total_size > self->open_interest - (self->volume - self->total_size);
      whale_record_mark_present (record, &fields[FIELD_OPENING]);
    }

  self->sweep = self->has_sweep
                || strv_contains_ascii_nocase (self->upstream_condition_details, "isoi");
  whale_record_mark_present (record, &fields[FIELD_SWEEP]);

  self->golden_sweep = self->sweep
                       && self->total_premium >= 1000000.0
                       && self->total_size > self->open_interest;
  whale_record_mark_present (record, &fields[FIELD_GOLDEN_SWEEP]);

  return TRUE;
}

static void
whale_flow_alert_class_init (WhaleFlowAlertClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_FLOW_ALERT;
  record_class->kind_name = "flow-alert";
  record_class->ticker_field = "ticker";
  record_class->time_field = "executed_at";
  record_class->keep_payload = TRUE;
  record_class->finish = whale_flow_alert_finish;
  sentiments[0] = g_intern_static_string ("neutral");
  sentiments[1] = g_intern_static_string ("bullish");
  sentiments[2] = g_intern_static_string ("bearish");
  whale_record_class_set_fields (record_class, fields, G_N_ELEMENTS (fields));
}

static void
whale_flow_alert_init (WhaleFlowAlert *self)
{
}
