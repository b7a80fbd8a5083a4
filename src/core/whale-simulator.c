/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-simulator"

#include "config.h"

#include "whale-simulator.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "whale-channel.h"
#include "whale-recording.h"

/* Threading: everything below "server thread" runs on the simulator's own thread,
 * whose GMainContext owns the SoupServer, the sockets and every timer. Other threads
 * only touch the configuration, the counters and the clients' joined sets, all under
 * the mutex, and reach the server thread through sources attached to its context. */

#define TICK_MS              20
#define PUMP_BATCH           64     /* frames per dispatch at full speed */
#define PUMP_CHECK_EVERY     8      /* frames between writability checks */
#define MAX_TICK_SECONDS     0.1    /* no catch-up burst after a stall */
#define SHUTDOWN_TIMEOUT_MS  500

/* Demo pace of the channels other than flow alerts, per second. */
#define GEX_RATE            0.5
#define GEX_STRIKE_RATE     0.5    /* bursts */
#define PRICE_RATE          3.0
#define OPTION_TRADES_RATE  50.0
#define OPTION_TICKER_RATE  6.0
#define OFF_LIT_RATE        10.0
#define NEWS_RATE           (1.0 / 15.0)
#define LADDER_MAX_SIDE     40     /* strikes each side of spot in a gex_strike burst */

typedef struct
{
  const char *symbol;
  const char *root;        /* OCC root: SPX options trade as SPXW */
  double      base;        /* reference spot */
  double      step;        /* strike increment near the money */
  double      iv;          /* implied volatility, annual */
  double      gex_scale;   /* dollars of call gamma per 1 % move over the ladder */
  gboolean    daily;       /* daily expiries */
  const char *sector;
  const char *issue_type;
  guint       weight;      /* share of the flow */
} TickerSpec;

static const TickerSpec ticker_specs[] = {
  { "SPY",   "SPY",   592.0,  1.0, 0.14, 9.0e9,  TRUE,  "ETF", "ETF", 20 },
  { "QQQ",   "QQQ",   512.0,  1.0, 0.18, 3.5e9,  TRUE,  "ETF", "ETF", 12 },
  { "IWM",   "IWM",   224.0,  1.0, 0.22, 7.0e8,  TRUE,  "ETF", "ETF", 5 },
  { "SPX",   "SPXW", 5930.0,  5.0, 0.14, 2.5e10, TRUE,  "Index", "Index", 8 },
  { "TSLA",  "TSLA",  412.0,  2.5, 0.55, 1.6e9,  FALSE, "Consumer Cyclical", "Common Stock", 12 },
  { "NVDA",  "NVDA",  136.0,  1.0, 0.45, 2.2e9,  FALSE, "Technology", "Common Stock", 14 },
  { "AAPL",  "AAPL",  236.0,  2.5, 0.24, 1.1e9,  FALSE, "Technology", "Common Stock", 8 },
  { "AMD",   "AMD",   122.0,  1.0, 0.45, 4.0e8,  FALSE, "Technology", "Common Stock", 5 },
  { "META",  "META",  612.0,  5.0, 0.32, 7.0e8,  FALSE, "Communication Services", "Common Stock", 6 },
  { "AMZN",  "AMZN",  222.0,  2.5, 0.30, 9.0e8,  FALSE, "Consumer Cyclical", "Common Stock", 6 },
  { "MSFT",  "MSFT",  424.0,  2.5, 0.22, 8.0e8,  FALSE, "Technology", "Common Stock", 5 },
  { "GOOGL", "GOOGL", 196.0,  2.5, 0.28, 6.0e8,  FALSE, "Communication Services", "Common Stock", 4 },
  { "NFLX",  "NFLX",  880.0,  5.0, 0.35, 2.0e8,  FALSE, "Communication Services", "Common Stock", 2 },
  { "PLTR",  "PLTR",   78.0,  1.0, 0.60, 3.0e8,  FALSE, "Technology", "Common Stock", 3 },
  { "COIN",  "COIN",  265.0,  2.5, 0.70, 1.5e8,  FALSE, "Financial Services", "Common Stock", 2 },
  { "SMCI",  "SMCI",   38.0,  0.5, 0.90, 8.0e7,  FALSE, "Technology", "Common Stock", 2 },
  { "JD",    "JD",     36.0,  0.5, 0.40, 4.0e7,  FALSE, "Consumer Cyclical", "Common Stock", 1 },
};

typedef struct
{
  char       *symbol;
  char        root[8];
  double      base;
  double      spot;
  double      anchor;      /* slow average of spot: where the open interest sits */
  double      open;
  double      step;
  double      iv;
  double      gex_scale;
  gboolean    daily;
  const char *sector;
  const char *issue_type;
  guint64     volume;
} Ticker;

typedef struct
{
  int      dte;
  gboolean friday;
  gboolean monthly;
  char     occ[7];     /* YYMMDD */
  char     iso[11];    /* YYYY-MM-DD */
} Expiry;

/* Which alerts a rule can name: one with a sweep, one without, or either. */
typedef enum
{
  RULE_ANY,
  RULE_SWEEP,
  RULE_NO_SWEEP,
} RuleFits;

typedef struct
{
  const char *id;
  const char *name;
  RuleFits    fits;
} Rule;

static const Rule rules[] = {
  { "c6a5a1d0-6a2e-4c34-9b8e-4e9a0d6f2a01", "RepeatedHits", RULE_ANY },
  { "0f7e7d4c-1b4e-4a1f-8a53-7d0f2b8c3e02", "RepeatedHitsAscendingFill", RULE_ANY },
  { "5d3c2b1a-9e8f-4d7c-a6b5-c4d3e2f1a003", "RepeatedHitsDescendingFill", RULE_ANY },
  { "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c04", "FloorTradeSmallCap", RULE_NO_SWEEP },
  { "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d05", "FloorTradeMidCap", RULE_NO_SWEEP },
  { "c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e06", "FloorTradeLargeCap", RULE_NO_SWEEP },
  { "d4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f07", "OtmEarningsFloor", RULE_NO_SWEEP },
  { "e5f6a7b8-c9d0-4e1f-8a3b-4c5d6e7f8a08", "LowHistoricVolumeFloor", RULE_NO_SWEEP },
  { "f6a7b8c9-d0e1-4f2a-9b4c-5d6e7f8a9b09", "SweepsFollowedByFloor", RULE_SWEEP },
};

static const char *const exchanges[] = {
  "XCBO", "ARCO", "AMXO", "BOXO", "C2OX", "EDGO", "EMLD", "GMNI", "MCRY", "MIAX",
  "MPRL", "XNDQ", "BATO", "XISX", "XPHO", "XBXO",
};

typedef enum
{
  PACE_FLOW_ALERTS,
  PACE_GEX,
  PACE_GEX_STRIKE,
  PACE_OPTION_TRADES,
  PACE_OPTION_TRADES_TICKER,
  PACE_PRICE,
  PACE_NEWS,
  PACE_OFF_LIT,
  PACE_NONE,
} PaceKind;

/* The generator of one joined wire name. */
typedef struct
{
  PaceKind  kind;
  Ticker   *ticker;   /* per-ticker channels */
  double    credit;   /* frames due */
  gboolean  seen;
} Pace;

typedef struct
{
  WhaleSimulator          *self;      /* not a ref: clients end before the simulator */
  SoupWebsocketConnection *conn;
  GSocket                 *socket;
  GPollableOutputStream   *output;
  GHashTable              *joined;    /* wire name -> GINT_TO_POINTER (acked); mutex */
  guint                    n_pending_acks;
  guint64                  n_data_frames;
  gboolean                 closing;
  gboolean                 gone;
  GSource                 *pump;      /* full-speed flow alerts */
  GSource                 *closer;    /* waits for queued frames before closing */
  gushort                  close_code;
  /* replay */
  gboolean                 replay_started;
  guint                    replay_index;
  gint64                   replay_start_us;
  GSource                 *replay_source;
} Client;

typedef struct
{
  Client  *client;
  char    *channel;
  char    *reason;    /* NULL: an ok ack */
  GSource *source;
} PendingAck;

typedef struct
{
  gint64      time_ms;
  const char *frame;
  const char *channel;   /* interned; NULL when the frame has no readable channel */
  gboolean    is_reply;  /* a recorded ack or error reply: the simulator makes its own */
} ReplayFrame;

struct _WhaleSimulator
{
  GObject       parent_instance;

  GMutex        mutex;
  GCond         cond;

  /* Configuration (mutex) */
  guint         port;
  char         *token;
  double        rate;
  double        option_trades_rate;
  guint64       frame_limit;
  guint         reject_status;
  guint         rest_status;
  GHashTable   *ignored_joins;
  GArray       *recording;        /* WhaleRecordedFrame; read-only once started */
  GArray       *replay;           /* ReplayFrame pointing into recording */
  double        replay_speed;

  /* Thread life (mutex) */
  GThread      *thread;
  GMainContext *context;
  gboolean      start_done;
  GError       *start_error;
  guint         bound_port;
  int           stopping;         /* atomic */

  /* Counters (mutex) */
  GPtrArray    *clients;          /* Client *; added and removed on the server thread */
  guint64       n_frames_sent;
  guint         n_connections;
  guint         n_rest_requests;
  guint         n_malformed;
  guint         n_dropped;
  gint64        minute_start_us;
  guint         minute_requests;

  /* Server thread only */
  SoupServer   *server;
  GRand        *rand;
  GString      *buf;
  GSource      *tick_source;
  gint64        last_tick_us;
  GHashTable   *tickers;          /* symbol -> Ticker */
  Ticker      **flow_tickers;     /* weighted pick list */
  guint         n_flow_tickers;
  GHashTable   *paces;            /* wire name -> Pace */
  GPtrArray    *pending_acks;     /* PendingAck *, not owned */
  GHashTable   *replay_channels;  /* interned names the recording has frames on */
  GTimeZone    *market_tz;        /* America/New_York (UTC if unknown), once per run */
  Expiry        expiries[48];
  guint         n_expiries;
  guint         expiry_julian;
  guint64       tracking_id;
};

G_DEFINE_FINAL_TYPE (WhaleSimulator, whale_simulator, G_TYPE_OBJECT)

static void client_send_data     (Client     *client,
                                  const char *text);
static void client_close_drained (Client     *client,
                                  gushort     code);
static void client_maybe_start_replay (Client *client);
static void client_ensure_pump   (Client     *client);

/* Random numbers and formatting helpers (server thread) */

static inline double
rnd (WhaleSimulator *self)
{
  return g_rand_double (self->rand);
}

static inline int
rnd_int (WhaleSimulator *self,
         int             begin,
         int             end)
{
  return g_rand_int_range (self->rand, begin, end);
}

/* A rule for an alert with or without a sweep, at random among those that fit. */
static const Rule *
pick_rule (WhaleSimulator *self,
           gboolean        sweep)
{
  const Rule *fit[G_N_ELEMENTS (rules)];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i].fits == RULE_ANY || rules[i].fits == (sweep ? RULE_SWEEP : RULE_NO_SWEEP))
      fit[n++] = &rules[i];
  return fit[rnd_int (self, 0, n)];
}

