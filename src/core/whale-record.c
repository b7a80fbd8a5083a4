/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-record"

#include "config.h"

#include "whale-record.h"
#include "whale-record-private.h"

#include "whale-frame.h"
#include "whale-json.h"

#include <math.h>
#include <string.h>

#include "whale-congress-trade.h"
#include "whale-dark-pool-trade.h"
#include "whale-flow-alert.h"
#include "whale-gex-strike.h"
#include "whale-gex-update.h"
#include "whale-market-mover.h"
#include "whale-news.h"
#include "whale-option-trade.h"
#include "whale-price.h"
#include "whale-raw-event.h"

/* A record owns two blocks at most: its strings (every STRING and STRV value, packed
 * by the decoder) and its frame or payload text. Eviction from a full feed frees a
 * record per frame received, so that costs two free()s, not one per string. */
typedef struct
{
  const char *channel;  /* interned */
  gpointer    strings;
  gpointer    payload;  /* the text, or the frame to cut it from (PAYLOAD_FRAME set) */
  guint64     present;
} WhaleRecordPrivate;

/* Tags the payload pointer as a GBytes frame, so the private part stays 32 bytes (GLib
 * rounds it up to 16): both kinds of pointer are at least 8-byte aligned. */
#define PAYLOAD_FRAME ((guintptr) 1)

static inline GBytes *
payload_frame (WhaleRecordPrivate *priv)
{
  return ((guintptr) priv->payload & PAYLOAD_FRAME)
         ? (GBytes *) ((guintptr) priv->payload & ~PAYLOAD_FRAME) : NULL;
}

static void
clear_payload (WhaleRecordPrivate *priv)
{
  GBytes *frame = payload_frame (priv);

  if (frame != NULL)
    g_bytes_unref (frame);
  else
    g_free (priv->payload);
  priv->payload = NULL;
}

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (WhaleRecord, whale_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHANNEL,
  PROP_TICKER,
  PROP_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *kind_names[] = {
  [WHALE_RECORD_FLOW_ALERT] = "flow-alert",
  [WHALE_RECORD_GEX] = "gex",
  [WHALE_RECORD_GEX_STRIKE] = "gex-strike",
  [WHALE_RECORD_OPTION_TRADE] = "option-trade",
  [WHALE_RECORD_DARK_POOL_TRADE] = "dark-pool-trade",
  [WHALE_RECORD_PRICE] = "price",
  [WHALE_RECORD_NEWS] = "news",
  [WHALE_RECORD_MARKET_MOVER] = "market-mover",
  [WHALE_RECORD_CONGRESS_TRADE] = "congress-trade",
  [WHALE_RECORD_RAW] = "raw",
};

const char *
whale_record_kind_to_string (WhaleRecordKind kind)
{
  g_return_val_if_fail (kind <= WHALE_RECORD_RAW, NULL);

  return kind_names[kind];
}

GType
whale_record_kind_get_record_type (WhaleRecordKind kind)
{
  switch (kind)
    {
    case WHALE_RECORD_FLOW_ALERT: return WHALE_TYPE_FLOW_ALERT;
    case WHALE_RECORD_GEX: return WHALE_TYPE_GEX_UPDATE;
    case WHALE_RECORD_GEX_STRIKE: return WHALE_TYPE_GEX_STRIKE;
    case WHALE_RECORD_OPTION_TRADE: return WHALE_TYPE_OPTION_TRADE;
    case WHALE_RECORD_DARK_POOL_TRADE: return WHALE_TYPE_DARK_POOL_TRADE;
    case WHALE_RECORD_PRICE: return WHALE_TYPE_PRICE;
    case WHALE_RECORD_NEWS: return WHALE_TYPE_NEWS;
    case WHALE_RECORD_MARKET_MOVER: return WHALE_TYPE_MARKET_MOVER;
    case WHALE_RECORD_CONGRESS_TRADE: return WHALE_TYPE_CONGRESS_TRADE;
    case WHALE_RECORD_RAW: return WHALE_TYPE_RAW_EVENT;
    default: g_return_val_if_reached (G_TYPE_INVALID);
    }
}

static inline guint
field_index (WhaleRecordClass *klass,
             const WhaleField *field)
{
  g_assert (field >= klass->fields && field < klass->fields + klass->n_fields);
  return field - klass->fields;
}

gpointer
whale_record_field_slot (WhaleRecord      *self,
                         const WhaleField *field)
{
  return (guint8 *) self + field->offset;
}

void
whale_record_mark_present (WhaleRecord      *self,
                           const WhaleField *field)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  priv->present |= G_GUINT64_CONSTANT (1) << field_index (WHALE_RECORD_GET_CLASS (self), field);
}

