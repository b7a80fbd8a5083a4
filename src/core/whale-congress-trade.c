/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-congress-trade"

#include "config.h"

#include "whale-congress-trade.h"

#include <math.h>
#include <string.h>

struct _WhaleCongressTrade
{
  WhaleRecord  parent_instance;

  const char  *name;
  const char  *member_type;
  const char  *ticker;
  const char  *txn_type;
  const char  *amounts;
  const char  *transaction_date;
  const char  *filed_at_date;
  const char  *reporter;
  char        *notes;
  const char  *issuer;
  const char  *politician_id;
  guint8       is_active;
  double       amount_low;
};

G_DEFINE_FINAL_TYPE (WhaleCongressTrade, whale_congress_trade, WHALE_TYPE_RECORD)

#define F(name, type, flags, label) \
  { #name, WHALE_FIELD_##type, G_STRUCT_OFFSET (WhaleCongressTrade, name), flags, label }

enum {
  FIELD_AMOUNT_LOW = 12,
  N_FIELDS
};

static const WhaleField fields[] = {
  F (name, SYMBOL, WHALE_FIELD_IDENTITY, "Member"),
  F (member_type, SYMBOL, 0, "Chamber"),
  F (ticker, SYMBOL, 0, "Ticker"),
  F (txn_type, SYMBOL, 0, "Transaction"),
  F (amounts, SYMBOL, 0, "Amount"),
  F (transaction_date, SYMBOL, WHALE_FIELD_IDENTITY, "Traded"),
  F (filed_at_date, SYMBOL, 0, "Filed"),
  F (reporter, SYMBOL, 0, "Reporter"),
  F (notes, STRING, 0, "Notes"),
  F (issuer, SYMBOL, 0, "Issuer"),
  F (politician_id, SYMBOL, 0, "Member ID"),
  F (is_active, BOOLEAN, 0, "In office"),
  [FIELD_AMOUNT_LOW] = F (amount_low, NUMBER, WHALE_FIELD_DERIVED, "Amount from"),
};
G_STATIC_ASSERT (G_N_ELEMENTS (fields) == N_FIELDS);

#undef F

/* The dollars a disclosure band starts at: "$1,001 - $15,000" is 1001, "Over $50,000,000"
 * 50000000. The bands sort by it; as text, "$100,001 - ..." came before "$15,001 - ...". */
static double
band_low (const char *amounts)
{
  const char *p = amounts != NULL ? strchr (amounts, '$') : NULL;
  double dollars = 0;
  gboolean digits = FALSE;

  if (p == NULL)
    return NAN;
  for (p++; g_ascii_isdigit (*p) || *p == ','; p++)
    if (*p != ',')
      {
        dollars = dollars * 10 + (*p - '0');
        digits = TRUE;
      }
  return digits ? dollars : NAN;
}

static gboolean
whale_congress_trade_finish (WhaleRecord *record)
{
  WhaleCongressTrade *self = WHALE_CONGRESS_TRADE (record);

  self->amount_low = band_low (self->amounts);
  if (!isnan (self->amount_low))
    whale_record_mark_present (record, &fields[FIELD_AMOUNT_LOW]);
  return self->name != NULL && self->transaction_date != NULL;
}

static void
whale_congress_trade_class_init (WhaleCongressTradeClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_CONGRESS_TRADE;
  record_class->kind_name = "congress-trade";
  record_class->ticker_field = "ticker";
  record_class->time_field = NULL;
  record_class->finish = whale_congress_trade_finish;
  whale_record_class_set_fields (record_class, fields, G_N_ELEMENTS (fields));
}

static void
whale_congress_trade_init (WhaleCongressTrade *self)
{
}
