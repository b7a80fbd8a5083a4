/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-channel-state"

#include "config.h"

#include "whale-channel-state.h"
#include "whale-channel-state-private.h"

#include <math.h>

#include "whale-enums.h"

/* Smoothing of the rate: an exponential average with this time constant. */
#define RATE_TAU_SECONDS 2.0

struct _WhaleChannelState
{
  GObject                 parent_instance;

  const WhaleChannelInfo *info;
  WhaleRecordKind         kind;
  char                   *ticker;
  char                   *wire_name;
  WhaleChannelStatus      status;
  char                   *reason;
  WhaleFeed              *feed;

  /* Counted on the hot path, notified by publish(). */
  guint64                 frames;
  guint64                 records;
  guint64                 errors;
  gint64                  last_update;

  /* What was last notified; the getters and properties always give the live values. */
  guint64                 published_frames;
  guint64                 published_records;
  guint64                 published_errors;
  gint64                  published_last_update;
  gint64                  published_at;
  double                  rate;
};

G_DEFINE_FINAL_TYPE (WhaleChannelState, whale_channel_state, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INFO,
  PROP_KIND,
  PROP_TICKER,
  PROP_WIRE_NAME,
  PROP_STATUS,
  PROP_REASON,
  PROP_FEED,
  PROP_FRAMES,
  PROP_RECORDS,
  PROP_ERRORS,
  PROP_LAST_UPDATE,
  PROP_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
whale_channel_state_dispose (GObject *object)
{
  WhaleChannelState *self = WHALE_CHANNEL_STATE (object);

  g_clear_object (&self->feed);

  G_OBJECT_CLASS (whale_channel_state_parent_class)->dispose (object);
}

static void
whale_channel_state_finalize (GObject *object)
{
  WhaleChannelState *self = WHALE_CHANNEL_STATE (object);

  g_clear_pointer (&self->ticker, g_free);
  g_clear_pointer (&self->wire_name, g_free);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (whale_channel_state_parent_class)->finalize (object);
}

static void
whale_channel_state_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  WhaleChannelState *self = WHALE_CHANNEL_STATE (object);

  switch (prop_id)
    {
    case PROP_INFO:
      g_value_set_pointer (value, (gpointer) self->info);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TICKER:
      g_value_set_string (value, self->ticker);
      break;
    case PROP_WIRE_NAME:
      g_value_set_string (value, self->wire_name);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_FEED:
      g_value_set_object (value, self->feed);
      break;
    case PROP_FRAMES:
      g_value_set_uint64 (value, self->frames);
      break;
    case PROP_RECORDS:
      g_value_set_uint64 (value, self->records);
      break;
    case PROP_ERRORS:
      g_value_set_uint64 (value, self->errors);
      break;
    case PROP_LAST_UPDATE:
      g_value_set_int64 (value, self->last_update);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_channel_state_class_init (WhaleChannelStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = whale_channel_state_dispose;
  object_class->finalize = whale_channel_state_finalize;
  object_class->get_property = whale_channel_state_get_property;

  properties[PROP_INFO] = g_param_spec_pointer ("info", NULL, NULL, ro);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, WHALE_TYPE_RECORD_KIND, WHALE_RECORD_RAW, ro);
  properties[PROP_TICKER] = g_param_spec_string ("ticker", NULL, NULL, NULL, ro);
  properties[PROP_WIRE_NAME] = g_param_spec_string ("wire-name", NULL, NULL, NULL, ro);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, WHALE_TYPE_CHANNEL_STATUS,
                       WHALE_CHANNEL_PENDING, ro);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, ro);
  properties[PROP_FEED] = g_param_spec_object ("feed", NULL, NULL, WHALE_TYPE_FEED, ro);
  properties[PROP_FRAMES] = g_param_spec_uint64 ("frames", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_RECORDS] = g_param_spec_uint64 ("records", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_ERRORS] = g_param_spec_uint64 ("errors", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_LAST_UPDATE] =
    g_param_spec_int64 ("last-update", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
whale_channel_state_init (WhaleChannelState *self)
{
  self->kind = WHALE_RECORD_RAW;
  self->status = WHALE_CHANNEL_PENDING;
}

WhaleChannelState *
whale_channel_state_new (const WhaleChannelInfo *info,
                         WhaleRecordKind         kind,
                         const char             *ticker,
                         const char             *wire_name,
                         WhaleFeed              *feed)
{
  WhaleChannelState *self;

  g_return_val_if_fail (wire_name != NULL, NULL);
  g_return_val_if_fail (feed == NULL || WHALE_IS_FEED (feed), NULL);

  self = g_object_new (WHALE_TYPE_CHANNEL_STATE, NULL);
  self->info = info;
  self->kind = kind;
  self->ticker = g_strdup (ticker);
  self->wire_name = g_strdup (wire_name);
  self->feed = feed != NULL ? g_object_ref (feed) : NULL;
  self->status = info != NULL && info->transport == WHALE_TRANSPORT_REST
                 ? WHALE_CHANNEL_POLLING : WHALE_CHANNEL_PENDING;
  return self;
}

void
whale_channel_state_set_status (WhaleChannelState  *self,
                                WhaleChannelStatus  status,
                                const char         *reason)
{
  g_return_if_fail (WHALE_IS_CHANNEL_STATE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  /* Waiting to be joined, a channel has no frames coming: its rate starts again. */
  if (status == WHALE_CHANNEL_PENDING)
    {
      self->published_at = 0;
      if (self->rate != 0)
        {
          self->rate = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
        }
    }
  if (g_strcmp0 (self->reason, reason) != 0)
    {
      g_free (self->reason);
      self->reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
whale_channel_state_count_frame (WhaleChannelState *self,
                                 gint64             now_us)
{
  self->frames++;
  self->last_update = now_us;
}

void
whale_channel_state_count_record (WhaleChannelState *self)
{
  self->records++;
}

void
whale_channel_state_count_error (WhaleChannelState *self)
{
  self->errors++;
}

void
whale_channel_state_publish (WhaleChannelState *self,
                             gint64             now_us)
{
  GObject *object = G_OBJECT (self);
  double rate = self->rate;

  g_return_if_fail (WHALE_IS_CHANNEL_STATE (self));

  if (self->published_at != 0 && now_us > self->published_at)
    {
      double seconds = (now_us - self->published_at) / (double) G_USEC_PER_SEC;
      double instant = (self->frames - self->published_frames) / seconds;
      double weight = 1.0 - exp (-seconds / RATE_TAU_SECONDS);

      /* Start at the first reading rather than creeping up from zero, and reach zero
       * once frames stop instead of decaying forever. */
      if (rate == 0.0)
        rate = instant;
      else
        rate += weight * (instant - rate);
      if (instant == 0.0 && rate < 0.01)
        rate = 0.0;
    }
  if (self->published_at == 0 || now_us > self->published_at)
    self->published_at = now_us;

  g_object_freeze_notify (object);
  if (self->published_frames != self->frames)
    {
      self->published_frames = self->frames;
      g_object_notify_by_pspec (object, properties[PROP_FRAMES]);
    }
  if (self->published_records != self->records)
    {
      self->published_records = self->records;
      g_object_notify_by_pspec (object, properties[PROP_RECORDS]);
    }
  if (self->published_errors != self->errors)
    {
      self->published_errors = self->errors;
      g_object_notify_by_pspec (object, properties[PROP_ERRORS]);
    }
  if (self->published_last_update != self->last_update)
    {
      self->published_last_update = self->last_update;
      g_object_notify_by_pspec (object, properties[PROP_LAST_UPDATE]);
    }
  if (rate != self->rate)
    {
      self->rate = rate;
      g_object_notify_by_pspec (object, properties[PROP_RATE]);
    }
  g_object_thaw_notify (object);
}

const WhaleChannelInfo *
whale_channel_state_get_info (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), NULL);

  return self->info;
}

WhaleRecordKind
whale_channel_state_get_kind (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), WHALE_RECORD_RAW);

  return self->kind;
}

const char *
whale_channel_state_get_ticker (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), NULL);

  return self->ticker;
}

const char *
whale_channel_state_get_wire_name (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), NULL);

  return self->wire_name;
}

WhaleChannelStatus
whale_channel_state_get_status (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), WHALE_CHANNEL_PENDING);

  return self->status;
}

const char *
whale_channel_state_get_reason (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), NULL);

  return self->reason;
}

WhaleFeed *
whale_channel_state_get_feed (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), NULL);

  return self->feed;
}

guint64
whale_channel_state_get_frames (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), 0);

  return self->frames;
}

guint64
whale_channel_state_get_records (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), 0);

  return self->records;
}

guint64
whale_channel_state_get_errors (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), 0);

  return self->errors;
}

gint64
whale_channel_state_get_last_update (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), 0);

  return self->last_update;
}

double
whale_channel_state_get_rate (WhaleChannelState *self)
{
  g_return_val_if_fail (WHALE_IS_CHANNEL_STATE (self), 0.0);

  return self->rate;
}