void
whale_record_mark_present_mask (WhaleRecord *self,
                                guint64      mask)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  g_assert (WHALE_RECORD_GET_CLASS (self)->n_fields >= 64
            || mask >> WHALE_RECORD_GET_CLASS (self)->n_fields == 0);
  priv->present |= mask;
}

gboolean
whale_record_has_field (WhaleRecord      *self,
                        const WhaleField *field)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  g_return_val_if_fail (WHALE_IS_RECORD (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return (priv->present >> field_index (WHALE_RECORD_GET_CLASS (self), field)) & 1;
}

double
whale_record_get_number (WhaleRecord      *self,
                         const WhaleField *field)
{
  g_return_val_if_fail (WHALE_IS_RECORD (self), NAN);
  g_return_val_if_fail (field != NULL, NAN);

  switch (field->type)
    {
    case WHALE_FIELD_NUMBER:
      return *(double *) whale_record_field_slot (self, field);
    case WHALE_FIELD_TIME:
      return whale_record_has_field (self, field)
             ? (double) *(gint64 *) whale_record_field_slot (self, field) : NAN;
    case WHALE_FIELD_BOOLEAN:
      return *(guint8 *) whale_record_field_slot (self, field) ? 1.0 : 0.0;
    default:
      return NAN;
    }
}

const char *
whale_record_get_string (WhaleRecord      *self,
                         const WhaleField *field)
{
  g_return_val_if_fail (WHALE_IS_RECORD (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (field->type != WHALE_FIELD_STRING && field->type != WHALE_FIELD_SYMBOL)
    return NULL;
  return *(const char **) whale_record_field_slot (self, field);
}

char **
whale_strv_dup (const WhaleStrv *strv)
{
  char **copy;
  const char *item;

  g_return_val_if_fail (strv != NULL, NULL);

  copy = g_new (char *, strv->n_items + 1);
  item = whale_strv_first (strv);
  for (guint i = 0; i < strv->n_items; i++, item = whale_strv_next (item))
    copy[i] = g_strdup (item);
  copy[strv->n_items] = NULL;
  return copy;
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  if (dt == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, ms);
  {
    g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

    return g_strdup_printf ("%s.%03dZ", base, (int) (ms % 1000 + 1000) % 1000);
  }
}

char *
whale_record_format_two_decimals (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buf, sizeof buf, "%.2f", value);
  /* The zeros after the point ("%.2f" always writes one) say nothing: "2.50" -> "2.5",
   * "3.00" -> "3". */
  for (end = buf + strlen (buf) - 1; *end == '0'; end--)
    *end = '\0';
  if (*end == '.')
    *end = '\0';
  return g_strdup (strcmp (buf, "-0") == 0 ? "0" : buf);
}

char *
whale_record_format_field (WhaleRecord      *self,
                           const WhaleField *field)
{
  gpointer slot;

  g_return_val_if_fail (WHALE_IS_RECORD (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (!whale_record_has_field (self, field))
    return NULL;

  slot = whale_record_field_slot (self, field);
  switch (field->type)
    {
    case WHALE_FIELD_STRING:
    case WHALE_FIELD_SYMBOL:
      return g_strdup (*(const char **) slot);
    case WHALE_FIELD_NUMBER:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.12g", *(double *) slot));
      }
    case WHALE_FIELD_TIME:
      return format_time (*(gint64 *) slot);
    case WHALE_FIELD_BOOLEAN:
      return g_strdup (*(guint8 *) slot ? "true" : "false");
    case WHALE_FIELD_STRV:
      {
        g_auto(GStrv) items = whale_strv_dup (*(const WhaleStrv **) slot);

        return g_strjoinv (", ", items);
      }
    default:
      g_assert_not_reached ();
    }
}

void
whale_record_append_json (WhaleRecord *self,
                          GString     *out)
{
  WhaleRecordClass *klass;
  const char *payload;

  g_return_if_fail (WHALE_IS_RECORD (self));
  g_return_if_fail (out != NULL);

  klass = WHALE_RECORD_GET_CLASS (self);

  g_string_append_c (out, '{');
  whale_json_append_member (out, "channel", TRUE);
  whale_json_append_string (out, whale_record_get_channel (self) ? whale_record_get_channel (self)
                                                                  : "");
  whale_json_append_member (out, "kind", FALSE);
  whale_json_append_string (out, klass->kind_name);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const WhaleField *field = &klass->fields[i];
      gpointer slot = whale_record_field_slot (self, field);

      if (!whale_record_has_field (self, field))
        continue;

      whale_json_append_member (out, field->name, FALSE);
      switch (field->type)
        {
        case WHALE_FIELD_STRING:
        case WHALE_FIELD_SYMBOL:
          whale_json_append_string (out, *(const char **) slot);
          break;
        case WHALE_FIELD_NUMBER:
          whale_json_append_number (out, *(double *) slot);
          break;
        case WHALE_FIELD_TIME:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, *(gint64 *) slot);
          break;
        case WHALE_FIELD_BOOLEAN:
          g_string_append (out, *(guint8 *) slot ? "true" : "false");
          break;
        case WHALE_FIELD_STRV:
          {
            const WhaleStrv *strv = *(const WhaleStrv **) slot;
            const char *item = whale_strv_first (strv);

            g_string_append_c (out, '[');
            for (guint j = 0; j < strv->n_items; j++, item = whale_strv_next (item))
              {
                if (j > 0)
                  g_string_append_c (out, ',');
                whale_json_append_string (out, item);
              }
            g_string_append_c (out, ']');
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* A raw event has no fields of its own: its payload, as the decoder kept it (compact
   * JSON text), is the record. */
  payload = whale_record_get_payload (self);
  if (klass->kind == WHALE_RECORD_RAW && payload != NULL)
    {
      whale_json_append_member (out, "payload", FALSE);
      g_string_append (out, payload);
    }
  g_string_append_c (out, '}');
}

char *
whale_record_to_json_line (WhaleRecord *self)
{
  GString *out;

  g_return_val_if_fail (WHALE_IS_RECORD (self), NULL);

  out = g_string_sized_new (256);
  whale_record_append_json (self, out);
  return g_string_free (out, FALSE);
}

static void
whale_record_field_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WhaleRecordClass *klass = WHALE_RECORD_CLASS (g_type_class_peek (pspec->owner_type));
  const WhaleField *field;
  gpointer slot;

  g_assert (prop_id >= 1 && prop_id <= klass->n_fields);

  field = &klass->fields[prop_id - 1];
  slot = whale_record_field_slot (WHALE_RECORD (object), field);
  switch (field->type)
    {
    case WHALE_FIELD_STRING:
    case WHALE_FIELD_SYMBOL:
      g_value_set_string (value, *(const char **) slot);
      break;
    case WHALE_FIELD_NUMBER:
      g_value_set_double (value, *(double *) slot);
      break;
    case WHALE_FIELD_TIME:
      g_value_set_int64 (value, *(gint64 *) slot);
      break;
    case WHALE_FIELD_BOOLEAN:
      g_value_set_boolean (value, *(guint8 *) slot);
      break;
    case WHALE_FIELD_STRV:
      g_value_take_boxed (value, *(const WhaleStrv **) slot != NULL
                                 ? whale_strv_dup (*(const WhaleStrv **) slot) : NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
whale_record_class_set_fields (WhaleRecordClass *klass,
                               const WhaleField *fields,
                               guint             n_fields)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  g_return_if_fail (n_fields <= 64);

  klass->fields = fields;
  klass->n_fields = n_fields;
  object_class->get_property = whale_record_field_get_property;

  if (klass->ticker_field != NULL)
    klass->ticker_entry = whale_record_class_find_field (klass, klass->ticker_field);
  if (klass->time_field != NULL)
    {
      klass->time_entry = whale_record_class_find_field (klass, klass->time_field);
      g_assert (klass->time_entry != NULL && klass->time_entry->type == WHALE_FIELD_TIME);
    }

  /* One copy of a blank instance's fields per class, for constructed(). */
  {
    GTypeQuery query;

    g_type_query (G_TYPE_FROM_CLASS (klass), &query);
    g_assert (query.instance_size >= sizeof (WhaleRecord));
    klass->blank_size = query.instance_size - sizeof (WhaleRecord);
    klass->blank = g_malloc0 (MAX (klass->blank_size, 1));  /* lives as long as the class */
    for (guint i = 0; i < n_fields; i++)
      if (fields[i].type == WHALE_FIELD_NUMBER)
        *(double *) ((guint8 *) klass->blank - sizeof (WhaleRecord) + fields[i].offset) = NAN;
  }

  for (guint i = 0; i < n_fields; i++)
    {
      const WhaleField *field = &fields[i];
      /* Property names are kebab-case, interned: they live as long as the class. */
      g_autofree char *kebab = g_strdelimit (g_strdup (field->name), "_", '-');
      const char *name = g_intern_string (kebab);
      GParamSpec *pspec;

      switch (field->type)
        {
        case WHALE_FIELD_STRING:
        case WHALE_FIELD_SYMBOL:
          pspec = g_param_spec_string (name, field->label, NULL, NULL, flags);
          break;
        case WHALE_FIELD_NUMBER:
          pspec = g_param_spec_double (name, field->label, NULL,
                                       -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
          break;
        case WHALE_FIELD_TIME:
          pspec = g_param_spec_int64 (name, field->label, NULL,
                                      G_MININT64, G_MAXINT64, 0, flags);
          break;
        case WHALE_FIELD_BOOLEAN:
          pspec = g_param_spec_boolean (name, field->label, NULL, FALSE, flags);
          break;
        case WHALE_FIELD_STRV:
          pspec = g_param_spec_boxed (name, field->label, NULL, G_TYPE_STRV, flags);
          break;
        default:
          g_assert_not_reached ();
        }
      g_object_class_install_property (object_class, i + 1, pspec);
    }
}

const WhaleField *
whale_record_class_get_fields (WhaleRecordClass *klass,
                               guint            *n_fields)
{
  g_return_val_if_fail (WHALE_IS_RECORD_CLASS (klass), NULL);

  if (n_fields != NULL)
    *n_fields = klass->n_fields;
  return klass->fields;
}

const WhaleField *
whale_record_class_find_field (WhaleRecordClass *klass,
                               const char       *name)
{
  g_return_val_if_fail (WHALE_IS_RECORD_CLASS (klass), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < klass->n_fields; i++)
    if (strcmp (klass->fields[i].name, name) == 0)
      return &klass->fields[i];
  return NULL;
}

WhaleRecordKind
whale_record_get_kind (WhaleRecord *self)
{
  g_return_val_if_fail (WHALE_IS_RECORD (self), WHALE_RECORD_RAW);

  return WHALE_RECORD_GET_CLASS (self)->kind;
}

const char *
whale_record_get_channel (WhaleRecord *self)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  g_return_val_if_fail (WHALE_IS_RECORD (self), NULL);

  return priv->channel;
}

void
whale_record_set_channel (WhaleRecord *self,
                          const char  *channel)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  g_return_if_fail (WHALE_IS_RECORD (self));

  priv->channel = g_intern_string (channel);
}

void
whale_record_set_interned_channel (WhaleRecord *self,
                                   const char  *channel)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  priv->channel = channel;
}

const char *
whale_record_get_ticker (WhaleRecord *self)
{
  WhaleRecordClass *klass;

  g_return_val_if_fail (WHALE_IS_RECORD (self), NULL);

  klass = WHALE_RECORD_GET_CLASS (self);
  return klass->ticker_entry != NULL ? whale_record_get_string (self, klass->ticker_entry) : NULL;
}

gint64
whale_record_get_time (WhaleRecord *self)
{
  WhaleRecordClass *klass;

  g_return_val_if_fail (WHALE_IS_RECORD (self), 0);

  klass = WHALE_RECORD_GET_CLASS (self);
  return klass->time_entry != NULL
         ? *(gint64 *) whale_record_field_slot (self, klass->time_entry) : 0;
}

/* The payload text, cut from the frame the first time it is asked for. */
const char *
whale_record_get_payload (WhaleRecord *self)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);
  GBytes *frame;

  g_return_val_if_fail (WHALE_IS_RECORD (self), NULL);

  frame = payload_frame (priv);
  if (frame != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (frame, &len);
      char *text = whale_frame_payload_text (data, len);

      clear_payload (priv);
      priv->payload = text;
    }
  return priv->payload;
}

void
whale_record_take_payload (WhaleRecord *self,
                           char        *payload)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  g_return_if_fail (WHALE_IS_RECORD (self));

  clear_payload (priv);
  priv->payload = payload;
}

