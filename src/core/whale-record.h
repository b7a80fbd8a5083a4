/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "whale-types.h"

G_BEGIN_DECLS

/* How a field is stored and read off the wire. */
typedef enum
{
  WHALE_FIELD_STRING,   /* char *, in the record's string block; NULL = missing */
  WHALE_FIELD_SYMBOL,   /* const char *, interned up to WHALE_FRAME_MAX_SYMBOLS (tickers, rules,
                         * exchanges): compare by text, not pointer; NULL = missing */
  WHALE_FIELD_NUMBER,   /* double; NaN = missing. Wire: number | numeric string | "" | null.
                         * Counts and sizes too: doubles are exact to 2^53 */
  WHALE_FIELD_TIME,     /* gint64 epoch ms; 0 = missing. Wire: ms number/string or ISO-8601 */
  WHALE_FIELD_BOOLEAN,  /* guint8, 0 or 1 (a byte: a record holds many); missing = FALSE (one
                         * delivery path omits false fields) */
  WHALE_FIELD_STRV,     /* const WhaleStrv *, in the record's string block; NULL = missing */
} WhaleFieldType;

/* A list of strings as a record keeps it: the count, then the items, each
 * NUL-terminated, one after the other. No pointer array: a flow alert's trade ids alone
 * would cost a pointer each, in every row of a 20 000-row feed. Walk it with
 * whale_strv_first() and whale_strv_next(). */
typedef struct
{
  guint32 n_items;
  char    items[];
} WhaleStrv;

static inline const char *
whale_strv_first (const WhaleStrv *strv)
{
  return strv->items;
}

static inline const char *
whale_strv_next (const char *item)
{
  return item + strlen (item) + 1;
}

/* A NULL-terminated copy, for GValues and callers that want a GStrv. */
char             **whale_strv_dup (const WhaleStrv *strv);

typedef enum
{
  WHALE_FIELD_WIRE     = 0,
  WHALE_FIELD_DERIVED  = 1 << 0, /* computed by the class's finish(), never read off the wire */
  WHALE_FIELD_IDENTITY = 1 << 1, /* a record without it is malformed */
} WhaleFieldFlags;

/* One field of a record class. The property name is the name with '_' -> '-'. */
typedef struct
{
  const char      *name;    /* UW's own name on the wire and in JSON output */
  WhaleFieldType   type;
  guint            offset;  /* of the value in the instance struct */
  WhaleFieldFlags  flags;
  const char      *label;   /* untranslated human label for details views */
} WhaleField;

#define WHALE_TYPE_RECORD (whale_record_get_type ())
G_DECLARE_DERIVABLE_TYPE (WhaleRecord, whale_record, WHALE, RECORD, GObject)

struct _WhaleRecordClass
{
  GObjectClass       parent_class;

  WhaleRecordKind    kind;
  const char        *kind_name;     /* "flow-alert", "gex", ... as in CLI output */
  const WhaleField  *fields;
  guint              n_fields;
  const char        *ticker_field;  /* field holding the underlying ticker, or NULL */
  const char        *time_field;    /* field holding the event time, or NULL */
  gboolean           keep_payload;  /* keep the raw payload text (details view) */

  /* Computes derived fields after decoding; FALSE if the record is malformed. */
  gboolean         (*finish)        (WhaleRecord *self);

  /*< private >*/
  /* Resolved by whale_record_class_set_fields(), once per class. */
  const WhaleField  *ticker_entry;
  const WhaleField  *time_entry;
  gpointer           blank;         /* a new instance's fields: numbers NaN, the rest 0 */
  gsize              blank_size;
};

/* For record classes: installs one read-only property per field. */
void               whale_record_class_set_fields (WhaleRecordClass *klass,
                                                  const WhaleField *fields,
                                                  guint             n_fields);

GType              whale_record_kind_get_record_type (WhaleRecordKind kind);
const char        *whale_record_kind_to_string   (WhaleRecordKind   kind);

WhaleRecordKind    whale_record_get_kind         (WhaleRecord      *self);
const char        *whale_record_get_channel      (WhaleRecord      *self);
void               whale_record_set_channel      (WhaleRecord      *self,
                                                  const char       *channel);
const char        *whale_record_get_ticker       (WhaleRecord      *self);
gint64             whale_record_get_time         (WhaleRecord      *self);
const char        *whale_record_get_payload      (WhaleRecord      *self);
void               whale_record_take_payload     (WhaleRecord      *self,
                                                  char             *payload);

const WhaleField  *whale_record_class_get_fields (WhaleRecordClass *klass,
                                                  guint            *n_fields);
const WhaleField  *whale_record_class_find_field (WhaleRecordClass *klass,
                                                  const char       *name);

/* Field access by table entry. */
gboolean           whale_record_has_field        (WhaleRecord      *self,
                                                  const WhaleField *field);
double             whale_record_get_number       (WhaleRecord      *self,
                                                  const WhaleField *field);
const char        *whale_record_get_string       (WhaleRecord      *self,
                                                  const WhaleField *field);
/* Any present field as display text ("0.84", "2026-01-16T14:30:00.050Z", "a, b"); NULL when missing. */
char              *whale_record_format_field     (WhaleRecord      *self,
                                                  const WhaleField *field);
/* A figure Whalewatch computed (% OTM, vol/OI), to two decimals at most in the C locale:
 * 7.38283575742 -> "7.38", 2.5 -> "2.5", -0.001 -> "0". */
char              *whale_record_format_two_decimals (double         value);

/* Appends the record as one JSON object: {"channel","kind", fields under UW's names}
 * with missing fields left out, numbers in their shortest exact form, and a raw
 * event's payload under "payload". */
void               whale_record_append_json      (WhaleRecord      *self,
                                                  GString          *out);
char              *whale_record_to_json_line     (WhaleRecord      *self);

/* For decoders: where a field's value lives, and its presence bit (set for every
 * field that was read or derived; classes have at most 64 fields). */
gpointer           whale_record_field_slot       (WhaleRecord      *self,
                                                  const WhaleField *field);
void               whale_record_mark_present     (WhaleRecord      *self,
                                                  const WhaleField *field);

G_END_DECLS
