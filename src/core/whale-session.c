/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-session"

#include "config.h"

#include "whale-session.h"

#include <string.h>

#include "whale-channel.h"
#include "whale-gex-strike.h"
#include "whale-gex-update.h"
#include "whale-record.h"
#include "whale-token.h"

/* Flow alerts per second in demo mode: lively, yet readable. */
#define DEMO_FLOW_RATE 4.0

/* Benchmark hook (bench/ui-bench.py), read once when the session is created, demo mode
 * only: WHALEWATCH_SIMULATOR_RATE sets the demo server's flow alerts per second and
 * WHALEWATCH_SIMULATOR_OPTION_TRADES_RATE its option prints per second; when the latter
 * is set the session also subscribes option_trades into a feed nothing shows, so the
 * flood is decoded and batched on the main loop as a real subscription would be. */
#define ENV_SIMULATOR_RATE "WHALEWATCH_SIMULATOR_RATE"
#define ENV_SIMULATOR_OPTION_TRADES_RATE "WHALEWATCH_SIMULATOR_OPTION_TRADES_RATE"

/* The feeds the app shows, by registry id. */
enum {
  FEED_FLOW,
  FEED_GEX,
  FEED_GEX_STRIKE,
  FEED_DARK_POOL,
  FEED_MARKET_MOVERS,
  FEED_CONGRESS,
  N_FEEDS
};

static const char *feed_ids[N_FEEDS] = {
  [FEED_FLOW] = "flow-alerts",
  [FEED_GEX] = "gex",
  [FEED_GEX_STRIKE] = "gex-strike",
  [FEED_DARK_POOL] = "dark-pool",
  [FEED_MARKET_MOVERS] = "market-movers",
  [FEED_CONGRESS] = "congress-trades",
};

struct _WhaleSession
{
  GObject             parent_instance;

  GSettings          *settings;
  WhaleStream        *stream;
  WhaleSimulator     *simulator;
  GCancellable       *cancellable;

  WhaleFeed          *feeds[N_FEEDS];
  WhaleChannelState  *states[N_FEEDS];

  /* The ticker the gex rows are subscribed with, and its levels. */
  char               *gex_ticker;
  WhaleGexBoard      *gex_board;
  /* The session series of the tickers watched before, by ticker: a ticker watched
   * again goes on with its chart rather than starting a new one. */
  GHashTable         *gex_series;

  /* Why the start found no token: the keyring could not be read (not: it had none). */
  char               *keyring_error;

  /* The benchmark hook (see the top); rates < 0 when not set. */
  double              bench_flow_rate;
  double              bench_option_trades_rate;
  WhaleFeed          *bench_feed;
  WhaleChannelState  *bench_state;

  guint               started : 1;
  guint               running : 1;
  guint               demo : 1;
  guint               token_set : 1;  /* by set_token(): the start's lookup is moot */
};