void
whale_record_take_frame (WhaleRecord *self,
                         GBytes      *frame)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  g_assert (((guintptr) frame & PAYLOAD_FRAME) == 0);
  clear_payload (priv);
  priv->payload = (gpointer) ((guintptr) frame | PAYLOAD_FRAME);
}

GBytes *
whale_record_peek_frame (WhaleRecord *self)
{
  return payload_frame (whale_record_get_instance_private (self));
}

void
whale_record_prefetch (WhaleRecord *self)
{
  __builtin_prefetch (self, 1);
  __builtin_prefetch (whale_record_get_instance_private (self), 1);
}

void
whale_record_prefetch_blocks (WhaleRecord *self)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);
  GBytes *frame = payload_frame (priv);

  /* free() reads the malloc header just before a block. */
  if (priv->strings != NULL)
    __builtin_prefetch ((char *) priv->strings - 16, 1);
  if (frame != NULL)
    __builtin_prefetch (frame, 1);
}

void
whale_record_take_strings (WhaleRecord *self,
                           gpointer     block)
{
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  g_free (priv->strings);
  priv->strings = block;
}

/* A record as a new one is: its blocks freed, no channel, nothing present, and its
 * fields as the class's blank instance has them (numbers NaN, the rest 0). */
static void
reset_instance (WhaleRecord *self)
{
  WhaleRecordClass *klass = WHALE_RECORD_GET_CLASS (self);
  WhaleRecordPrivate *priv = whale_record_get_instance_private (self);

  g_clear_pointer (&priv->strings, g_free);
  clear_payload (priv);
  priv->channel = NULL;
  priv->present = 0;
  if (klass->blank != NULL)
    memcpy ((guint8 *) self + sizeof (WhaleRecord), klass->blank, klass->blank_size);
}