static double
gauss (WhaleSimulator *self)
{
  double u = 1.0 - rnd (self);
  double v = rnd (self);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

static void
append_uuid (WhaleSimulator *self,
             GString        *out)
{
  static const char hex[] = "0123456789abcdef";
  char text[36];
  guint32 words[4];
  int j = 0;

  for (int i = 0; i < 4; i++)
    words[i] = g_rand_int (self->rand);

  for (int i = 0; i < 32; i++)
    {
      guint nibble = (words[i / 8] >> (28 - 4 * (i % 8))) & 0xf;

      if (i == 8 || i == 12 || i == 16 || i == 20)
        text[j++] = '-';
      if (i == 12)
        nibble = 4;
      else if (i == 16)
        nibble = 8 | (nibble & 3);
      text[j++] = hex[nibble];
    }
  g_string_append_len (out, text, 36);
}

static void
append_iso_time (GString *out,
                 gint64   time_ms)
{
  time_t seconds = time_ms / 1000;
  struct tm tm;

  gmtime_r (&seconds, &tm);
  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec, (int) (time_ms % 1000));
}

static inline gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static double
round_to (double value,
          double step)
{
  return round (value / step) * step;
}

static double
ncdf (double x)
{
  return 0.5 * erfc (-x * M_SQRT1_2);
}

static double
option_price (double   spot,
              double   strike,
              double   years,
              double   iv,
              gboolean call)
{
  double sd = iv * sqrt (years);
  double d1 = (log (spot / strike) + 0.5 * sd * sd) / sd;
  double d2 = d1 - sd;

  if (call)
    return spot * ncdf (d1) - strike * ncdf (d2);
  return strike * ncdf (-d2) - spot * ncdf (-d1);
}

static double
tick_price (double price)
{
  if (price < 3.0)
    return MAX (0.01, round_to (price, 0.01));
  return round_to (price, 0.05);
}

/* Market state */

static Ticker *
ticker_new (const char       *symbol,
            const TickerSpec *spec)
{
  Ticker *ticker = g_new0 (Ticker, 1);

  ticker->symbol = g_strdup (symbol);
  if (spec != NULL)
    {
      g_strlcpy (ticker->root, spec->root, sizeof ticker->root);
      ticker->base = spec->base;
      ticker->step = spec->step;
      ticker->iv = spec->iv;
      ticker->gex_scale = spec->gex_scale;
      ticker->daily = spec->daily;
      ticker->sector = spec->sector;
      ticker->issue_type = spec->issue_type;
    }
  else
    {
      /* A ticker the table does not know: a stable made-up spot. */
      guint hash = g_str_hash (symbol);
      guint j = 0;

      for (const char *p = symbol; *p && j < 6; p++)
        if (g_ascii_isalnum (*p))
          ticker->root[j++] = *p;
      ticker->base = 20.0 + hash % 480;
      ticker->step = ticker->base < 25 ? 0.5 : ticker->base < 100 ? 1.0 : ticker->base < 250 ? 2.5 : 5.0;
      ticker->iv = 0.45;
      ticker->gex_scale = 2.0e8;
      ticker->sector = "Technology";
      ticker->issue_type = "Common Stock";
    }
  ticker->spot = ticker->base;
  ticker->anchor = ticker->base;
  ticker->open = ticker->base * 0.995;

  return ticker;
}

static void
ticker_free (gpointer data)
{
  Ticker *ticker = data;

  g_free (ticker->symbol);
  g_free (ticker);
}

static Ticker *
lookup_ticker (WhaleSimulator *self,
               const char     *symbol)
{
  Ticker *ticker = g_hash_table_lookup (self->tickers, symbol);

  if (ticker == NULL)
    {
      ticker = ticker_new (symbol, NULL);
      g_hash_table_insert (self->tickers, ticker->symbol, ticker);
    }
  return ticker;
}

static void
setup_market (WhaleSimulator *self)
{
  guint n = 0;

  self->tickers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, ticker_free);
  for (guint i = 0; i < G_N_ELEMENTS (ticker_specs); i++)
    {
      Ticker *ticker = ticker_new (ticker_specs[i].symbol, &ticker_specs[i]);

      /* Start somewhere around the reference, not on it. */
      ticker->spot = ticker->base * (1.0 + 0.004 * gauss (self));
      ticker->anchor = ticker->spot;
      g_hash_table_insert (self->tickers, ticker->symbol, ticker);
      n += ticker_specs[i].weight;
    }

  self->flow_tickers = g_new (Ticker *, n);
  for (guint i = 0; i < G_N_ELEMENTS (ticker_specs); i++)
    for (guint w = 0; w < ticker_specs[i].weight; w++)
      self->flow_tickers[self->n_flow_tickers++] =
        g_hash_table_lookup (self->tickers, ticker_specs[i].symbol);
}

/* A mean-reverting random walk: lively within a minute, never far from the
 * reference. */
static void
walk_market (WhaleSimulator *self,
             double          seconds)
{
  GHashTableIter iter;
  gpointer value;
  double sqrt_dt = sqrt (seconds / 0.02);

  g_hash_table_iter_init (&iter, self->tickers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Ticker *ticker = value;
      double noise = gauss (self) * 0.00012 * (ticker->iv / 0.25) * sqrt_dt;

      ticker->spot *= 1.0 + noise;
      ticker->spot += (ticker->base - ticker->spot) * 0.0004 * (seconds / 0.02);
      ticker->anchor += (ticker->spot - ticker->anchor) * MIN (1.0, seconds / 30.0);
    }
}

static void
update_expiries (WhaleSimulator *self)
{
  g_autoptr(GDateTime) now = NULL;
  GDate today;
  int year, month, day;

  /* Runs every tick: unless something else in the process holds the zone, looking it
   * up each time re-reads the tzdata file (~175 µs, 50 times a second). */
  if (self->market_tz == NULL)
    {
      self->market_tz = g_time_zone_new_identifier ("America/New_York");
      if (self->market_tz == NULL)
        self->market_tz = g_time_zone_new_utc ();
    }
  now = g_date_time_new_now (self->market_tz);
  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, day, month, year);
  if (g_date_get_julian (&today) == self->expiry_julian)
    return;
  self->expiry_julian = g_date_get_julian (&today);

  self->n_expiries = 0;
  for (int i = 0; i < 100 && self->n_expiries < G_N_ELEMENTS (self->expiries); i++)
    {
      GDate date = today;
      GDateWeekday weekday;
      Expiry *expiry;
      gboolean friday;
      gboolean monthly;
      int dom;

      g_date_add_days (&date, i);
      weekday = g_date_get_weekday (&date);
      if (weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY)
        continue;
      dom = g_date_get_day (&date);
      friday = weekday == G_DATE_FRIDAY;
      monthly = friday && dom >= 15 && dom <= 21;
      if (!(i <= 10 || (friday && i <= 45) || monthly))
        continue;

      expiry = &self->expiries[self->n_expiries++];
      expiry->dte = i;
      expiry->friday = friday;
      expiry->monthly = monthly;
      g_snprintf (expiry->occ, sizeof expiry->occ, "%02d%02d%02d",
                  g_date_get_year (&date) % 100, g_date_get_month (&date), dom);
      g_snprintf (expiry->iso, sizeof expiry->iso, "%04d-%02d-%02d",
                  g_date_get_year (&date), g_date_get_month (&date), dom);
    }
}

static const Expiry *
pick_expiry (WhaleSimulator *self,
             const Ticker   *ticker)
{
  double r = rnd (self);
  guint k;

  if (ticker->daily && r < 0.4)
    return &self->expiries[0];
  if (ticker->daily && r < 0.7)
    return &self->expiries[rnd_int (self, 1, 5)];

  if (r < 0.85)
    {
      /* The k-th Friday from now, the near ones most often. */
      k = (guint) (-log (1.0 - rnd (self)) * 1.3);
      for (guint i = 0; i < self->n_expiries; i++)
        if (self->expiries[i].friday && k-- == 0)
          return &self->expiries[i];
    }

  k = rnd_int (self, 0, 3);
  for (guint i = self->n_expiries; i-- > 0;)
    if (self->expiries[i].monthly && k-- == 0)
      return &self->expiries[i];
  return &self->expiries[self->n_expiries - 1];
}

typedef struct
{
  const Expiry *expiry;
  gboolean      call;
  double        strike;
  double        years;
  double        iv;
  double        price;
  double        bid;
  double        ask;
} Contract;

static void
pick_contract (WhaleSimulator *self,
               const Ticker   *ticker,
               Contract       *c)
{
  double sd;
  double move;

  c->expiry = pick_expiry (self, ticker);
  c->call = rnd (self) < 0.56;
  c->years = (c->expiry->dte + 0.3) / 365.0;
  sd = ticker->iv * sqrt (c->years);
  move = fabs (gauss (self)) * 0.9 * sd + 0.002;
  move = MIN (0.35, move);
  /* Most flow is out of the money. */
  if ((rnd (self) < 0.72) != c->call)
    move = -move;
  c->strike = MAX (ticker->step, round_to (ticker->spot * (1.0 + move), ticker->step));
  c->iv = ticker->iv * (1.0 + 1.5 * fabs (log (c->strike / ticker->spot)));
  c->price = tick_price (option_price (ticker->spot, c->strike, c->years, c->iv, c->call));
  if (c->price < 0.05)
    c->price = 0.05;
  {
    double spread = 0.01 + 0.03 * rnd (self);
    double half = MAX (0.01, round_to (c->price * spread, 0.01));

    c->bid = MAX (0.0, c->price - half);
    c->ask = c->price + half;
  }
}

static void
append_option_symbol (GString        *out,
                      const Ticker   *ticker,
                      const Contract *c)
{
  g_string_append_printf (out, "%s%s%c%08" G_GINT64_FORMAT,
                          ticker->root, c->expiry->occ, c->call ? 'C' : 'P',
                          (gint64) llround (c->strike * 1000.0));
}

/* Generators: each writes one whole frame into @out. No JSON library on this path;
 * the thread runs in the C locale so %f prints a '.'. */

