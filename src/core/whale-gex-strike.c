/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-gex-strike"

#include "config.h"

#include "whale-gex-strike.h"

#include <math.h>

struct _WhaleGexStrike
{
  WhaleRecord  parent_instance;

  const char  *ticker;
  gint64       timestamp;
  double       price;
  double       strike;
  const char  *expiry;
  double       call_delta_oi;
  double       put_delta_oi;
  double       call_delta_vol;
  double       put_delta_vol;
  double       call_gamma_oi;
  double       put_gamma_oi;
  double       call_gamma_vol;
  double       put_gamma_vol;
  double       call_gamma_ask_vol;
  double       call_gamma_bid_vol;
  double       put_gamma_ask_vol;
  double       put_gamma_bid_vol;
  double       call_charm_oi;
  double       put_charm_oi;
  double       call_charm_vol;
  double       put_charm_vol;
  double       call_charm_ask_vol;
  double       call_charm_bid_vol;
  double       put_charm_ask_vol;
  double       put_charm_bid_vol;
  double       call_vanna_oi;
  double       put_vanna_oi;
  double       call_vanna_vol;
  double       put_vanna_vol;
  double       call_vanna_ask_vol;
  double       call_vanna_bid_vol;
  double       put_vanna_ask_vol;
  double       put_vanna_bid_vol;

  /* Derived */
  double       net_gamma_oi;
  double       net_gamma_vol;
};

G_DEFINE_FINAL_TYPE (WhaleGexStrike, whale_gex_strike, WHALE_TYPE_RECORD)

#define F(name, type, flags, label) \
  { #name, WHALE_FIELD_##type, G_STRUCT_OFFSET (WhaleGexStrike, name), flags, label }

enum {
  FIELD_NET_GAMMA_OI = 33,
  FIELD_NET_GAMMA_VOL,
  N_FIELDS
};

static const WhaleField fields[] = {
  F (ticker, SYMBOL, WHALE_FIELD_IDENTITY, "Ticker"),
  F (timestamp, TIME, WHALE_FIELD_IDENTITY, "Time"),
  F (price, NUMBER, 0, "Price"),
  F (strike, NUMBER, WHALE_FIELD_IDENTITY, "Strike"),
  F (expiry, SYMBOL, 0, "Expiry"),
  F (call_delta_oi, NUMBER, 0, "Call delta (OI)"),
  F (put_delta_oi, NUMBER, 0, "Put delta (OI)"),
  F (call_delta_vol, NUMBER, 0, "Call delta (volume)"),
  F (put_delta_vol, NUMBER, 0, "Put delta (volume)"),
  F (call_gamma_oi, NUMBER, 0, "Call gamma (OI)"),
  F (put_gamma_oi, NUMBER, 0, "Put gamma (OI)"),
  F (call_gamma_vol, NUMBER, 0, "Call gamma (volume)"),
  F (put_gamma_vol, NUMBER, 0, "Put gamma (volume)"),
  F (call_gamma_ask_vol, NUMBER, 0, "Call gamma (ask volume)"),
  F (call_gamma_bid_vol, NUMBER, 0, "Call gamma (bid volume)"),
  F (put_gamma_ask_vol, NUMBER, 0, "Put gamma (ask volume)"),
  F (put_gamma_bid_vol, NUMBER, 0, "Put gamma (bid volume)"),
  F (call_charm_oi, NUMBER, 0, "Call charm (OI)"),
  F (put_charm_oi, NUMBER, 0, "Put charm (OI)"),
  F (call_charm_vol, NUMBER, 0, "Call charm (volume)"),
  F (put_charm_vol, NUMBER, 0, "Put charm (volume)"),
  F (call_charm_ask_vol, NUMBER, 0, "Call charm (ask volume)"),
  F (call_charm_bid_vol, NUMBER, 0, "Call charm (bid volume)"),
  F (put_charm_ask_vol, NUMBER, 0, "Put charm (ask volume)"),
  F (put_charm_bid_vol, NUMBER, 0, "Put charm (bid volume)"),
  F (call_vanna_oi, NUMBER, 0, "Call vanna (OI)"),
  F (put_vanna_oi, NUMBER, 0, "Put vanna (OI)"),
  F (call_vanna_vol, NUMBER, 0, "Call vanna (volume)"),
  F (put_vanna_vol, NUMBER, 0, "Put vanna (volume)"),
  F (call_vanna_ask_vol, NUMBER, 0, "Call vanna (ask volume)"),
  F (call_vanna_bid_vol, NUMBER, 0, "Call vanna (bid volume)"),
  F (put_vanna_ask_vol, NUMBER, 0, "Put vanna (ask volume)"),
  F (put_vanna_bid_vol, NUMBER, 0, "Put vanna (bid volume)"),
  [FIELD_NET_GAMMA_OI] = F (net_gamma_oi, NUMBER, WHALE_FIELD_DERIVED, "Net gamma (OI)"),
  [FIELD_NET_GAMMA_VOL] = F (net_gamma_vol, NUMBER, WHALE_FIELD_DERIVED, "Net gamma (volume)"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (fields) == N_FIELDS);

#undef F

static gboolean
whale_gex_strike_finish (WhaleRecord *record)
{
  WhaleGexStrike *self = WHALE_GEX_STRIKE (record);

  if (self->ticker == NULL || self->timestamp == 0 || isnan (self->strike))
    return FALSE;

  /* One missing side counts as zero exposure; both missing leaves net missing. */
  if (!isnan (self->call_gamma_oi) || !isnan (self->put_gamma_oi))
    {
      self->net_gamma_oi = (isnan (self->call_gamma_oi) ? 0 : self->call_gamma_oi)
                           + (isnan (self->put_gamma_oi) ? 0 : self->put_gamma_oi);
      whale_record_mark_present (record, &fields[FIELD_NET_GAMMA_OI]);
    }
  if (!isnan (self->call_gamma_vol) || !isnan (self->put_gamma_vol))
    {
      self->net_gamma_vol = (isnan (self->call_gamma_vol) ? 0 : self->call_gamma_vol)
                            + (isnan (self->put_gamma_vol) ? 0 : self->put_gamma_vol);
      whale_record_mark_present (record, &fields[FIELD_NET_GAMMA_VOL]);
    }
  return TRUE;
}

static void
whale_gex_strike_class_init (WhaleGexStrikeClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_GEX_STRIKE;
  record_class->kind_name = "gex-strike";
  record_class->ticker_field = "ticker";
  record_class->time_field = "timestamp";
  record_class->finish = whale_gex_strike_finish;
  whale_record_class_set_fields (record_class, fields, G_N_ELEMENTS (fields));
}

static void
whale_gex_strike_init (WhaleGexStrike *self)
{
}