/* Records a full feed lets go of, kept for the decoder to fill again. A full feed lets go
 * of one record per frame received, and a GObject's construction and finalization (the
 * notify queue frozen and thawed in qdata, the signal and type machinery) cost a third
 * of what decoding a flow alert's 36 fields does. Only a record nothing else holds is
 * kept: one reference and no qdata, so no weak or toggle references and no data another
 * part attached. Signal handlers are not seen (see whale_record_release()). Per thread,
 * per class, at most WHALE_RECORD_POOL_MAX each; the rest are freed as before. */
typedef struct
{
  guint        len;
  WhaleRecord *items[WHALE_RECORD_POOL_MAX];
} Pool;

/* By class, not kind: a test's own record class may share a kind with a real one. */
typedef struct
{
  WhaleRecordClass *klass[16];
  Pool             *pool[16];
} Pools;

static _Thread_local Pools *thread_pools;

/* Run on the thread itself, as it ends. */
static void
pools_free (gpointer data)
{
  Pools *pools = data;

  thread_pools = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (pools->pool) && pools->pool[i] != NULL; i++)
    {
      for (guint j = 0; j < pools->pool[i]->len; j++)
        g_object_unref (pools->pool[i]->items[j]);
      g_free (pools->pool[i]);
    }
  g_free (pools);
}

