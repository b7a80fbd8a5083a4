/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-news"

#include "config.h"

#include "whale-news.h"

struct _WhaleNews
{
  WhaleRecord  parent_instance;

  char        *headline;
  gint64       timestamp;
  const char  *source;
  const WhaleStrv *tickers;
  guint8       is_major;
  const char  *sentiment;
  char        *url;

  /* Derived */
  const char  *ticker;
};

G_DEFINE_FINAL_TYPE (WhaleNews, whale_news, WHALE_TYPE_RECORD)

#define F(name, type, flags, label) \
  { #name, WHALE_FIELD_##type, G_STRUCT_OFFSET (WhaleNews, name), flags, label }

enum {
  FIELD_TICKER = 7,
  N_FIELDS
};

static const WhaleField fields[] = {
  F (headline, STRING, WHALE_FIELD_IDENTITY, "Headline"),
  F (timestamp, TIME, 0, "Time"),
  F (source, SYMBOL, 0, "Source"),
  F (tickers, STRV, 0, "Tickers"),
  F (is_major, BOOLEAN, 0, "Major"),
  F (sentiment, SYMBOL, 0, "Sentiment"),
  F (url, STRING, 0, "URL"),
  /* The first ticker, so ticker filters work on news too. */
  [FIELD_TICKER] = F (ticker, SYMBOL, WHALE_FIELD_DERIVED, "Ticker"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (fields) == N_FIELDS);

#undef F

static gboolean
whale_news_finish (WhaleRecord *record)
{
  WhaleNews *self = WHALE_NEWS (record);

  if (self->headline == NULL)
    return FALSE;

  if (self->tickers != NULL && self->tickers->n_items > 0
      && whale_strv_first (self->tickers)[0] != '\0')
    {
      self->ticker = g_intern_string (whale_strv_first (self->tickers));
      whale_record_mark_present (record, &fields[FIELD_TICKER]);
    }
  return TRUE;
}

static void
whale_news_class_init (WhaleNewsClass *klass)
{
  WhaleRecordClass *record_class = WHALE_RECORD_CLASS (klass);

  record_class->kind = WHALE_RECORD_NEWS;
  record_class->kind_name = "news";
  record_class->ticker_field = "ticker";
  record_class->time_field = "timestamp";
  record_class->finish = whale_news_finish;
  whale_record_class_set_fields (record_class, fields, G_N_ELEMENTS (fields));
}

static void
whale_news_init (WhaleNews *self)
{
}
