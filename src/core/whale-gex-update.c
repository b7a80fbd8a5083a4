/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-gex-update"

#include "config.h"

#include "whale-gex-update.h"

struct _WhaleGexUpdate
{
  WhaleRecord  parent_instance;

  const char  *ticker;
  gint64       timestamp;
  double       price;
  double       gamma_per_one_percent_move_oi;
  double       gamma_per_one_percent_move_vol;
  double       gamma_per_one_percent_move_dir;
  double       charm_per_one_percent_move_oi;
  double       charm_per_one_percent_move_vol;
  double       charm_per_one_percent_move_dir;
  double       vanna_per_one_percent_move_oi;
  double       vanna_per_one_percent_move_vol;
  double       vanna_per_one_percent_move_dir;
  double       delta_per_one_percent_move_oi;
  double       delta_per_one_percent_move_vol;
};

G_DEFINE_FINAL_TYPE (WhaleGexUpdate, whale_gex_update, WHALE_TYPE_RECORD)

#define F(name, type, flags, label) \
  { #name, WHALE_FIELD_##type, G_STRUCT_OFFSET (WhaleGexUpdate, name), flags, label }

static const WhaleField fields[] = {
  F (ticker, SYMBOL, WHALE_FIELD_IDENTITY, "Ticker"),
  F (timestamp, TIME, WHALE_FIELD_IDENTITY, "Time"),
  F (price, NUMBER, 0, "Price"),
  F (gamma_per_one_percent_move_oi, NUMBER, 0, "Gamma per 1% (OI)"),
  F (gamma_per_one_percent_move_vol, NUMBER, 0, "Gamma per 1% (volume)"),
  F (gamma_per_one_percent_move_dir, NUMBER, 0, "Gamma per 1% (directional)"),
  F (charm_per_one_percent_move_oi, NUMBER, 0, "Charm per 1% (OI)"),
  F (charm_per_one_percent_move_vol, NUMBER, 0, "Charm per 1% (volume)"),
  F (charm_per_one_percent_move_dir, NUMBER, 0, "Charm per 1% (directional)"),
  F (vanna_per_one_percent_move_oi, NUMBER, 0, "Vanna per 1% (OI)"),
  F (vanna_per_one_percent_move_vol, NUMBER, 0, "Vanna per 1% (volume)"),
  F (vanna_per_one_percent_move_dir, NUMBER, 0, "Vanna per 1% (directional)"),
  F (delta_per_one_percent_move_oi, NUMBER, 0, "Delta per 1% (OI)"),
  F (delta_per_one_percent_move_vol, NUMBER, 0, "Delta per 1% (volume)"),
};

#undef F

static gboolean
whale_gex_update_finish (WhaleRecord *record)
{
  WhaleGexUpdate *self = WHALE_GEX_UPDATE (record);

  return self->ticker != NULL && self->timestamp != 0;
}

static void
whale_gex_update_class_init (WhaleGexUpdateClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_GEX;
  record_class->kind_name = "gex";
  record_class->ticker_field = "ticker";
  record_class->time_field = "timestamp";
  record_class->finish = whale_gex_update_finish;
  whale_record_class_set_fields (record_class, fields, G_N_ELEMENTS (fields));
}

static void
whale_gex_update_init (WhaleGexUpdate *self)
{
}