/* The GPrivate only frees a thread's pools when it ends; lookups go through the plain
 * thread-local pointer, one load instead of a pthread_getspecific() call. */
static GPrivate pools_key = G_PRIVATE_INIT (pools_free);

/* @klass's pool on this thread; NULL if it has none and @create is FALSE, or if this
 * thread already pools as many classes as there are. */
static Pool *
pool_get (WhaleRecordClass *klass,
          gboolean          create)
{
  Pools *pools = thread_pools;
  guint i;

  if (pools == NULL)
    {
      if (!create)
        return NULL;
      pools = g_new0 (Pools, 1);
      thread_pools = pools;
      g_private_set (&pools_key, pools);
    }
  for (i = 0; i < G_N_ELEMENTS (pools->klass) && pools->klass[i] != NULL; i++)
    if (pools->klass[i] == klass)
      return pools->pool[i];
  if (!create || i == G_N_ELEMENTS (pools->klass))
    return NULL;
  pools->klass[i] = klass;
  pools->pool[i] = g_new (Pool, 1);
  pools->pool[i]->len = 0;
  return pools->pool[i];
}

WhaleRecord *
whale_record_new_blank (WhaleRecordClass *klass)
{
  Pool *pool = pool_get (klass, FALSE);

  if (pool != NULL && pool->len > 0)
    return pool->items[--pool->len];
  return WHALE_RECORD (g_object_new_with_properties (G_TYPE_FROM_CLASS (klass), 0, NULL, NULL));
}