G_DEFINE_FINAL_TYPE (WhaleSession, whale_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STREAM,
  PROP_SIMULATOR,
  PROP_DEMO,
  PROP_STARTED,
  PROP_FLOW_FEED,
  PROP_GEX_FEED,
  PROP_GEX_STRIKE_FEED,
  PROP_DARK_POOL_FEED,
  PROP_MARKET_MOVERS_FEED,
  PROP_CONGRESS_FEED,
  PROP_GEX_BOARD,
  PROP_KEYRING_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANNELS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
feed_index (const char *id)
{
  for (int i = 0; i < N_FEEDS; i++)
    if (strcmp (feed_ids[i], id) == 0)
      return i;
  return -1;
}

static gboolean
feed_is_experimental (int i)
{
  const WhaleChannelInfo *info = whale_channel_info_lookup (feed_ids[i]);

  return info != NULL && !info->verified;
}

static void
unsubscribe_feed (WhaleSession *self,
                  int           i)
{
  if (self->states[i] == NULL)
    return;

  whale_stream_unsubscribe (self->stream, self->states[i]);
  g_clear_object (&self->states[i]);
  g_signal_emit (self, signals[CHANNELS_CHANGED], 0, feed_ids[i]);
}

static void
subscribe_feed (WhaleSession *self,
                int           i)
{
  const WhaleChannelInfo *info = whale_channel_info_lookup (feed_ids[i]);
  g_autofree char *wire_override = NULL;
  const char *ticker = NULL;
  WhaleChannelState *state;

  g_assert (info != NULL);

  if (self->states[i] != NULL)
    return;

  if (info->per_ticker)
    {
      if (!whale_ticker_is_valid (self->gex_ticker))
        {
          g_warning ("Not subscribing %s: invalid ticker", info->id);
          return;
        }
      ticker = self->gex_ticker;
    }

  if (info->setting != NULL)
    {
      wire_override = g_strstrip (g_settings_get_string (self->settings, info->setting));
      if (wire_override[0] == '\0')
        g_clear_pointer (&wire_override, g_free);
    }

  state = whale_stream_subscribe (self->stream, info, ticker, wire_override, self->feeds[i]);
  if (state == NULL)
    return;

  self->states[i] = g_object_ref (state);
  g_signal_emit (self, signals[CHANNELS_CHANGED], 0, feed_ids[i]);
}

static void
update_experimental (WhaleSession *self)
{
  gboolean show = g_settings_get_boolean (self->settings, "show-experimental-feeds");

  for (int i = 0; i < N_FEEDS; i++)
    {
      if (!feed_is_experimental (i))
        continue;
      if (show)
        {
          subscribe_feed (self, i);
        }
      else if (self->states[i] != NULL)
        {
          /* Their rows would be stale, maybe from another channel name, next time. */
          unsubscribe_feed (self, i);
          whale_feed_clear (self->feeds[i]);
        }
    }
}

/* A series older than this is another session's: the ticker starts a new one. */
#define MAX_KEPT_SERIES_AGE_MS (6 * 3600 * G_GINT64_CONSTANT (1000))
/* At most this many tickers' series are kept (each up to WHALE_GEX_BOARD_MAX_POINTS). */
#define MAX_KEPT_SERIES 16

static gint64
last_point_ms (GArray *series)
{
  return g_array_index (series, WhaleGexPoint, series->len - 1).time_ms;
}

/* Keeps @series for when @ticker is watched again; past MAX_KEPT_SERIES, the one
 * updated longest ago goes. */
static void
keep_series (WhaleSession *self,
             const char   *ticker,
             GArray       *series)
{
  if (series->len == 0)
    return;
  g_hash_table_replace (self->gex_series, g_strdup (ticker), g_array_ref (series));
  if (g_hash_table_size (self->gex_series) > MAX_KEPT_SERIES)
    {
      GHashTableIter iter;
      gpointer key, value;
      const char *oldest = NULL;
      gint64 oldest_ms = G_MAXINT64;

      g_hash_table_iter_init (&iter, self->gex_series);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (last_point_ms (value) < oldest_ms)
          {
            oldest = key;
            oldest_ms = last_point_ms (value);
          }
      g_hash_table_remove (self->gex_series, oldest);
    }
}

static void
update_gex_ticker (WhaleSession *self)
{
  g_autofree char *ticker = g_strstrip (g_settings_get_string (self->settings, "gex-ticker"));
  g_autofree char *upper = g_ascii_strup (ticker, -1);

  if (g_strcmp0 (upper, self->gex_ticker) == 0)
    return;

  for (int i = 0; i < N_FEEDS; i++)
    {
      const WhaleChannelInfo *info = whale_channel_info_lookup (feed_ids[i]);

      if (!info->per_ticker)
        continue;
      unsubscribe_feed (self, i);
      whale_feed_clear (self->feeds[i]);
    }

  if (self->gex_board != NULL)
    keep_series (self, self->gex_ticker, whale_gex_board_get_series (self->gex_board));
  g_free (self->gex_ticker);
  self->gex_ticker = g_steal_pointer (&upper);
  /* A fresh board: the old ticker's strikes and series mean nothing for the new one.
   * This ticker's own series, if it was watched before, goes on. */
  g_clear_object (&self->gex_board);
  self->gex_board = whale_gex_board_new (self->gex_ticker);
  {
    g_autofree char *key = NULL;
    g_autoptr(GArray) series = NULL;

    if (g_hash_table_steal_extended (self->gex_series, self->gex_ticker,
                                     (gpointer *) &key, (gpointer *) &series)
        && last_point_ms (series) >= g_get_real_time () / 1000 - MAX_KEPT_SERIES_AGE_MS)
      whale_gex_board_resume_series (self->gex_board, series);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GEX_BOARD]);

  for (int i = 0; i < N_FEEDS; i++)
    {
      const WhaleChannelInfo *info = whale_channel_info_lookup (feed_ids[i]);

      if (info->per_ticker && (info->verified || g_settings_get_boolean (self->settings,
                                                                         "show-experimental-feeds")))
        subscribe_feed (self, i);
    }
}