static void
gen_flow_alert (WhaleSimulator *self,
                GString        *out)
{
  Ticker *ticker = self->flow_tickers[rnd_int (self, 0, self->n_flow_tickers)];
  gboolean golden = rnd (self) < 0.03;
  gboolean sweep = golden || rnd (self) < 0.25;
  gboolean multileg = !sweep && rnd (self) < 0.08;
  const Rule *rule;
  Contract c;
  double premium;
  double ask_share, bid_share, mid_share;
  gint64 size, volume, open_interest, ask_vol, bid_vol, mid_vol, no_side_vol;
  int trade_count;
  int n_ids;
  gint64 end = now_ms ();
  gint64 start;

  pick_contract (self, ticker, &c);

  if (golden)
    premium = 1.0e6 + 4.0e6 * rnd (self);
  else
    premium = 2.0e4 / (1.0 - rnd (self));  /* Pareto, alpha 1 */
  premium = MIN (2.5e7, premium);
  size = MAX (1, llround (premium / (c.price * 100.0)));
  size = MIN (size, 60000);
  premium = size * c.price * 100.0;
  volume = size + (gint64) (size * 3.0 * rnd (self)) + rnd_int (self, 0, 500);
  open_interest = (gint64) (size * 2.0 * exp (1.2 * gauss (self)));

  if (golden)
    ask_share = 0.9 + 0.1 * rnd (self), bid_share = (1.0 - ask_share) * rnd (self);
  else if (rnd (self) < 0.45)
    ask_share = 0.6 + 0.4 * rnd (self), bid_share = (1.0 - ask_share) * rnd (self);
  else if (rnd (self) < 0.7)
    bid_share = 0.6 + 0.4 * rnd (self), ask_share = (1.0 - bid_share) * rnd (self);
  else
    ask_share = 0.3 + 0.2 * rnd (self), bid_share = 0.3 + 0.2 * rnd (self);
  mid_share = (1.0 - ask_share - bid_share) * rnd (self);
  ask_vol = (gint64) (volume * ask_share);
  bid_vol = (gint64) (volume * bid_share);
  mid_vol = (gint64) (volume * mid_share);
  no_side_vol = MAX (0, volume - ask_vol - bid_vol - mid_vol);

  rule = pick_rule (self, sweep);
  if (sweep)
    trade_count = 2 + (int) (-log (1.0 - rnd (self)) * 8.0);
  else
    trade_count = 1 + (int) (-log (1.0 - rnd (self)) * 3.0);
  trade_count = MIN (trade_count, 120);
  n_ids = MIN (trade_count, 60);
  start = end - rnd_int (self, 0, 1 + trade_count * 400);

  g_string_append (out, "[\"flow-alerts\",{\"id\":\"");
  append_uuid (self, out);
  g_string_append_printf (out, "\",\"rule_id\":\"%s\",\"rule_name\":", rule->id);
  if (rnd (self) < 0.01)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "\"%s\"", rule->name);
  g_string_append_printf (out, ",\"ticker\":\"%s\",\"option_chain\":\"", ticker->symbol);
  append_option_symbol (out, ticker, &c);
  g_string_append_printf (out,
                          "\",\"underlying_price\":%.2f,\"price\":%.2f,\"bid\":\"%.2f\","
                          "\"ask\":\"%.2f\",\"volume\":%" G_GINT64_FORMAT
                          ",\"total_size\":%" G_GINT64_FORMAT
                          ",\"open_interest\":%" G_GINT64_FORMAT
                          ",\"total_premium\":%.1f,\"total_ask_side_prem\":%.1f"
                          ",\"total_bid_side_prem\":%.1f,\"ask_vol\":%" G_GINT64_FORMAT
                          ",\"bid_vol\":%" G_GINT64_FORMAT ",\"mid_vol\":%" G_GINT64_FORMAT
                          ",\"no_side_vol\":%" G_GINT64_FORMAT
                          ",\"multi_vol\":%" G_GINT64_FORMAT ",\"stock_multi_vol\":0",
                          ticker->spot, c.price, c.bid, c.ask, volume, size, open_interest,
                          premium, round (premium * ask_share), round (premium * bid_share),
                          ask_vol, bid_vol, mid_vol, no_side_vol,
                          multileg ? size : (gint64) 0);
  g_string_append_printf (out,
                          ",\"trade_count\":%d,\"expiry_count\":1,\"start_time\":%" G_GINT64_FORMAT
                          ",\"end_time\":%" G_GINT64_FORMAT ",\"executed_at\":%" G_GINT64_FORMAT
                          ",\"has_sweep\":%s,\"has_floor\":%s,\"has_multileg\":%s"
                          ",\"has_singleleg\":%s,\"all_opening_trades\":false"
                          ",\"volume_oi_ratio\":0.0,\"trade_ids\":[",
                          trade_count, start, end, end,
                          sweep ? "true" : "false",
                          g_str_has_prefix (rule->name, "Floor")
                          || g_str_has_suffix (rule->name, "Floor") ? "true" : "false",
                          multileg ? "true" : "false",
                          multileg ? "false" : "true");
  for (int i = 0; i < n_ids; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      append_uuid (self, out);
      g_string_append_c (out, '"');
    }
  g_string_append (out, "],\"exchanges\":[");
  {
    int n_exchanges = sweep ? rnd_int (self, 2, 6) : 1;
    int first = rnd_int (self, 0, G_N_ELEMENTS (exchanges));

    for (int i = 0; i < n_exchanges; i++)
      g_string_append_printf (out, "%s\"%s\"", i > 0 ? "," : "",
                              exchanges[(first + i * 3) % G_N_ELEMENTS (exchanges)]);
  }
  if (sweep)
    g_string_append (out, "],\"upstream_condition_details\":[\"auto\",\"isoi\"],\"url\":\"\"}]");
  else if (multileg)
    g_string_append (out, "],\"upstream_condition_details\":[\"mlet\"],\"url\":\"\"}]");
  else
    g_string_append (out, "],\"upstream_condition_details\":[\"auto\"],\"url\":\"\"}]");
}

/* One burst of strike rows, and the totals gex:T reports: both from the same
 * ladder, so the aggregate is the sum of the rows. Open interest sits around a slow
 * average of spot (puts below, calls above); gamma weights it by closeness to spot,
 * so the zero-gamma flip follows price. */
typedef struct
{
  double strike;
  double call_gamma, put_gamma;
  double call_delta, put_delta;
  double call_charm, put_charm;
  double call_vanna, put_vanna;
  double vol_share;
  double ask_share;
} LadderRow;

static guint
compute_ladder (WhaleSimulator *self,
                const Ticker   *ticker,
                LadderRow      *rows)
{
  double spot = ticker->spot;
  double width = spot * ticker->iv * sqrt (10.0 / 365.0);
  double center = round_to (spot, ticker->step);
  double call_sum = 0.0;
  double delta_scale = ticker->gex_scale * 4.0;
  guint n = 0;

  /* Wide enough to hold the flip: about two gamma widths each side. */
  int side = CLAMP ((int) ceil (2.2 * width / ticker->step), 12, LADDER_MAX_SIDE);

  for (int i = -side; i <= side; i++)
    {
      LadderRow *row = &rows[n];
      double k = center + i * ticker->step;
      double g;
      double z;
      double call_oi, put_oi;
      double round_bonus;

      if (k <= 0)
        continue;
      n++;
      z = (k - spot) / width;
      g = exp (-0.5 * z * z);
      round_bonus = fmod (k, ticker->step * 5.0) == 0.0 ? 0.6 : 0.0;
      call_oi = 0.35 + round_bonus
        + 1.3 * exp (-0.5 * pow ((k - ticker->anchor * 1.006) / (1.2 * width), 2));
      put_oi = 0.35 + round_bonus
        + 1.6 * exp (-0.5 * pow ((k - ticker->anchor * 0.975) / (1.2 * width), 2));
      call_oi *= 0.85 + 0.3 * rnd (self);
      put_oi *= 0.85 + 0.3 * rnd (self);

      row->strike = k;
      row->call_gamma = call_oi * g;
      row->put_gamma = -0.7 * put_oi * g;
      row->call_delta = delta_scale * call_oi * ncdf (-z);
      row->put_delta = -delta_scale * put_oi * ncdf (z);
      row->call_charm = -0.02 * ticker->gex_scale * call_oi * g * z;
      row->put_charm = 0.02 * ticker->gex_scale * put_oi * g * z;
      row->call_vanna = 0.05 * ticker->gex_scale * call_oi * g * -z;
      row->put_vanna = 0.05 * ticker->gex_scale * put_oi * g * z;
      row->vol_share = 0.1 + 0.4 * rnd (self) * g;
      row->ask_share = 0.35 + 0.3 * rnd (self);
      call_sum += row->call_gamma;
    }

  /* Scale gamma so the calls of the ladder sum to the ticker's dollar exposure. */
  for (guint i = 0; i < n; i++)
    {
      rows[i].call_gamma *= ticker->gex_scale / call_sum;
      rows[i].put_gamma *= ticker->gex_scale / call_sum;
    }

  return n;
}

static void
gen_gex (WhaleSimulator *self,
         const char     *wire,
         Ticker         *ticker,
         GString        *out)
{
  LadderRow rows[2 * LADDER_MAX_SIDE + 1];
  guint n = compute_ladder (self, ticker, rows);
  double gamma = 0, charm = 0, vanna = 0, gamma_vol = 0, charm_vol = 0, vanna_vol = 0;
  double gamma_dir = 0, charm_dir = 0, vanna_dir = 0;

  for (guint i = 0; i < n; i++)
    {
      const LadderRow *row = &rows[i];
      double net_gamma = row->call_gamma + row->put_gamma;
      double net_charm = row->call_charm + row->put_charm;
      double net_vanna = row->call_vanna + row->put_vanna;
      double dir = 2.0 * row->ask_share - 1.0;

      gamma += net_gamma;
      charm += net_charm;
      vanna += net_vanna;
      gamma_vol += net_gamma * row->vol_share;
      charm_vol += net_charm * row->vol_share;
      vanna_vol += net_vanna * row->vol_share;
      gamma_dir += net_gamma * row->vol_share * dir;
      charm_dir += net_charm * row->vol_share * dir;
      vanna_dir += net_vanna * row->vol_share * dir;
    }

  g_string_append_printf (out,
                          "[\"%s\",{\"ticker\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT
                          ",\"price\":\"%.2f\""
                          ",\"gamma_per_one_percent_move_oi\":\"%.4f\""
                          ",\"gamma_per_one_percent_move_vol\":\"%.4f\""
                          ",\"gamma_per_one_percent_move_dir\":\"%.4f\""
                          ",\"charm_per_one_percent_move_oi\":\"%.4f\""
                          ",\"charm_per_one_percent_move_vol\":\"%.4f\""
                          ",\"charm_per_one_percent_move_dir\":\"%.4f\""
                          ",\"vanna_per_one_percent_move_oi\":\"%.4f\""
                          ",\"vanna_per_one_percent_move_vol\":\"%.4f\""
                          ",\"vanna_per_one_percent_move_dir\":\"%.4f\""
                          ",\"delta_per_one_percent_move_oi\":\"0\""
                          ",\"delta_per_one_percent_move_vol\":\"0\"}]",
                          wire, ticker->symbol, now_ms (), ticker->spot,
                          gamma, gamma_vol, gamma_dir, charm, charm_vol, charm_dir,
                          vanna, vanna_vol, vanna_dir);
}

static void broadcast (WhaleSimulator *self,
                       const char     *wire,
                       const char     *text);

static guint
gen_gex_strike_burst (WhaleSimulator *self,
                      const char     *wire,
                      Ticker         *ticker)
{
  LadderRow rows[2 * LADDER_MAX_SIDE + 1];
  guint n = compute_ladder (self, ticker, rows);
  gint64 timestamp = now_ms ();

  for (guint i = 0; i < n; i++)
    {
      const LadderRow *row = &rows[i];
      double v = row->vol_share;
      double a = row->ask_share;

      g_string_truncate (self->buf, 0);
      g_string_append_printf (self->buf,
                              "[\"%s\",{\"ticker\":\"%s\",\"timestamp\":%" G_GINT64_FORMAT
                              ",\"price\":\"%.2f\",\"strike\":\"%.2f\""
                              ",\"call_delta_oi\":\"%.4f\",\"put_delta_oi\":\"%.4f\""
                              ",\"call_delta_vol\":\"%.4f\",\"put_delta_vol\":\"%.4f\""
                              ",\"call_gamma_oi\":\"%.4f\",\"put_gamma_oi\":\"%.4f\""
                              ",\"call_gamma_vol\":\"%.4f\",\"put_gamma_vol\":\"%.4f\""
                              ",\"call_gamma_ask_vol\":\"%.4f\",\"call_gamma_bid_vol\":\"%.4f\""
                              ",\"put_gamma_ask_vol\":\"%.4f\",\"put_gamma_bid_vol\":\"%.4f\"",
                              wire, ticker->symbol, timestamp, ticker->spot, row->strike,
                              row->call_delta, row->put_delta,
                              row->call_delta * v, row->put_delta * v,
                              row->call_gamma, row->put_gamma,
                              row->call_gamma * v, row->put_gamma * v,
                              row->call_gamma * v * a, row->call_gamma * v * (1 - a),
                              row->put_gamma * v * a, row->put_gamma * v * (1 - a));
      g_string_append_printf (self->buf,
                              ",\"call_charm_oi\":\"%.4f\",\"put_charm_oi\":\"%.4f\""
                              ",\"call_charm_vol\":\"%.4f\",\"put_charm_vol\":\"%.4f\""
                              ",\"call_charm_ask_vol\":\"%.4f\",\"call_charm_bid_vol\":\"%.4f\""
                              ",\"put_charm_ask_vol\":\"%.4f\",\"put_charm_bid_vol\":\"%.4f\""
                              ",\"call_vanna_oi\":\"%.4f\",\"put_vanna_oi\":\"%.4f\""
                              ",\"call_vanna_vol\":\"%.4f\",\"put_vanna_vol\":\"%.4f\""
                              ",\"call_vanna_ask_vol\":\"%.4f\",\"call_vanna_bid_vol\":\"%.4f\""
                              ",\"put_vanna_ask_vol\":\"%.4f\",\"put_vanna_bid_vol\":\"%.4f\"}]",
                              row->call_charm, row->put_charm,
                              row->call_charm * v, row->put_charm * v,
                              row->call_charm * v * a, row->call_charm * v * (1 - a),
                              row->put_charm * v * a, row->put_charm * v * (1 - a),
                              row->call_vanna, row->put_vanna,
                              row->call_vanna * v, row->put_vanna * v,
                              row->call_vanna * v * a, row->call_vanna * v * (1 - a),
                              row->put_vanna * v * a, row->put_vanna * v * (1 - a));
      broadcast (self, wire, self->buf->str);
    }

  return n;
}