void
whale_record_release (WhaleRecord *self)
{
  GObject *object = G_OBJECT (self);
  Pool *pool;

  /* ref_count and qdata are GObject's own fields: read, never written. With one
   * reference, ours, no other thread can take another. */
  if (g_atomic_int_get (&object->ref_count) != 1 || object->qdata != NULL
      || (pool = pool_get (WHALE_RECORD_GET_CLASS (self), TRUE)) == NULL
      || pool->len == WHALE_RECORD_POOL_MAX)
    {
      g_object_unref (self);
      return;
    }

  reset_instance (self);
  pool->items[pool->len++] = self;
}

static void
whale_record_finalize (GObject *object)
{
  reset_instance (WHALE_RECORD (object));

  G_OBJECT_CLASS (whale_record_parent_class)->finalize (object);
}

/* Numbers start missing (NaN), not zero: the instance is complete only here. */
static void
whale_record_constructed (GObject *object)
{
  G_OBJECT_CLASS (whale_record_parent_class)->constructed (object);

  reset_instance (WHALE_RECORD (object));
}

static void
whale_record_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  WhaleRecord *self = WHALE_RECORD (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      g_value_set_string (value, whale_record_get_channel (self));
      break;
    case PROP_TICKER:
      g_value_set_string (value, whale_record_get_ticker (self));
      break;
    case PROP_TIME:
      g_value_set_int64 (value, whale_record_get_time (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
whale_record_class_init (WhaleRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = whale_record_constructed;
  object_class->finalize = whale_record_finalize;
  object_class->get_property = whale_record_get_property;

  properties[PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Named to stay clear of the subclasses' own field properties. */
  properties[PROP_TICKER] =
    g_param_spec_string ("record-ticker", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TIME] =
    g_param_spec_int64 ("record-time", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
whale_record_init (WhaleRecord *self)
{
}
