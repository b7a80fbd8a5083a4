/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-gex-board"

#include "config.h"

#include "whale-gex-board.h"

#include <math.h>

#include "whale-gex-strike.h"
#include "whale-gex-update.h"

/* A burst is over when rows stop coming for this long (or a newer burst starts). */
#define BURST_QUIET_MS 250
/* How long before its burst of strike rows an aggregate update may be stamped and still
 * be that burst's moment (they come every ~10 s). */
#define PAIR_SKEW_MS 1000

struct _WhaleGexBoard
{
  GObject         parent_instance;

  char           *ticker;
  GHashTable     *strikes;        /* strike × 1000 -> WhaleRecord (latest row) */
  gint64          burst_time;     /* timestamp shared by the rows of the burst in progress */
  gboolean        burst_open;
  gint64          filled_time;    /* time of the latest burst whose flip is in the series */
  guint           quiet_source;

  WhaleGexLevels  levels;
  double          spot;
  double          net_gamma[3];
  gint64          updated;
  GArray         *series;
  gboolean        resuming;       /* the next point is the first after a resumed series */
};

G_DEFINE_FINAL_TYPE (WhaleGexBoard, whale_gex_board, G_TYPE_OBJECT)

enum {
  SIGNAL_BURST,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static double
number (WhaleRecord *record,
        const char  *name)
{
  const WhaleField *field = whale_record_class_find_field (WHALE_RECORD_GET_CLASS (record), name);

  g_assert (field != NULL);
  return whale_record_get_number (record, field);
}

/* Missing parts count as zero so that one absent column does not hide a strike. */
static double
sum2 (double a,
      double b)
{
  return (isnan (a) ? 0 : a) + (isnan (b) ? 0 : b);
}

static void
bar_of (WhaleRecord    *row,
        WhaleGexWeight  weight,
        WhaleGexBar    *bar)
{
  bar->strike = number (row, "strike");
  switch (weight)
    {
    case WHALE_GEX_WEIGHT_OI:
      bar->call = sum2 (number (row, "call_gamma_oi"), 0);
      bar->put = sum2 (number (row, "put_gamma_oi"), 0);
      break;
    case WHALE_GEX_WEIGHT_VOL:
      bar->call = sum2 (number (row, "call_gamma_vol"), 0);
      bar->put = sum2 (number (row, "put_gamma_vol"), 0);
      break;
    case WHALE_GEX_WEIGHT_DIR:
      bar->call = sum2 (number (row, "call_gamma_ask_vol"), -number (row, "call_gamma_bid_vol"));
      bar->put = sum2 (number (row, "put_gamma_ask_vol"), -number (row, "put_gamma_bid_vol"));
      break;
    default:
      g_assert_not_reached ();
    }
}

static int
compare_bars (gconstpointer a,
              gconstpointer b)
{
  double x = ((const WhaleGexBar *) a)->strike;
  double y = ((const WhaleGexBar *) b)->strike;

  return (x > y) - (x < y);
}

GArray *
whale_gex_board_dup_bars (WhaleGexBoard  *self,
                          WhaleGexWeight  weight)
{
  GArray *bars;
  GHashTableIter iter;
  gpointer row;

  g_return_val_if_fail (WHALE_IS_GEX_BOARD (self), NULL);

  bars = g_array_sized_new (FALSE, FALSE, sizeof (WhaleGexBar),
                            g_hash_table_size (self->strikes));
  g_hash_table_iter_init (&iter, self->strikes);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      WhaleGexBar bar;

      bar_of (row, weight, &bar);
      g_array_append_val (bars, bar);
    }
  g_array_sort (bars, compare_bars);
  return bars;
}