static void
gen_price (WhaleSimulator *self,
           const char     *wire,
           Ticker         *ticker,
           GString        *out)
{
  int vol = 1 + (int) (-log (1.0 - rnd (self)) * 300.0);

  ticker->volume += vol;
  g_string_append_printf (out,
                          "[\"%s\",{\"ticker\":\"%s\",\"close\":\"%.2f\",\"time\":%" G_GINT64_FORMAT
                          ",\"vol\":%d}]",
                          wire, ticker->symbol, ticker->spot, now_ms (), vol);
}

static void
gen_option_trade (WhaleSimulator *self,
                  const char     *wire,
                  Ticker         *ticker,
                  GString        *out)
{
  static const char *const sides[] = { "ask_side", "bid_side", "mid_side", "no_side" };
  static const char *const codes[] = { "slan", "mlet", "slcn", "isoi", "auto" };
  Contract c;
  double years;
  double sd, d1, pdf;
  double delta, gamma, theta, vega;
  double price;
  int side = rnd_int (self, 0, 10);
  const char *sentiment;
  gint64 size = 1 + (gint64) (-log (1.0 - rnd (self)) * 12.0);
  gint64 volume = size + rnd_int (self, 0, 20000);
  gint64 oi = rnd_int (self, 0, 40000);
  gboolean index = strcmp (ticker->issue_type, "Index") == 0;

  pick_contract (self, ticker, &c);
  years = c.years;
  sd = c.iv * sqrt (years);
  d1 = (log (ticker->spot / c.strike) + 0.5 * sd * sd) / sd;
  pdf = exp (-0.5 * d1 * d1) / sqrt (2.0 * G_PI);
  delta = c.call ? ncdf (d1) : ncdf (d1) - 1.0;
  gamma = pdf / (ticker->spot * sd);
  vega = ticker->spot * pdf * sqrt (years) / 100.0;
  theta = -ticker->spot * pdf * c.iv / (2.0 * sqrt (years)) / 365.0;
  side = side < 4 ? 0 : side < 7 ? 1 : side < 9 ? 2 : 3;
  price = side == 0 ? c.ask : side == 1 ? c.bid : c.price;
  price = MAX (0.01, price);
  if (side == 2 || side == 3)
    sentiment = "neutral";
  else
    sentiment = (side == 0) == c.call ? "bullish" : "bearish";

  g_string_append_printf (out, "[\"%s\",{\"id\":\"", wire);
  append_uuid (self, out);
  g_string_append_printf (out, "\",\"underlying_symbol\":\"%s\",\"option_symbol\":\"",
                          ticker->symbol);
  append_option_symbol (out, ticker, &c);
  g_string_append_printf (out,
                          "\",\"option_type\":\"%s\",\"strike\":\"%.2f\",\"expiry\":\"%s\""
                          ",\"executed_at\":%" G_GINT64_FORMAT
                          ",\"price\":\"%.2f\",\"premium\":\"%.2f\",\"size\":%" G_GINT64_FORMAT
                          ",\"volume\":%" G_GINT64_FORMAT ",\"open_interest\":%" G_GINT64_FORMAT
                          ",\"nbbo_bid\":\"%.2f\",\"nbbo_ask\":\"%.2f\"",
                          c.call ? "call" : "put", c.strike, c.expiry->iso, now_ms (),
                          price, price * size * 100.0, size, volume, oi, c.bid, c.ask);
  if (index)
    g_string_append (out, ",\"underlying_price\":\"\"");
  else
    g_string_append_printf (out, ",\"underlying_price\":\"%.2f\"", ticker->spot);
  g_string_append_printf (out,
                          ",\"delta\":\"%.6f\",\"gamma\":\"%.6f\",\"theta\":\"%.6f\""
                          ",\"vega\":\"%.6f\",\"implied_volatility\":\"%.6f\""
                          ",\"tags\":[\"%s\",\"%s\",\"%s\"],\"exchange\":\"%s\""
                          ",\"trade_code\":\"%s\",\"ask_vol\":%" G_GINT64_FORMAT
                          ",\"bid_vol\":%" G_GINT64_FORMAT ",\"mid_vol\":%" G_GINT64_FORMAT
                          ",\"no_side_vol\":%" G_GINT64_FORMAT ",\"canceled\":false}]",
                          delta, gamma, theta, vega, c.iv,
                          sides[side], sentiment,
                          index ? "index" : strcmp (ticker->issue_type, "ETF") == 0 ? "etf" : "stock",
                          exchanges[rnd_int (self, 0, G_N_ELEMENTS (exchanges))],
                          codes[rnd_int (self, 0, G_N_ELEMENTS (codes))],
                          volume * 45 / 100, volume * 35 / 100, volume * 15 / 100,
                          volume - volume * 45 / 100 - volume * 35 / 100 - volume * 15 / 100);
}

static void
gen_off_lit (WhaleSimulator *self,
             GString        *out)
{
  Ticker *ticker;
  gint64 size;
  double half;
  double price;

  /* No index prints in the dark. */
  do
    ticker = self->flow_tickers[rnd_int (self, 0, self->n_flow_tickers)];
  while (strcmp (ticker->issue_type, "Index") == 0);

  size = 100 * (1 + (gint64) (-log (1.0 - rnd (self)) * 20.0));
  if (rnd (self) < 0.02)
    size *= 200;  /* the block prints people watch for */
  half = MAX (0.01, round_to (ticker->spot * 0.00002, 0.01));
  price = round_to (ticker->spot + half * (2.0 * rnd (self) - 1.0), 0.0001);
  ticker->volume += size;

  g_string_append_printf (out,
                          "[\"off_lit_trades\",{\"tracking_id\":%" G_GUINT64_FORMAT
                          ",\"symbol\":\"%s\",\"price\":\"%.4f\",\"size\":%" G_GINT64_FORMAT
                          ",\"volume\":%" G_GUINT64_FORMAT ",\"executed_at\":\"",
                          ++self->tracking_id, ticker->symbol, price, size,
                          ticker->volume + 5000000);
  append_iso_time (out, now_ms ());
  g_string_append_printf (out,
                          "\",\"nbbo_bid\":\"%.2f\",\"nbbo_ask\":\"%.2f\",\"sector\":\"%s\""
                          ",\"issue_type\":\"%s\",\"trade_settlement\":\"regular\""
                          ",\"market_center\":\"L\",\"trade_code\":null"
                          ",\"ext_hour_sold_codes\":null,\"canceled\":false}]",
                          ticker->spot - half, ticker->spot + half, ticker->sector,
                          ticker->issue_type);
}

static void
gen_news (WhaleSimulator *self,
          GString        *out)
{
  static const char *const templates[][2] = {
    { "", " shares move as options traders pile into short-dated calls" },
    { "Analyst raises ", " price target, cites demand outlook" },
    { "", " unusual options activity: large put spread crosses the tape" },
    { "Dark pool block in ", " draws attention ahead of earnings" },
    { "", " slips after supplier commentary; implied volatility jumps" },
    { "Why ", " is trading higher today" },
  };
  guint t = rnd_int (self, 0, G_N_ELEMENTS (templates));
  static const char *const sources[] = { "Benzinga", "Reuters", "MarketWatch", "PR Newswire" };
  Ticker *ticker = self->flow_tickers[rnd_int (self, 0, self->n_flow_tickers)];
  const char *sentiment = rnd (self) < 0.4 ? "positive" : rnd (self) < 0.5 ? "negative" : "neutral";

  g_string_append (out, "[\"news\",{\"headline\":\"");
  g_string_append_printf (out, "%s%s%s", templates[t][0], ticker->symbol, templates[t][1]);
  g_string_append (out, "\",\"timestamp\":\"");
  append_iso_time (out, now_ms ());
  g_string_append_printf (out,
                          "\",\"source\":\"%s\",\"tickers\":[\"%s\"],\"is_major\":%s"
                          ",\"sentiment\":\"%s\",\"meta\":{}}]",
                          sources[rnd_int (self, 0, G_N_ELEMENTS (sources))], ticker->symbol,
                          rnd (self) < 0.1 ? "true" : "false", sentiment);
}

/* Clients (server thread) */

static Client *
client_ref (Client *client)
{
  return g_rc_box_acquire (client);
}

static void
client_clear (gpointer data)
{
  Client *client = data;

  g_clear_pointer (&client->joined, g_hash_table_unref);
  g_clear_object (&client->socket);
  g_clear_object (&client->conn);
}

static void
client_unref (gpointer data)
{
  g_rc_box_release_full (data, client_clear);
}

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
client_stop_sources (Client *client)
{
  destroy_source (&client->pump);
  destroy_source (&client->closer);
  destroy_source (&client->replay_source);
}

static gboolean
client_is_acked (Client     *client,
                 const char *wire)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (client->joined, wire)) != 0;
}

static gboolean
client_is_open (Client *client)
{
  return soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN;
}

static void
count_frames (WhaleSimulator *self,
              guint64         n)
{
  g_mutex_lock (&self->mutex);
  self->n_frames_sent += n;
  g_mutex_unlock (&self->mutex);
}

static void
client_send_data (Client     *client,
                  const char *text)
{
  WhaleSimulator *self = client->self;
  guint64 limit;

  if (!client_is_open (client))
    return;

  /* Counted first: a client that has the frame sees it counted. */
  g_mutex_lock (&self->mutex);
  self->n_frames_sent++;
  limit = self->frame_limit;
  g_mutex_unlock (&self->mutex);

  soup_websocket_connection_send_text (client->conn, text);
  client->n_data_frames++;

  if (limit > 0 && client->n_data_frames >= limit)
    client_close_drained (client, SOUP_WEBSOCKET_CLOSE_NORMAL);
}

static gboolean
client_writable (Client *client)
{
  return g_pollable_output_stream_is_writable (client->output);
}

/* Sends to every client that joined @wire and keeps up; a client whose socket is
 * full misses the frame, as UW drops frames for clients that fall behind. */
static void
broadcast (WhaleSimulator *self,
           const char     *wire,
           const char     *text)
{
  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (client->closing || !client_is_acked (client, wire))
        continue;
      if (!client_writable (client))
        {
          g_mutex_lock (&self->mutex);
          self->n_dropped++;
          g_mutex_unlock (&self->mutex);
          continue;
        }
      client_send_data (client, text);
    }
}

static GSource *
client_watch_writable (Client              *client,
                       GPollableSourceFunc  func)
{
  GSource *source = g_pollable_output_stream_create_source (client->output, NULL);

  /* Below libsoup's own output source: its queue drains before anything is added. */
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, G_SOURCE_FUNC (func), client_ref (client), client_unref);
  g_source_attach (source, client->self->context);
  return source;
}