static void
update_capacity (WhaleSession *self)
{
  guint capacity = g_settings_get_uint (self->settings, "max-rows");

  for (int i = 0; i < N_FEEDS; i++)
    whale_feed_set_capacity (self->feeds[i], capacity);
}

static void
settings_changed_cb (WhaleSession *self,
                     const char   *key,
                     GSettings    *settings)
{
  if (g_str_equal (key, "show-experimental-feeds"))
    {
      update_experimental (self);
    }
  else if (g_str_equal (key, "gex-ticker"))
    {
      update_gex_ticker (self);
    }
  else if (g_str_equal (key, "max-rows"))
    {
      update_capacity (self);
    }
  else if (g_str_equal (key, "dark-pool-channel"))
    {
      /* Resubscribe every row whose wire name this key overrides. */
      for (int i = 0; i < N_FEEDS; i++)
        {
          const WhaleChannelInfo *info = whale_channel_info_lookup (feed_ids[i]);

          if (g_strcmp0 (info->setting, key) != 0 || self->states[i] == NULL)
            continue;
          unsubscribe_feed (self, i);
          whale_feed_clear (self->feeds[i]);
          subscribe_feed (self, i);
        }
    }
  else if (g_str_equal (key, "server-url") || g_str_equal (key, "rest-url"))
    {
      if (self->demo || !self->started)
        return;
      g_debug ("Server URL changed, reconnecting");
      {
        g_autofree char *url = g_settings_get_string (self->settings, "server-url");
        g_autofree char *rest_url = g_settings_get_string (self->settings, "rest-url");

        whale_stream_set_url (self->stream, url);
        whale_stream_set_rest_url (self->stream, rest_url);
      }
      if (self->running)
        whale_stream_restart (self->stream);
    }
}

static void
stop_simulator (WhaleSession *self)
{
  if (self->simulator == NULL)
    return;

  whale_simulator_stop (self->simulator);
  g_clear_object (&self->simulator);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMULATOR]);
}

static void
connect_stream (WhaleSession *self)
{
  if (self->running)
    {
      whale_stream_restart (self->stream);
    }
  else
    {
      self->running = TRUE;
      whale_stream_start (self->stream);
    }
}

/* On a switch between demo and live data: rows and gamma from one source must not stay
 * on screen under the other's label. Demo rows after a token is saved would read as
 * live; live ones would sit under "Demo data". */
static void
clear_data (WhaleSession *self)
{
  for (int i = 0; i < N_FEEDS; i++)
    {
      whale_feed_clear (self->feeds[i]);
      /* The frozen rows a pause kept are gone: new ones must not pile up unseen. */
      whale_feed_set_paused (self->feeds[i], FALSE);
    }
  if (self->gex_board != NULL)
    whale_gex_board_clear (self->gex_board);
  g_hash_table_remove_all (self->gex_series);
}