static void
complete_burst (WhaleGexBoard *self)
{
  g_autoptr(GArray) bars = NULL;
  g_autofree double *strikes = NULL;
  g_autofree double *net = NULL;

  g_clear_handle_id (&self->quiet_source, g_source_remove);
  if (!self->burst_open)
    return;
  self->burst_open = FALSE;

  bars = whale_gex_board_dup_bars (self, WHALE_GEX_WEIGHT_OI);
  strikes = g_new (double, bars->len);
  net = g_new (double, bars->len);
  for (guint i = 0; i < bars->len; i++)
    {
      WhaleGexBar *bar = &g_array_index (bars, WhaleGexBar, i);

      strikes[i] = bar->strike;
      net[i] = bar->call + bar->put;
    }
  whale_gex_compute_levels (strikes, net, bars->len, self->spot,
                            whale_gex_band_for_ticker (self->ticker), &self->levels);
  /* The aggregate update usually comes first, stamped with the burst's time or a little
   * before it (the simulator's, 40 ms), and its point was given the previous burst's
   * flip. The points of the burst's own moment (up to PAIR_SKEW_MS before it, and not
   * before the previous burst) take its flip and its price, which the cards show; newer
   * points its flip until their own burst. A burst older than one already filled in
   * leaves the points alone (a row without a time is not decoded). */
  if (self->burst_time >= self->filled_time)
    {
      gint64 from = self->burst_time - PAIR_SKEW_MS;

      if (self->burst_time > self->filled_time)
        from = MAX (from, self->filled_time);
      self->filled_time = self->burst_time;
      for (guint i = self->series->len; i > 0; i--)
        {
          WhaleGexPoint *point = &g_array_index (self->series, WhaleGexPoint, i - 1);

          if (point->time_ms <= from)
            break;
          point->flip = self->levels.flip;
          if (point->time_ms <= self->burst_time && isfinite (self->spot))
            point->spot = self->spot;
        }
    }
  g_signal_emit (self, signals[SIGNAL_BURST], 0, self->burst_time);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
quiet_cb (gpointer user_data)
{
  WhaleGexBoard *self = user_data;

  self->quiet_source = 0;
  complete_burst (self);
  return G_SOURCE_REMOVE;
}

static void
add_point (WhaleGexBoard *self)
{
  WhaleGexPoint point = {
    .time_ms = self->updated,
    .spot = self->spot,
    .net_gamma_oi = self->net_gamma[WHALE_GEX_WEIGHT_OI],
    .flip = self->levels.flip,
    .resumed = self->resuming && self->series->len > 0,
  };

  self->resuming = FALSE;

  /* Bounded: drop the oldest quarter at once rather than one point per update. */
  if (self->series->len >= WHALE_GEX_BOARD_MAX_POINTS)
    g_array_remove_range (self->series, 0, WHALE_GEX_BOARD_MAX_POINTS / 4);
  g_array_append_val (self->series, point);
}

static void
add_update (WhaleGexBoard *self,
            WhaleRecord   *update)
{
  static const char * const names[] = {
    [WHALE_GEX_WEIGHT_OI] = "gamma_per_one_percent_move_oi",
    [WHALE_GEX_WEIGHT_VOL] = "gamma_per_one_percent_move_vol",
    [WHALE_GEX_WEIGHT_DIR] = "gamma_per_one_percent_move_dir",
  };
  double price = number (update, "price");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    self->net_gamma[i] = number (update, names[i]);
  if (isfinite (price) && price > 0)
    self->spot = price;
  self->updated = MAX (self->updated, whale_record_get_time (update));
  add_point (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
add_strike (WhaleGexBoard *self,
            WhaleRecord   *row)
{
  gint64 time = whale_record_get_time (row);
  double strike = number (row, "strike");
  double price = number (row, "price");

  if (!isfinite (strike))
    return;
  if (self->burst_open && time != self->burst_time)
    complete_burst (self);

  g_hash_table_replace (self->strikes, GSIZE_TO_POINTER ((gsize) llround (strike * 1000)),
                        g_object_ref (row));
  if (isfinite (price) && price > 0)
    self->spot = price;
  self->updated = MAX (self->updated, time);
  self->burst_time = time;
  self->burst_open = TRUE;

  g_clear_handle_id (&self->quiet_source, g_source_remove);
  self->quiet_source = g_timeout_add (BURST_QUIET_MS, quiet_cb, self);
}

void
whale_gex_board_add (WhaleGexBoard *self,
                     WhaleRecord   *record)
{
  g_return_if_fail (WHALE_IS_GEX_BOARD (self));
  g_return_if_fail (WHALE_IS_RECORD (record));

  if (g_strcmp0 (whale_record_get_ticker (record), self->ticker) != 0)
    return;
  if (WHALE_IS_GEX_UPDATE (record))
    add_update (self, record);
  else if (WHALE_IS_GEX_STRIKE (record))
    add_strike (self, record);
}

void
whale_gex_board_flush (WhaleGexBoard *self)
{
  g_return_if_fail (WHALE_IS_GEX_BOARD (self));

  complete_burst (self);
}

static void
reset (WhaleGexBoard *self)
{
  g_clear_handle_id (&self->quiet_source, g_source_remove);
  g_hash_table_remove_all (self->strikes);
  g_array_set_size (self->series, 0);
  self->resuming = FALSE;
  self->burst_open = FALSE;
  self->burst_time = 0;
  self->filled_time = 0;
  self->spot = NAN;
  self->updated = 0;
  for (guint i = 0; i < G_N_ELEMENTS (self->net_gamma); i++)
    self->net_gamma[i] = NAN;
  whale_gex_compute_levels (NULL, NULL, 0, NAN, 0, &self->levels);
}

void
whale_gex_board_clear (WhaleGexBoard *self)
{
  g_return_if_fail (WHALE_IS_GEX_BOARD (self));

  reset (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

WhaleGexBoard *
whale_gex_board_new (const char *ticker)
{
  WhaleGexBoard *self;

  g_return_val_if_fail (ticker != NULL, NULL);

  self = g_object_new (WHALE_TYPE_GEX_BOARD, NULL);
  self->ticker = g_strdup (ticker);
  return self;
}

const char *
whale_gex_board_get_ticker (WhaleGexBoard *self)
{
  g_return_val_if_fail (WHALE_IS_GEX_BOARD (self), NULL);

  return self->ticker;
}

const WhaleGexLevels *
whale_gex_board_get_levels (WhaleGexBoard *self)
{
  g_return_val_if_fail (WHALE_IS_GEX_BOARD (self), NULL);

  return &self->levels;
}

double
whale_gex_board_get_spot (WhaleGexBoard *self)
{
  g_return_val_if_fail (WHALE_IS_GEX_BOARD (self), NAN);

  return self->spot;
}

double
whale_gex_board_get_net_gamma (WhaleGexBoard  *self,
                               WhaleGexWeight  weight)
{
  g_return_val_if_fail (WHALE_IS_GEX_BOARD (self), NAN);
  g_return_val_if_fail (weight <= WHALE_GEX_WEIGHT_DIR, NAN);

  return self->net_gamma[weight];
}

int
whale_gex_board_get_regime (WhaleGexBoard *self)
{
  double total;

  g_return_val_if_fail (WHALE_IS_GEX_BOARD (self), 0);

  /* The aggregate when there is one, else the strikes' sum. */
  total = self->net_gamma[WHALE_GEX_WEIGHT_OI];
  if (isnan (total))
    total = self->levels.n_strikes > 0 ? self->levels.net_gamma : NAN;
  if (isnan (total) || total == 0)
    return 0;
  return total > 0 ? 1 : -1;
}

gint64
whale_gex_board_get_updated (WhaleGexBoard *self)
{
  g_return_val_if_fail (WHALE_IS_GEX_BOARD (self), 0);

  return self->updated;
}

guint
whale_gex_board_get_n_strikes (WhaleGexBoard *self)
{
  g_return_val_if_fail (WHALE_IS_GEX_BOARD (self), 0);

  return g_hash_table_size (self->strikes);
}

GArray *
whale_gex_board_get_series (WhaleGexBoard *self)
{
  g_return_val_if_fail (WHALE_IS_GEX_BOARD (self), NULL);

  return self->series;
}

static void
whale_gex_board_dispose (GObject *object)
{
  WhaleGexBoard *self = WHALE_GEX_BOARD (object);

  g_clear_handle_id (&self->quiet_source, g_source_remove);
  g_hash_table_remove_all (self->strikes);

  G_OBJECT_CLASS (whale_gex_board_parent_class)->dispose (object);
}

void
whale_gex_board_resume_series (WhaleGexBoard *self,
                               GArray        *series)
{
  g_return_if_fail (WHALE_IS_GEX_BOARD (self));
  g_return_if_fail (series != NULL && g_array_get_element_size (series) == sizeof (WhaleGexPoint));
  g_return_if_fail (self->series->len == 0);

  g_array_unref (self->series);
  self->series = g_array_ref (series);
  self->resuming = TRUE;
  /* The kept points have their flips: a burst now is not theirs. */
  if (series->len > 0)
    self->filled_time = g_array_index (series, WhaleGexPoint, series->len - 1).time_ms;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
whale_gex_board_finalize (GObject *object)
{
  WhaleGexBoard *self = WHALE_GEX_BOARD (object);

  g_free (self->ticker);
  g_hash_table_unref (self->strikes);
  g_array_unref (self->series);

  G_OBJECT_CLASS (whale_gex_board_parent_class)->finalize (object);
}

static void
whale_gex_board_class_init (WhaleGexBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = whale_gex_board_dispose;
  object_class->finalize = whale_gex_board_finalize;

  signals[SIGNAL_BURST] =
    g_signal_new ("burst", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
whale_gex_board_init (WhaleGexBoard *self)
{
  self->strikes = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
  self->series = g_array_new (FALSE, FALSE, sizeof (WhaleGexPoint));
  reset (self);
}