static gboolean
client_closer_cb (GObject  *stream,
                  gpointer  user_data)
{
  Client *client = user_data;

  g_clear_pointer (&client->closer, g_source_unref);
  if (!client->gone
      && soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->conn, client->close_code, NULL);
  return G_SOURCE_REMOVE;
}

/* A normal close after what is queued has gone out: libsoup puts a close frame ahead
 * of queued data, so wait until the socket takes more. */
static void
client_close_drained (Client  *client,
                      gushort  code)
{
  if (client->closing)
    return;
  client->closing = TRUE;
  client->close_code = code;
  destroy_source (&client->pump);
  destroy_source (&client->replay_source);
  client->closer = client_watch_writable (client, client_closer_cb);
}

static gboolean
client_pump_cb (GObject  *stream,
                gpointer  user_data)
{
  Client *client = user_data;
  WhaleSimulator *self = client->self;
  double rate;
  guint n;

  g_mutex_lock (&self->mutex);
  rate = self->rate;
  g_mutex_unlock (&self->mutex);

  if (client->closing || rate > 0 || !client_is_acked (client, "flow-alerts"))
    {
      g_clear_pointer (&client->pump, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  for (n = 0; n < PUMP_BATCH && !client->closing; n++)
    {
      if (n > 0 && n % PUMP_CHECK_EVERY == 0 && !client_writable (client))
        break;
      g_string_truncate (self->buf, 0);
      gen_flow_alert (self, self->buf);
      client_send_data (client, self->buf->str);
    }

  return G_SOURCE_CONTINUE;
}

static void
client_ensure_pump (Client *client)
{
  if (client->pump == NULL && !client->closing)
    client->pump = client_watch_writable (client, client_pump_cb);
}

/* Channel names come from clients: quote them as JSON. */
static void
append_json_escaped (GString    *out,
                     const char *text)
{
  for (const char *p = text; *p; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
}

static void
pending_ack_free (gpointer data)
{
  PendingAck *ack = data;

  g_ptr_array_remove_fast (ack->client->self->pending_acks, ack);
  client_unref (ack->client);
  g_free (ack->channel);
  g_free (ack->reason);
  g_free (ack);
}

static gboolean
pending_ack_cb (gpointer user_data)
{
  PendingAck *ack = user_data;
  Client *client = ack->client;
  WhaleSimulator *self = client->self;
  g_autoptr(GString) text = g_string_new ("[\"");

  if (ack->reason == NULL)
    client->n_pending_acks--;
  if (client->closing || client->gone || !client_is_open (client))
    return G_SOURCE_REMOVE;

  append_json_escaped (text, ack->channel);
  if (ack->reason != NULL)
    g_string_append_printf (text, "\",{\"response\":{\"reason\":\"%s\"},\"status\":\"error\"}]",
                            ack->reason);
  else
    {
      /* Left again before the ack: nothing to confirm. */
      if (!g_hash_table_contains (client->joined, ack->channel))
        {
          client_maybe_start_replay (client);
          return G_SOURCE_REMOVE;
        }
      g_mutex_lock (&self->mutex);
      g_hash_table_insert (client->joined, g_strdup (ack->channel), GINT_TO_POINTER (TRUE));
      g_mutex_unlock (&self->mutex);
      g_string_append (text, "\",{\"response\":{},\"status\":\"ok\"}]");
    }

  count_frames (self, 1);
  soup_websocket_connection_send_text (client->conn, text->str);

  if (ack->reason == NULL)
    {
      if (self->replay != NULL)
        client_maybe_start_replay (client);
      else if (strcmp (ack->channel, "flow-alerts") == 0)
        {
          double rate;

          g_mutex_lock (&self->mutex);
          rate = self->rate;
          g_mutex_unlock (&self->mutex);
          if (rate <= 0)
            client_ensure_pump (client);
        }
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_reply (Client     *client,
                const char *channel,
                const char *reason)
{
  WhaleSimulator *self = client->self;
  PendingAck *ack = g_new0 (PendingAck, 1);
  GSource *source;

  ack->client = client_ref (client);
  ack->channel = g_strdup (channel);
  ack->reason = g_strdup (reason);
  if (reason == NULL)
    client->n_pending_acks++;

  /* UW acks 20-60 ms after the join. */
  source = g_timeout_source_new (rnd_int (self, 20, 61));
  g_source_set_static_name (source, "[whale] simulator ack");
  g_source_set_callback (source, pending_ack_cb, ack, pending_ack_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
  ack->source = source;
  g_ptr_array_add (self->pending_acks, ack);
}

static void
count_malformed (WhaleSimulator *self)
{
  g_mutex_lock (&self->mutex);
  self->n_malformed++;
  g_mutex_unlock (&self->mutex);
}

static void
client_message_cb (SoupWebsocketConnection *conn,
                   int                      type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  Client *client = user_data;
  WhaleSimulator *self = client->self;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *channel;
  const char *msg_type;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      count_malformed (self);
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, NULL)
      || (root = json_parser_get_root (parser)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root))
    {
      count_malformed (self);
      return;
    }
  object = json_node_get_object (root);
  channel = json_object_get_string_member_with_default (object, "channel", NULL);
  msg_type = json_object_get_string_member_with_default (object, "msg_type", NULL);
  if (channel == NULL || msg_type == NULL || *channel == '\0')
    {
      count_malformed (self);
      return;
    }

  if (strcmp (msg_type, "join") == 0)
    {
      gboolean ignored;

      /* A replayed recording may hold channels the registry does not know. */
      if (whale_channel_info_match (channel, NULL) == NULL
          && (self->replay_channels == NULL
              || !g_hash_table_contains (self->replay_channels, g_intern_string (channel))))
        {
          schedule_reply (client, channel, "unknown channel");
          return;
        }

      g_mutex_lock (&self->mutex);
      ignored = g_hash_table_contains (self->ignored_joins, channel);
      if (!g_hash_table_contains (client->joined, channel))
        g_hash_table_insert (client->joined, g_strdup (channel), GINT_TO_POINTER (FALSE));
      g_mutex_unlock (&self->mutex);

      if (!ignored)
        schedule_reply (client, channel, NULL);
    }
  else if (strcmp (msg_type, "leave") == 0)
    {
      g_mutex_lock (&self->mutex);
      g_hash_table_remove (client->joined, channel);
      g_mutex_unlock (&self->mutex);
    }
  else
    count_malformed (self);
}

/* The peer (or we) began a close: nothing more goes out. */
static void
client_closing_cb (SoupWebsocketConnection *conn,
                   gpointer                 user_data)
{
  Client *client = user_data;

  client->closing = TRUE;
  destroy_source (&client->pump);
  destroy_source (&client->replay_source);
}

static void
client_closed_cb (SoupWebsocketConnection *conn,
                  gpointer                 user_data)
{
  Client *client = user_data;
  WhaleSimulator *self = client->self;

  client->gone = TRUE;
  client->closing = TRUE;
  client_stop_sources (client);
  g_signal_handlers_disconnect_by_data (conn, client);

  g_mutex_lock (&self->mutex);
  g_ptr_array_remove (self->clients, client);
  g_mutex_unlock (&self->mutex);
  /* The array's free function dropped its reference. */
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  WhaleSimulator *self = user_data;
  Client *client = g_rc_box_new0 (Client);
  GSocket *socket = g_object_get_data (G_OBJECT (msg), "whale-simulator-socket");

  client->self = self;
  client->conn = g_object_ref (conn);
  client->socket = socket != NULL ? g_object_ref (socket) : NULL;
  client->output = G_POLLABLE_OUTPUT_STREAM (
    g_io_stream_get_output_stream (soup_websocket_connection_get_io_stream (conn)));
  client->joined = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_signal_connect (conn, "message", G_CALLBACK (client_message_cb), client);
  g_signal_connect (conn, "closing", G_CALLBACK (client_closing_cb), client);
  g_signal_connect (conn, "closed", G_CALLBACK (client_closed_cb), client);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->clients, client);
  g_mutex_unlock (&self->mutex);
}

/* Runs before the WebSocket handshake: a status set here answers the upgrade. */
static void
socket_http_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  WhaleSimulator *self = user_data;
  const char *given = query != NULL ? g_hash_table_lookup (query, "token") : NULL;
  guint status;
  gboolean token_ok;
  GSocket *socket;

  g_mutex_lock (&self->mutex);
  status = self->reject_status;
  token_ok = self->token == NULL || g_strcmp0 (given, self->token) == 0;
  g_mutex_unlock (&self->mutex);

  if (status == 0 && !token_ok)
    status = SOUP_STATUS_UNAUTHORIZED;
  if (status != 0)
    {
      const char *body = status == SOUP_STATUS_FORBIDDEN
        ? "{\"message\":\"Your plan does not include streaming\"}"
        : "{\"message\":\"Invalid or missing token\"}";

      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        body, strlen (body));
      return;
    }

  /* Counted here, before the 101 goes out, so a client that sees its upgrade
   * accepted also sees it counted. */
  if (soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, NULL))
    {
      g_mutex_lock (&self->mutex);
      self->n_connections++;
      g_mutex_unlock (&self->mutex);
    }

  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    g_object_set_data_full (G_OBJECT (msg), "whale-simulator-socket",
                            g_object_ref (socket), g_object_unref);
}

/* REST (server thread) */

static void
add_quota_headers (WhaleSimulator    *self,
                   SoupServerMessage *msg,
                   guint              daily,
                   guint              minute,
                   gint64             reset_ms)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  char value[32];

  g_snprintf (value, sizeof value, "%u", daily);
  soup_message_headers_append (headers, "x-uw-daily-req-count", value);
  soup_message_headers_append (headers, "x-uw-token-req-limit", "20000");
  g_snprintf (value, sizeof value, "%u", minute);
  soup_message_headers_append (headers, "x-uw-minute-req-counter", value);
  g_snprintf (value, sizeof value, "%d", MAX (0, 120 - (int) minute));
  soup_message_headers_append (headers, "x-uw-req-per-minute-remaining", value);
  g_snprintf (value, sizeof value, "%" G_GINT64_FORMAT, reset_ms);
  soup_message_headers_append (headers, "x-uw-req-per-minute-reset", value);
}

static void
append_mover (GString *out,
              Ticker  *ticker,
              double   change_percent,
              guint64  volume)
{
  double prev = ticker->spot / (1.0 + change_percent / 100.0);

  g_string_append_printf (out,
                          "{\"ticker\":\"%s\",\"price\":\"%.2f\",\"change\":\"%.2f\""
                          ",\"change_percent\":\"%.2f\",\"volume\":%" G_GUINT64_FORMAT "}",
                          ticker->symbol, ticker->spot, ticker->spot - prev, change_percent,
                          volume);
}