static void
go_demo (WhaleSession *self)
{
  g_autoptr(GError) error = NULL;

  whale_stream_set_token (self->stream, NULL);

  if (self->simulator == NULL)
    {
      self->simulator = whale_simulator_new ();
      whale_simulator_set_port (self->simulator, 0);
      whale_simulator_set_rate (self->simulator, self->bench_flow_rate >= 0
                                                 ? self->bench_flow_rate : DEMO_FLOW_RATE);
      if (self->bench_option_trades_rate >= 0)
        whale_simulator_set_option_trades_rate (self->simulator,
                                                self->bench_option_trades_rate);
      if (!whale_simulator_start (self->simulator, &error))
        {
          g_warning ("Could not start the demo server: %s", error->message);
          g_clear_object (&self->simulator);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMULATOR]);
    }

  if (self->simulator != NULL)
    {
      g_autofree char *url = whale_simulator_dup_url (self->simulator);
      g_autofree char *rest_url = whale_simulator_dup_rest_url (self->simulator);

      whale_stream_set_url (self->stream, url);
      whale_stream_set_rest_url (self->stream, rest_url);
    }

  if (!self->demo)
    {
      self->demo = TRUE;
      clear_data (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
    }

  if (self->simulator != NULL)
    connect_stream (self);
  else
    /* Not on without a demo server: the live rows would come back under "Demo data". */
    whale_stream_stop (self->stream);
}

static void
go_live (WhaleSession *self,
         const char   *token)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *rest_url = g_settings_get_string (self->settings, "rest-url");

  whale_stream_set_url (self->stream, url);
  whale_stream_set_rest_url (self->stream, rest_url);
  whale_stream_set_token (self->stream, token);

  if (self->demo)
    {
      self->demo = FALSE;
      clear_data (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
    }

  connect_stream (self);
  /* After the restart, so the stream leaves the demo server before it goes away. */
  stop_simulator (self);
}

static void
apply_token (WhaleSession *self,
             const char   *token)
{
  if (token != NULL && token[0] != '\0')
    go_live (self, token);
  else
    go_demo (self);

  if (!self->started)
    {
      self->started = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED]);
    }
}

static void
set_keyring_error (WhaleSession *self,
                   const char   *message)
{
  if (g_strcmp0 (message, self->keyring_error) == 0)
    return;
  g_free (self->keyring_error);
  self->keyring_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_ERROR]);
}

static void
token_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(WhaleSession) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = whale_token_lookup_finish (result, &error);

  /* A token saved meanwhile (Preferences, while an unlock prompt held this lookup up)
   * is the newer word: this result must not take the session back to demo. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->token_set)
    {
      if (error != NULL)
        g_debug ("No keyring, running on demo data: %s", error->message);
      set_keyring_error (self, error != NULL ? error->message : NULL);
      apply_token (self, token);
    }
  whale_token_free (token);
}

void
whale_session_start (WhaleSession *self)
{
  g_return_if_fail (WHALE_IS_SESSION (self));

  whale_token_lookup_async (self->cancellable, token_lookup_cb, g_object_ref (self));
}

void
whale_session_start_with_token (WhaleSession *self,
                                const char   *token)
{
  g_return_if_fail (WHALE_IS_SESSION (self));

  apply_token (self, token);
}

void
whale_session_stop (WhaleSession *self)
{
  g_return_if_fail (WHALE_IS_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  if (self->running)
    {
      self->running = FALSE;
      whale_stream_stop (self->stream);
    }
  stop_simulator (self);
}

void
whale_session_set_token (WhaleSession *self,
                         const char   *token)
{
  g_return_if_fail (WHALE_IS_SESSION (self));

  /* Preferences sets it once the keyring has stored (or removed) it: readable after all. */
  self->token_set = TRUE;
  set_keyring_error (self, NULL);
  apply_token (self, token);
}

const char *
whale_session_get_keyring_error (WhaleSession *self)
{
  g_return_val_if_fail (WHALE_IS_SESSION (self), NULL);

  return self->keyring_error;
}

gboolean
whale_session_get_started (WhaleSession *self)
{
  g_return_val_if_fail (WHALE_IS_SESSION (self), FALSE);

  return self->started;
}

gboolean
whale_session_get_demo (WhaleSession *self)
{
  g_return_val_if_fail (WHALE_IS_SESSION (self), FALSE);

  return self->demo;
}