/* Sorts indexes into @keys by their key, highest first. */
static int
by_key_desc (gconstpointer a,
             gconstpointer b,
             gpointer      keys)
{
  const double *key = keys;
  double ka = key[*(const guint *) a], kb = key[*(const guint *) b];

  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

/* One change and one volume a ticker, so that a ticker shows the same figures wherever
 * it appears. The day shuffles the tickers once into an order from the best to the
 * worst, 2.6 standard deviations of a day's move either way, each ticker's own (its
 * implied volatility over the square root of 252 trading days): an index ETF moves a
 * percent or two, not the eleven of a meme stock. Gainers are the biggest rises,
 * losers the biggest falls, the most active the highest volumes, highest first. */
static char *
movers_body (WhaleSimulator *self)
{
  enum { N_TICKERS = G_N_ELEMENTS (ticker_specs), PER_LIST = 8 };
  static const char *const lists[] = { "top_gainers", "top_losers", "most_active" };
  GString *out = g_string_new ("{\"data\":{\"last_updated\":\"");
  g_autoptr(GRand) day = g_rand_new_with_seed ((guint32) (now_ms () / (86400 * 1000)));
  guint order[N_TICKERS], active[N_TICKERS], by_change[N_TICKERS];
  Ticker *ranked[N_TICKERS];
  double change[N_TICKERS];
  double volume[N_TICKERS];  /* whole shares, exact as doubles far beyond any day's */

  G_STATIC_ASSERT (N_TICKERS >= 2 * PER_LIST);
  for (guint i = 0; i < N_TICKERS; i++)
    order[i] = i;
  for (guint i = N_TICKERS - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (day, 0, (gint32) i + 1);
      guint t = order[i];

      order[i] = order[j];
      order[j] = t;
    }
  for (guint rank = 0; rank < N_TICKERS; rank++)
    {
      double sigmas = 2.6 - rank * 5.2 / (N_TICKERS - 1) + 0.1 * (rnd (self) - 0.5);

      ranked[rank] = g_hash_table_lookup (self->tickers, ticker_specs[order[rank]].symbol);
      change[rank] = sigmas * ranked[rank]->iv / sqrt (252.0) * 100.0;
      volume[rank] = (double) (ranked[rank]->volume + 1000000
                               + (guint64) rnd_int (self, 0, 40000000));
      by_change[rank] = active[rank] = rank;
    }
  g_qsort_with_data (active, N_TICKERS, sizeof active[0], by_key_desc, volume);
  g_qsort_with_data (by_change, N_TICKERS, sizeof by_change[0], by_key_desc, change);

  append_iso_time (out, now_ms ());
  g_string_append (out, "\"");
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_string_append_printf (out, ",\"%s\":[", lists[l]);
      for (guint i = 0; i < PER_LIST; i++)
        {
          guint rank = l == 0 ? by_change[i] : l == 1 ? by_change[N_TICKERS - 1 - i] : active[i];

          if (i > 0)
            g_string_append_c (out, ',');
          append_mover (out, ranked[rank], change[rank], (guint64) volume[rank]);
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "}}");
  return g_string_free (out, FALSE);
}

static char *
congress_body (WhaleSimulator *self,
               guint           limit)
{
  /* Made-up members: a simulator must not put trades in real people's names. */
  static const struct { const char *name; const char *chamber; } members[] = {
    { "Jordan Ellis", "senate" }, { "Maria Castillo", "house" },
    { "Howard Pennington", "house" }, { "Aisha Grant", "senate" },
    { "Thomas Whitfield", "house" }, { "Linda Okafor", "house" },
    { "Gregory Hale", "senate" }, { "Susan Marchetti", "house" },
  };
  static const char *const amounts[] = {
    "$1,001 - $15,000", "$15,001 - $50,000", "$50,001 - $100,000", "$100,001 - $250,000",
    "$250,001 - $500,000", "$1,000,001 - $5,000,000",
  };
  GString *out = g_string_new ("{\"data\":[");
  gint64 today = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < limit; i++)
    {
      /* Each member sits in one chamber: a demo with a member in both was doubted. */
      const char *name = members[(i * 5) % G_N_ELEMENTS (members)].name;
      const char *chamber = members[(i * 5) % G_N_ELEMENTS (members)].chamber;
      gint64 filed = today - (gint64) i * 86400 / 3;
      gint64 traded = filed - (gint64) (2 + (i * 7) % 40) * 86400;
      char filed_date[11], traded_date[11];
      struct tm tm;
      time_t t;

      t = filed;
      gmtime_r (&t, &tm);
      strftime (filed_date, sizeof filed_date, "%Y-%m-%d", &tm);
      t = traded;
      gmtime_r (&t, &tm);
      strftime (traded_date, sizeof traded_date, "%Y-%m-%d", &tm);

      g_string_append_printf (out,
                              "%s{\"name\":\"%s\",\"reporter\":\"%s\",\"member_type\":\"%s\""
                              ",\"ticker\":\"%s\",\"txn_type\":\"%s\",\"amounts\":\"%s\""
                              ",\"transaction_date\":\"%s\",\"filed_at_date\":\"%s\""
                              ",\"notes\":\"\"}",
                              i > 0 ? "," : "", name, name, chamber,
                              ticker_specs[(i * 7 + 4) % G_N_ELEMENTS (ticker_specs)].symbol,
                              rnd (self) < 0.55 ? "Buy" : "Sell",
                              amounts[(i * 5) % G_N_ELEMENTS (amounts)],
                              traded_date, filed_date);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static void
rest_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  WhaleSimulator *self = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  g_autofree char *expected = NULL;
  guint status;
  guint daily, minute;
  gint64 now = g_get_monotonic_time ();
  gint64 reset_ms;
  char *body = NULL;

  g_mutex_lock (&self->mutex);
  self->n_rest_requests++;
  if (now - self->minute_start_us >= 60 * G_USEC_PER_SEC)
    {
      self->minute_start_us = now;
      self->minute_requests = 0;
    }
  self->minute_requests++;
  daily = self->n_rest_requests;
  minute = self->minute_requests;
  reset_ms = (self->minute_start_us + 60 * G_USEC_PER_SEC - now) / 1000;
  status = self->rest_status;
  if (self->token != NULL)
    expected = g_strconcat ("Bearer ", self->token, NULL);
  g_mutex_unlock (&self->mutex);

  add_quota_headers (self, msg, daily, minute, reset_ms);

  if (expected != NULL && g_strcmp0 (auth, expected) != 0)
    {
      body = g_strdup ("{\"message\":\"Invalid or missing API token\"}");
      status = SOUP_STATUS_UNAUTHORIZED;
    }
  else if (strcmp (soup_server_message_get_method (msg), "GET") != 0)
    {
      body = g_strdup ("{\"message\":\"Method not allowed\"}");
      status = SOUP_STATUS_METHOD_NOT_ALLOWED;
    }
  else if (status == 429)
    {
      soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                   "Retry-After", "1");
      body = g_strdup ("{\"message\":\"Too many requests: API limit reached\"}");
    }
  else if (status != 0)
    body = g_strdup ("{\"message\":\"Internal server error\"}");
  else if (strcmp (path, "/api/market/movers") == 0)
    {
      status = SOUP_STATUS_OK;
      body = movers_body (self);
    }
  else if (strcmp (path, "/api/congress/recent-trades") == 0)
    {
      const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
      guint64 limit = 100;

      if (limit_text != NULL)
        limit = g_ascii_strtoull (limit_text, NULL, 10);
      status = SOUP_STATUS_OK;
      body = congress_body (self, CLAMP (limit, 1, 200));
    }
  else
    {
      status = SOUP_STATUS_NOT_FOUND;
      body = g_strdup ("{\"message\":\"Not found\"}");
    }

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

/* Generation pace (server thread) */

static PaceKind
pace_kind_for (const char  *wire,
               char       **ticker)
{
  const WhaleChannelInfo *info = whale_channel_info_match (wire, ticker);

  if (info == NULL)
    return PACE_NONE;
  if (strcmp (info->id, "flow-alerts") == 0)
    return PACE_FLOW_ALERTS;
  if (strcmp (info->id, "gex") == 0)
    return PACE_GEX;
  if (strcmp (info->id, "gex-strike") == 0)
    return PACE_GEX_STRIKE;
  if (strcmp (info->id, "option-trades") == 0)
    return PACE_OPTION_TRADES;
  if (strcmp (info->id, "option-trades-ticker") == 0)
    return PACE_OPTION_TRADES_TICKER;
  if (strcmp (info->id, "price") == 0)
    return PACE_PRICE;
  if (strcmp (info->id, "news") == 0)
    return PACE_NEWS;
  if (strcmp (info->id, "dark-pool") == 0)
    return PACE_OFF_LIT;
  return PACE_NONE;
}

static Pace *
pace_new (WhaleSimulator *self,
          const char     *wire)
{
  g_autofree char *symbol = NULL;
  Pace *pace = g_new0 (Pace, 1);

  pace->kind = pace_kind_for (wire, &symbol);
  if (symbol != NULL)
    pace->ticker = lookup_ticker (self, symbol);
  /* The first frames of a fresh join come soon. */
  switch (pace->kind)
    {
    case PACE_GEX:
    case PACE_GEX_STRIKE:
    case PACE_PRICE:
      pace->credit = 1.0;
      break;
    case PACE_NEWS:
      pace->credit = 0.9;
      break;
    default:
      pace->credit = 0.5;
      break;
    }
  return pace;
}

static double
pace_rate (PaceKind kind,
           double   flow_rate,
           double   option_trades_rate)
{
  switch (kind)
    {
    case PACE_FLOW_ALERTS: return flow_rate;
    case PACE_GEX: return GEX_RATE;
    case PACE_GEX_STRIKE: return GEX_STRIKE_RATE;
    case PACE_OPTION_TRADES: return option_trades_rate;
    case PACE_OPTION_TRADES_TICKER: return OPTION_TICKER_RATE;
    case PACE_PRICE: return PRICE_RATE;
    case PACE_NEWS: return NEWS_RATE;
    case PACE_OFF_LIT: return OFF_LIT_RATE;
    case PACE_NONE:
    default:
      return 0;
    }
}

static void
generate (WhaleSimulator *self,
          const char     *wire,
          Pace           *pace)
{
  GString *out = self->buf;

  if (pace->kind == PACE_GEX_STRIKE)
    {
      gen_gex_strike_burst (self, wire, pace->ticker);
      return;
    }

  g_string_truncate (out, 0);
  switch (pace->kind)
    {
    case PACE_FLOW_ALERTS:
      gen_flow_alert (self, out);
      break;
    case PACE_GEX:
      gen_gex (self, wire, pace->ticker, out);
      break;
    case PACE_OPTION_TRADES:
      gen_option_trade (self, wire, self->flow_tickers[rnd_int (self, 0, self->n_flow_tickers)], out);
      break;
    case PACE_OPTION_TRADES_TICKER:
      gen_option_trade (self, wire, pace->ticker, out);
      break;
    case PACE_PRICE:
      gen_price (self, wire, pace->ticker, out);
      break;
    case PACE_NEWS:
      gen_news (self, out);
      break;
    case PACE_OFF_LIT:
      gen_off_lit (self, out);
      break;
    case PACE_GEX_STRIKE:
    case PACE_NONE:
    default:
      return;
    }
  broadcast (self, wire, out->str);
}

static gboolean
tick_cb (gpointer user_data)
{
  WhaleSimulator *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double seconds = MIN (MAX_TICK_SECONDS, (now - self->last_tick_us) / (double) G_USEC_PER_SEC);
  GHashTableIter iter;
  gpointer key, value;
  double flow_rate;
  double option_trades_rate;

  self->last_tick_us = now;
  update_expiries (self);
  walk_market (self, seconds);

  if (self->replay != NULL)
    return G_SOURCE_CONTINUE;

  g_mutex_lock (&self->mutex);
  flow_rate = self->rate;
  option_trades_rate = self->option_trades_rate;
  g_mutex_unlock (&self->mutex);

  /* What is joined and acked anywhere, and a pace for each. */
  g_hash_table_iter_init (&iter, self->paces);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((Pace *) value)->seen = FALSE;
  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (client->closing)
        continue;
      g_hash_table_iter_init (&iter, client->joined);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Pace *pace;

          if (!GPOINTER_TO_INT (value))
            continue;
          pace = g_hash_table_lookup (self->paces, key);
          if (pace == NULL)
            {
              pace = pace_new (self, key);
              g_hash_table_insert (self->paces, g_strdup (key), pace);
            }
          pace->seen = TRUE;
          if (pace->kind == PACE_FLOW_ALERTS && flow_rate <= 0)
            client_ensure_pump (client);
        }
    }

  g_hash_table_iter_init (&iter, self->paces);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Pace *pace = value;
      guint n = 0;

      if (!pace->seen)
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }
      if (pace->kind == PACE_FLOW_ALERTS && flow_rate <= 0)
        continue;  /* the pumps feed it */

      pace->credit += pace_rate (pace->kind, flow_rate, option_trades_rate) * seconds;
      /* A very high set rate still yields to the rest of the loop. */
      while (pace->credit >= 1.0 && n++ < 2000)
        {
          pace->credit -= 1.0;
          generate (self, key, pace);
        }
      pace->credit = MIN (pace->credit, 2.0);
    }

  return G_SOURCE_CONTINUE;
}

/* Replay (server thread) */

static const char *
frame_channel (const char *frame,
               gboolean   *is_reply)
{
  const char *p = frame;
  const char *end;
  g_autofree char *name = NULL;

  *is_reply = FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (*p++ != '[')
    return NULL;
  while (g_ascii_isspace (*p))
    p++;
  if (*p++ != '"')
    return NULL;
  end = strchr (p, '"');
  if (end == NULL || end == p || memchr (p, '\\', end - p) != NULL)
    return NULL;
  name = g_strndup (p, end - p);

  p = end + 1;
  while (g_ascii_isspace (*p) || *p == ',')
    p++;
  *is_reply = g_str_has_prefix (p, "{\"response\"");
  return g_intern_string (name);
}

static void
schedule_replay (Client *client,
                 gint64  delay_us);

static gboolean
replay_step_cb (gpointer user_data)
{
  Client *client = user_data;
  WhaleSimulator *self = client->self;
  GArray *replay = self->replay;
  double speed = self->replay_speed;
  gint64 t0 = g_array_index (replay, ReplayFrame, 0).time_ms;
  guint sent = 0;

  g_clear_pointer (&client->replay_source, g_source_unref);

  while (client->replay_index < replay->len && !client->closing)
    {
      const ReplayFrame *frame = &g_array_index (replay, ReplayFrame, client->replay_index);

      if (speed > 0)
        {
          gint64 due = client->replay_start_us
            + (gint64) ((frame->time_ms - t0) * 1000.0 / speed);
          gint64 now = g_get_monotonic_time ();

          if (due > now)
            {
              schedule_replay (client, due - now);
              return G_SOURCE_REMOVE;
            }
        }
      if (sent >= PUMP_BATCH || (sent > 0 && sent % PUMP_CHECK_EVERY == 0
                                 && !client_writable (client)))
        {
          schedule_replay (client, -1);
          return G_SOURCE_REMOVE;
        }

      client->replay_index++;
      if (frame->is_reply)
        continue;
      if (frame->channel != NULL && !client_is_acked (client, frame->channel))
        continue;
      client_send_data (client, frame->frame);
      sent++;
    }

  if (client->replay_index >= replay->len)
    client_close_drained (client, SOUP_WEBSOCKET_CLOSE_NORMAL);
  return G_SOURCE_REMOVE;
}

static gboolean
replay_writable_cb (GObject  *stream,
                    gpointer  user_data)
{
  return replay_step_cb (user_data);
}

/* @delay_us < 0: when the socket takes more. */
static void
schedule_replay (Client *client,
                 gint64  delay_us)
{
  GSource *source;

  if (delay_us < 0)
    {
      client->replay_source = client_watch_writable (client, replay_writable_cb);
      return;
    }

  source = g_timeout_source_new ((delay_us + 999) / 1000);
  g_source_set_callback (source, replay_step_cb, client_ref (client), client_unref);
  g_source_attach (source, client->self->context);
  client->replay_source = source;
}

/* Starts once the client's first joins are all acked, so frames of every channel it
 * asked for at connect time are delivered from the start. */
static void
client_maybe_start_replay (Client *client)
{
  GHashTableIter iter;
  gpointer value;
  gboolean any_acked = FALSE;

  if (client->self->replay == NULL || client->replay_started || client->closing
      || client->n_pending_acks > 0)
    return;

  g_hash_table_iter_init (&iter, client->joined);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    any_acked |= GPOINTER_TO_INT (value);
  if (!any_acked)
    return;

  client->replay_started = TRUE;
  client->replay_start_us = g_get_monotonic_time ();
  if (client->self->replay->len == 0)
    client_close_drained (client, SOUP_WEBSOCKET_CLOSE_NORMAL);
  else
    schedule_replay (client, 0);
}

/* Cross-thread calls */

typedef struct
{
  WhaleSimulator *self;
  GSourceFunc     func;
  gpointer        data;
  GDestroyNotify  destroy;
} Invocation;

static gboolean
invocation_cb (gpointer user_data)
{
  Invocation *invocation = user_data;

  invocation->func (invocation);
  return G_SOURCE_REMOVE;
}

static void
invocation_free (gpointer user_data)
{
  Invocation *invocation = user_data;

  if (invocation->destroy != NULL)
    invocation->destroy (invocation->data);
  g_free (invocation);
}

/* Always queued, never run in the calling thread: the server's objects live there. */
static void
run_on_thread (WhaleSimulator *self,
               GSourceFunc     func,
               gpointer        data,
               GDestroyNotify  destroy)
{
  Invocation *invocation;
  GSource *source;

  g_mutex_lock (&self->mutex);
  if (self->thread == NULL || self->context == NULL || !self->start_done
      || self->start_error != NULL)
    {
      g_mutex_unlock (&self->mutex);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  g_mutex_unlock (&self->mutex);

  invocation = g_new0 (Invocation, 1);
  /* No reference: the thread, and with it this source, ends before the simulator. */
  invocation->self = self;
  invocation->func = func;
  invocation->data = data;
  invocation->destroy = destroy;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_static_name (source, "[whale] simulator call");
  g_source_set_callback (source, invocation_cb, invocation, invocation_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static gboolean
do_drop (gpointer user_data)
{
  Invocation *invocation = user_data;
  WhaleSimulator *self = invocation->self;

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);
      g_autoptr(GError) error = NULL;

      client->closing = TRUE;
      client_stop_sources (client);
      /* No close frame: the peer sees the TCP stream end, an abnormal close (1006). */
      if (client->socket != NULL)
        {
          if (!g_socket_shutdown (client->socket, TRUE, TRUE, &error))
            g_debug ("shutdown: %s", error->message);
        }
      else
        g_io_stream_close (soup_websocket_connection_get_io_stream (client->conn), NULL, NULL);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
do_reset (gpointer user_data)
{
  Invocation *invocation = user_data;
  WhaleSimulator *self = invocation->self;
  struct linger linger = { 1, 0 };

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (client->socket == NULL)
        continue;
      client->closing = TRUE;
      client_stop_sources (client);
      /* Linger 0: close() sends an RST instead of a FIN. */
      if (setsockopt (g_socket_get_fd (client->socket), SOL_SOCKET, SO_LINGER,
                      &linger, sizeof linger) != 0)
        g_debug ("SO_LINGER: %s", g_strerror (errno));
      g_socket_close (client->socket, NULL);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
do_stall (gpointer user_data)
{
  Invocation *invocation = user_data;
  WhaleSimulator *self = invocation->self;
  gint64 deadline = g_get_monotonic_time ()
    + (gint64) GPOINTER_TO_UINT (invocation->data) * G_TIME_SPAN_MILLISECOND;

  /* The thread stops iterating: no frames, no pongs, no accepts. stop() ends it early. */
  g_mutex_lock (&self->mutex);
  while (!g_atomic_int_get (&self->stopping))
    if (!g_cond_wait_until (&self->cond, &self->mutex, deadline))
      break;
  g_mutex_unlock (&self->mutex);

  /* No burst of what would have been due. */
  self->last_tick_us = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GBytes   *bytes;
  gboolean  binary;
} Injection;

static void
injection_free (gpointer data)
{
  Injection *injection = data;

  g_bytes_unref (injection->bytes);
  g_free (injection);
}

static gboolean
do_inject (gpointer user_data)
{
  Invocation *invocation = user_data;
  WhaleSimulator *self = invocation->self;
  Injection *injection = invocation->data;

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);
      gsize len;
      const char *data = g_bytes_get_data (injection->bytes, &len);

      if (client->closing || !client_is_open (client))
        continue;
      count_frames (self, 1);
      if (injection->binary)
        soup_websocket_connection_send_binary (client->conn, data, len);
      else
        soup_websocket_connection_send_text (client->conn, data);
    }
  return G_SOURCE_REMOVE;
}

/* The server thread */

static gboolean
shutdown_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
server_thread_shutdown (WhaleSimulator *self)
{
  gboolean timed_out = FALSE;
  GSource *timeout;

  g_autoptr(GPtrArray) clients = NULL;

  destroy_source (&self->tick_source);

  /* A copy: closing may remove clients from the list at once. */
  clients = g_ptr_array_new_with_free_func (client_unref);
  for (guint i = 0; i < self->clients->len; i++)
    g_ptr_array_add (clients, client_ref (g_ptr_array_index (self->clients, i)));

  for (guint i = 0; i < clients->len; i++)
    {
      Client *client = g_ptr_array_index (clients, i);

      client->closing = TRUE;
      client_stop_sources (client);
      /* Going away, said if the socket takes it; then the socket ends: nobody on this
       * side will wait for the peer's close reply. */
      if (soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (client->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      if (client->socket != NULL)
        g_socket_shutdown (client->socket, TRUE, TRUE, NULL);
    }

  timeout = g_timeout_source_new (SHUTDOWN_TIMEOUT_MS);
  g_source_set_callback (timeout, shutdown_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, self->context);
  while (self->clients->len > 0 && !timed_out)
    g_main_context_iteration (self->context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);

  /* Whoever did not finish closing is let go. */
  while (self->clients->len > 0)
    {
      Client *client = g_ptr_array_index (self->clients, 0);

      g_signal_handlers_disconnect_by_data (client->conn, client);
      client->gone = TRUE;
      g_mutex_lock (&self->mutex);
      g_ptr_array_remove_index (self->clients, 0);
      g_mutex_unlock (&self->mutex);
    }

  /* Acks not yet due hold clients and their connections: end them here, on this
   * thread. */
  {
    g_autoptr(GPtrArray) acks = g_ptr_array_copy (self->pending_acks, NULL, NULL);

    for (guint i = 0; i < acks->len; i++)
      g_source_destroy (((PendingAck *) g_ptr_array_index (acks, i))->source);
  }

  g_mutex_lock (&self->mutex);
  g_debug ("stopping: %u connections, %" G_GUINT64_FORMAT " frames sent, %u dropped for slow "
           "clients, %u malformed client messages, %u REST requests",
           self->n_connections, self->n_frames_sent, self->n_dropped, self->n_malformed,
           self->n_rest_requests);
  g_mutex_unlock (&self->mutex);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  for (guint i = 0; i < 100 && g_main_context_pending (self->context); i++)
    g_main_context_iteration (self->context, FALSE);
}

static gpointer
server_thread (gpointer user_data)
{
  WhaleSimulator *self = user_data;
  locale_t c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  locale_t old_locale = c_locale != (locale_t) 0 ? uselocale (c_locale) : (locale_t) 0;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  GError *error = NULL;
  guint port;
  gboolean ok;

  g_main_context_push_thread_default (self->context);

  g_mutex_lock (&self->mutex);
  port = self->port;
  g_mutex_unlock (&self->mutex);

  self->rand = g_rand_new ();
  self->buf = g_string_sized_new (4096);
  self->paces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending_acks = g_ptr_array_new ();
  setup_market (self);
  update_expiries (self);

  self->server = soup_server_new ("server-header", "whalewatch-simulator", NULL);
  soup_server_add_handler (self->server, "/socket", socket_http_cb, self, NULL);
  soup_server_add_websocket_handler (self->server, "/socket", NULL, NULL,
                                     websocket_cb, self, NULL);
  soup_server_add_handler (self->server, "/api", rest_cb, self, NULL);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  ok = soup_server_listen (self->server, address, 0, &error);
  if (ok)
    {
      /* Not soup_server_get_uris (): libsoup 3.2 leaks an address there. */
      GSList *listeners = soup_server_get_listeners (self->server);
      g_autoptr(GSocketAddress) local = NULL;

      if (listeners != NULL)
        local = g_socket_get_local_address (listeners->data, NULL);
      port = local != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)) : 0;
      g_slist_free (listeners);
    }

  g_mutex_lock (&self->mutex);
  self->bound_port = ok ? port : 0;
  self->start_error = error;
  self->start_done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (ok)
    {
      self->last_tick_us = g_get_monotonic_time ();
      self->tick_source = g_timeout_source_new (TICK_MS);
      g_source_set_static_name (self->tick_source, "[whale] simulator tick");
      g_source_set_callback (self->tick_source, tick_cb, self, NULL);
      g_source_attach (self->tick_source, self->context);

      while (!g_atomic_int_get (&self->stopping))
        g_main_context_iteration (self->context, TRUE);
    }

  server_thread_shutdown (self);

  g_clear_pointer (&self->paces, g_hash_table_unref);
  g_clear_pointer (&self->pending_acks, g_ptr_array_unref);
  g_clear_pointer (&self->tickers, g_hash_table_unref);
  g_clear_pointer (&self->flow_tickers, g_free);
  self->n_flow_tickers = 0;
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->market_tz, g_time_zone_unref);
  if (self->buf != NULL)
    g_string_free (g_steal_pointer (&self->buf), TRUE);

  g_main_context_pop_thread_default (self->context);

  if (c_locale != (locale_t) 0)
    {
      uselocale (old_locale);
      freelocale (c_locale);
    }
  return NULL;
}

/* GObject */

static void
whale_simulator_dispose (GObject *object)
{
  WhaleSimulator *self = WHALE_SIMULATOR (object);

  whale_simulator_stop (self);

  G_OBJECT_CLASS (whale_simulator_parent_class)->dispose (object);
}

static void
whale_simulator_finalize (GObject *object)
{
  WhaleSimulator *self = WHALE_SIMULATOR (object);

  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->ignored_joins, g_hash_table_unref);
  g_clear_pointer (&self->replay, g_array_unref);
  g_clear_pointer (&self->replay_channels, g_hash_table_unref);
  g_clear_pointer (&self->recording, g_array_unref);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (whale_simulator_parent_class)->finalize (object);
}