GSettings *
whale_session_get_settings (WhaleSession *self)
{
  g_return_val_if_fail (WHALE_IS_SESSION (self), NULL);

  return self->settings;
}

WhaleStream *
whale_session_get_stream (WhaleSession *self)
{
  g_return_val_if_fail (WHALE_IS_SESSION (self), NULL);

  return self->stream;
}

WhaleSimulator *
whale_session_get_simulator (WhaleSession *self)
{
  g_return_val_if_fail (WHALE_IS_SESSION (self), NULL);

  return self->simulator;
}

WhaleFeed *
whale_session_get_feed (WhaleSession *self,
                        const char   *id)
{
  int i;

  g_return_val_if_fail (WHALE_IS_SESSION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  i = feed_index (id);
  g_return_val_if_fail (i >= 0, NULL);
  return self->feeds[i];
}

WhaleChannelState *
whale_session_get_channel_state (WhaleSession *self,
                                 const char   *id)
{
  int i;

  g_return_val_if_fail (WHALE_IS_SESSION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  i = feed_index (id);
  g_return_val_if_fail (i >= 0, NULL);
  return self->states[i];
}

WhaleGexBoard *
whale_session_get_gex_board (WhaleSession *self)
{
  g_return_val_if_fail (WHALE_IS_SESSION (self), NULL);

  return self->gex_board;
}

static void
record_cb (WhaleSession      *self,
           WhaleChannelState *state,
           WhaleRecord       *record)
{
  /* The board ignores other tickers' rows, e.g. late frames of the previous one. */
  if (self->gex_board != NULL && (WHALE_IS_GEX_STRIKE (record) || WHALE_IS_GEX_UPDATE (record)))
    whale_gex_board_add (self->gex_board, record);
}

WhaleSession *
whale_session_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (WHALE_TYPE_SESSION, "settings", settings, NULL);
}

static double
env_rate (const char *name)
{
  const char *text = g_getenv (name);
  char *end = NULL;
  double rate;

  if (text == NULL || text[0] == '\0')
    return -1;
  rate = g_ascii_strtod (text, &end);
  if (*end != '\0' || !(rate >= 0))
    {
      g_warning ("Ignoring %s=%s: not a rate", name, text);
      return -1;
    }
  return rate;
}

/* The benchmark's option-trades flood, into a feed nothing shows: the worst case for the
 * main loop, as nothing limits it to what is on screen. */
static void
subscribe_bench_feed (WhaleSession *self)
{
  const WhaleChannelInfo *info = whale_channel_info_lookup ("option-trades");
  WhaleChannelState *state;

  g_assert (info != NULL);

  self->bench_feed = whale_feed_new (whale_record_kind_get_record_type (info->kind),
                                     g_settings_get_uint (self->settings, "max-rows"));
  state = whale_stream_subscribe (self->stream, info, NULL, NULL, self->bench_feed);
  if (state != NULL)
    self->bench_state = g_object_ref (state);
}

static void
whale_session_constructed (GObject *object)
{
  WhaleSession *self = WHALE_SESSION (object);
  guint capacity;

  G_OBJECT_CLASS (whale_session_parent_class)->constructed (object);

  g_assert (self->settings != NULL);

  capacity = g_settings_get_uint (self->settings, "max-rows");
  for (int i = 0; i < N_FEEDS; i++)
    {
      const WhaleChannelInfo *info = whale_channel_info_lookup (feed_ids[i]);

      g_assert (info != NULL);
      self->feeds[i] = whale_feed_new (whale_record_kind_get_record_type (info->kind), capacity);
    }

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* Subscriptions wait for the connection; start() connects. */
  subscribe_feed (self, FEED_FLOW);
  update_gex_ticker (self);
  update_experimental (self);

  self->bench_flow_rate = env_rate (ENV_SIMULATOR_RATE);
  self->bench_option_trades_rate = env_rate (ENV_SIMULATOR_OPTION_TRADES_RATE);
  if (self->bench_option_trades_rate > 0)
    subscribe_bench_feed (self);
}

static void
whale_session_dispose (GObject *object)
{
  WhaleSession *self = WHALE_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->stream != NULL && self->running)
    whale_stream_stop (self->stream);
  self->running = FALSE;
  if (self->simulator != NULL)
    whale_simulator_stop (self->simulator);
  g_clear_object (&self->simulator);

  for (int i = 0; i < N_FEEDS; i++)
    {
      g_clear_object (&self->states[i]);
      g_clear_object (&self->feeds[i]);
    }
  g_clear_object (&self->bench_state);
  g_clear_object (&self->bench_feed);
  g_clear_object (&self->gex_board);
  g_clear_object (&self->stream);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (whale_session_parent_class)->dispose (object);
}

static void
whale_session_finalize (GObject *object)
{
  WhaleSession *self = WHALE_SESSION (object);

  g_free (self->gex_ticker);
  g_free (self->keyring_error);
  g_hash_table_unref (self->gex_series);

  G_OBJECT_CLASS (whale_session_parent_class)->finalize (object);
}

static void
whale_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WhaleSession *self = WHALE_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    case PROP_SIMULATOR:
      g_value_set_object (value, self->simulator);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    case PROP_STARTED:
      g_value_set_boolean (value, self->started);
      break;
    case PROP_FLOW_FEED:
    case PROP_GEX_FEED:
    case PROP_GEX_STRIKE_FEED:
    case PROP_DARK_POOL_FEED:
    case PROP_MARKET_MOVERS_FEED:
    case PROP_CONGRESS_FEED:
      g_value_set_object (value, self->feeds[prop_id - PROP_FLOW_FEED]);
      break;
    case PROP_GEX_BOARD:
      g_value_set_object (value, self->gex_board);
      break;
    case PROP_KEYRING_ERROR:
      g_value_set_string (value, self->keyring_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_session_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WhaleSession *self = WHALE_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_session_class_init (WhaleSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = whale_session_constructed;
  object_class->dispose = whale_session_dispose;
  object_class->finalize = whale_session_finalize;
  object_class->get_property = whale_session_get_property;
  object_class->set_property = whale_session_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, WHALE_TYPE_STREAM, ro);
  properties[PROP_SIMULATOR] =
    g_param_spec_object ("simulator", NULL, NULL, WHALE_TYPE_SIMULATOR, ro);
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE, ro);
  properties[PROP_STARTED] =
    g_param_spec_boolean ("started", NULL, NULL, FALSE, ro);
  properties[PROP_FLOW_FEED] =
    g_param_spec_object ("flow-feed", NULL, NULL, WHALE_TYPE_FEED, ro);
  properties[PROP_GEX_FEED] =
    g_param_spec_object ("gex-feed", NULL, NULL, WHALE_TYPE_FEED, ro);
  properties[PROP_GEX_STRIKE_FEED] =
    g_param_spec_object ("gex-strike-feed", NULL, NULL, WHALE_TYPE_FEED, ro);
  properties[PROP_DARK_POOL_FEED] =
    g_param_spec_object ("dark-pool-feed", NULL, NULL, WHALE_TYPE_FEED, ro);
  properties[PROP_MARKET_MOVERS_FEED] =
    g_param_spec_object ("market-movers-feed", NULL, NULL, WHALE_TYPE_FEED, ro);
  properties[PROP_CONGRESS_FEED] =
    g_param_spec_object ("congress-feed", NULL, NULL, WHALE_TYPE_FEED, ro);
  properties[PROP_GEX_BOARD] =
    g_param_spec_object ("gex-board", NULL, NULL, WHALE_TYPE_GEX_BOARD, ro);
  properties[PROP_KEYRING_ERROR] =
    g_param_spec_string ("keyring-error", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANNELS_CHANGED] =
    g_signal_new ("channels-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
whale_session_init (WhaleSession *self)
{
  self->stream = whale_stream_new ();
  g_signal_connect_object (self->stream, "record", G_CALLBACK (record_cb), self, G_CONNECT_SWAPPED);
  self->cancellable = g_cancellable_new ();
  self->gex_series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_array_unref);
}