static void
whale_simulator_class_init (WhaleSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = whale_simulator_dispose;
  object_class->finalize = whale_simulator_finalize;
}

static void
whale_simulator_init (WhaleSimulator *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->rate = 5.0;
  self->option_trades_rate = OPTION_TRADES_RATE;
  self->ignored_joins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->clients = g_ptr_array_new_with_free_func (client_unref);
  self->minute_start_us = g_get_monotonic_time ();
}

WhaleSimulator *
whale_simulator_new (void)
{
  return g_object_new (WHALE_TYPE_SIMULATOR, NULL);
}

void
whale_simulator_set_port (WhaleSimulator *self,
                          guint           port)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));
  g_return_if_fail (port <= G_MAXUINT16);

  g_mutex_lock (&self->mutex);
  self->port = port;
  g_mutex_unlock (&self->mutex);
}

void
whale_simulator_set_token (WhaleSimulator *self,
                           const char     *token)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));

  g_mutex_lock (&self->mutex);
  g_free (self->token);
  self->token = token != NULL && *token != '\0' ? g_strdup (token) : NULL;
  g_mutex_unlock (&self->mutex);
}

void
whale_simulator_set_rate (WhaleSimulator *self,
                          double          flow_alerts_per_second)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));
  g_return_if_fail (flow_alerts_per_second >= 0);

  g_mutex_lock (&self->mutex);
  self->rate = flow_alerts_per_second;
  g_mutex_unlock (&self->mutex);
}

void
whale_simulator_set_option_trades_rate (WhaleSimulator *self,
                                        double          prints_per_second)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));
  g_return_if_fail (prints_per_second >= 0);

  g_mutex_lock (&self->mutex);
  self->option_trades_rate = prints_per_second;
  g_mutex_unlock (&self->mutex);
}

gboolean
whale_simulator_load_recording (WhaleSimulator  *self,
                                const char      *path,
                                double           speed,
                                GError         **error)
{
  g_autoptr(GArray) recording = NULL;
  g_autoptr(GArray) replay = NULL;
  g_autoptr(GHashTable) channels = NULL;
  guint n_malformed = 0;
  guint n_incomplete = 0;

  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (speed >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  recording = whale_recording_read (path, &n_malformed, &n_incomplete, error);
  if (recording == NULL)
    return FALSE;
  if (n_malformed > 0 || n_incomplete > 0)
    g_debug ("%s: %u malformed and %u incomplete lines left out", path, n_malformed,
             n_incomplete);

  replay = g_array_sized_new (FALSE, TRUE, sizeof (ReplayFrame), recording->len);
  channels = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < recording->len; i++)
    {
      const WhaleRecordedFrame *recorded = &g_array_index (recording, WhaleRecordedFrame, i);
      ReplayFrame frame;

      frame.time_ms = recorded->time_ms;
      frame.frame = recorded->frame;
      frame.channel = frame_channel (recorded->frame, &frame.is_reply);
      if (frame.channel != NULL)
        g_hash_table_add (channels, (gpointer) frame.channel);
      /* Keep the timeline monotonic even if the clock stepped while recording. */
      if (replay->len > 0)
        frame.time_ms = MAX (frame.time_ms, g_array_index (replay, ReplayFrame, replay->len - 1).time_ms);
      g_array_append_val (replay, frame);
    }

  g_clear_pointer (&self->replay, g_array_unref);
  g_clear_pointer (&self->recording, g_array_unref);
  self->recording = g_steal_pointer (&recording);
  self->replay = g_steal_pointer (&replay);
  g_clear_pointer (&self->replay_channels, g_hash_table_unref);
  self->replay_channels = g_steal_pointer (&channels);
  self->replay_speed = speed;
  return TRUE;
}

void
whale_simulator_set_frame_limit (WhaleSimulator *self,
                                 guint64         n_frames)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));

  g_mutex_lock (&self->mutex);
  self->frame_limit = n_frames;
  g_mutex_unlock (&self->mutex);
}

gboolean
whale_simulator_start (WhaleSimulator  *self,
                       GError         **error)
{
  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  g_atomic_int_set (&self->stopping, FALSE);
  self->start_done = FALSE;
  g_clear_error (&self->start_error);
  self->context = g_main_context_new ();
  self->thread = g_thread_new ("whale-simulator", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->start_done)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->start_error));
      whale_simulator_stop (self);
      return FALSE;
    }

  return TRUE;
}

void
whale_simulator_stop (WhaleSimulator *self)
{
  GThread *thread;

  g_return_if_fail (WHALE_IS_SIMULATOR (self));

  g_mutex_lock (&self->mutex);
  thread = g_steal_pointer (&self->thread);
  g_atomic_int_set (&self->stopping, TRUE);
  /* Ends a stall at once. */
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (thread == NULL)
    return;

  g_main_context_wakeup (self->context);
  g_thread_join (thread);

  g_mutex_lock (&self->mutex);
  self->bound_port = 0;
  self->start_done = FALSE;
  g_mutex_unlock (&self->mutex);
  /* Drops calls queued too late to run. */
  g_clear_pointer (&self->context, g_main_context_unref);
}

guint
whale_simulator_get_port (WhaleSimulator *self)
{
  guint port;

  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), 0);

  g_mutex_lock (&self->mutex);
  port = self->bound_port;
  g_mutex_unlock (&self->mutex);
  return port;
}

char *
whale_simulator_dup_url (WhaleSimulator *self)
{
  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), NULL);

  return g_strdup_printf ("ws://127.0.0.1:%u/socket", whale_simulator_get_port (self));
}

char *
whale_simulator_dup_rest_url (WhaleSimulator *self)
{
  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", whale_simulator_get_port (self));
}

guint
whale_simulator_get_n_clients (WhaleSimulator *self)
{
  guint n;

  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->clients->len;
  g_mutex_unlock (&self->mutex);
  return n;
}

guint64
whale_simulator_get_n_frames_sent (WhaleSimulator *self)
{
  guint64 n;

  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_frames_sent;
  g_mutex_unlock (&self->mutex);
  return n;
}

guint
whale_simulator_get_n_connections (WhaleSimulator *self)
{
  guint n;

  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_connections;
  g_mutex_unlock (&self->mutex);
  return n;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
whale_simulator_dup_joined (WhaleSimulator *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), NULL);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, client->joined);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_hash_table_add (seen, key))
          g_ptr_array_add (names, g_strdup (key));
    }
  g_mutex_unlock (&self->mutex);

  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

void
whale_simulator_drop_connections (WhaleSimulator *self)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));

  run_on_thread (self, do_drop, NULL, NULL);
}

void
whale_simulator_reset_connections (WhaleSimulator *self)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));

  run_on_thread (self, do_reset, NULL, NULL);
}

void
whale_simulator_stall (WhaleSimulator *self,
                       guint           milliseconds)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));

  if (milliseconds > 0)
    run_on_thread (self, do_stall, GUINT_TO_POINTER (milliseconds), NULL);
}

void
whale_simulator_send_text (WhaleSimulator *self,
                           const char     *text)
{
  Injection *injection;

  g_return_if_fail (WHALE_IS_SIMULATOR (self));
  g_return_if_fail (text != NULL);

  injection = g_new0 (Injection, 1);
  injection->bytes = g_bytes_new (text, strlen (text) + 1);
  injection->binary = FALSE;
  run_on_thread (self, do_inject, injection, injection_free);
}

void
whale_simulator_send_binary (WhaleSimulator *self,
                             GBytes         *bytes)
{
  Injection *injection;

  g_return_if_fail (WHALE_IS_SIMULATOR (self));
  g_return_if_fail (bytes != NULL);

  injection = g_new0 (Injection, 1);
  injection->bytes = g_bytes_ref (bytes);
  injection->binary = TRUE;
  run_on_thread (self, do_inject, injection, injection_free);
}

void
whale_simulator_set_reject (WhaleSimulator *self,
                            guint           http_status)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));

  g_mutex_lock (&self->mutex);
  self->reject_status = http_status;
  g_mutex_unlock (&self->mutex);
}

void
whale_simulator_set_ignore_join (WhaleSimulator *self,
                                 const char     *channel)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));
  g_return_if_fail (channel != NULL);

  g_mutex_lock (&self->mutex);
  g_hash_table_add (self->ignored_joins, g_strdup (channel));
  g_mutex_unlock (&self->mutex);
}

void
whale_simulator_set_rest_status (WhaleSimulator *self,
                                 guint           http_status)
{
  g_return_if_fail (WHALE_IS_SIMULATOR (self));

  g_mutex_lock (&self->mutex);
  self->rest_status = http_status;
  g_mutex_unlock (&self->mutex);
}

guint
whale_simulator_get_n_rest_requests (WhaleSimulator *self)
{
  guint n;

  g_return_val_if_fail (WHALE_IS_SIMULATOR (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_rest_requests;
  g_mutex_unlock (&self->mutex);
  return n;
}
