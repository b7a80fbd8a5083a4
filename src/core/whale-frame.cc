/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-frame"

#include "config.h"

#include "whale-frame.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "whale-record-private.h"

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

/* UW frames are a few KiB at most; anything this big is broken or hostile. */
#define MAX_FRAME_BYTES ((size_t) 1 << 20)
/* REST bodies (100 congress rows, three mover lists) are larger but still small. */
#define MAX_REST_BYTES ((size_t) 64 << 20)
#define MAP_SLOTS 128  /* power of two, at least twice the 64 fields a class may have */
#define WHALE_FRAME_ORDER_LEN 64  /* members whose field decode_object() guesses */

G_DEFINE_QUARK (whale-frame-error-quark, whale_frame_error)

/* A record's strings while it is decoded: every STRING value, NUL-terminated, and every
 * STRV value as a WhaleStrv, side by side in one buffer the decoder reuses.
 * pack_strings() copies them into the record's one block when the record is complete:
 * a flow alert has three strings and three string lists, and a malloc() each cost more
 * than its decoding, in the decoder and again at eviction from a full feed. */
struct Strings
{
  char                 *text = nullptr;
  size_t                len = 0;
  size_t                cap = 0;
  guint32               at[64];     /* STRING or STRV field i: its offset into text */
  guint64               symbols;    /* SYMBOL fields kept here too: see intern() */

  Strings () = default;
  Strings (const Strings &) = delete;
  Strings &operator= (const Strings &) = delete;
  ~Strings ()
  {
    g_free (text);
  }

  void
  clear ()
  {
    len = 0;
    symbols = 0;
  }

  /* @n more bytes at the end, for the caller to fill: their offset. */
  guint32
  grow (size_t n)
  {
    guint32 offset = (guint32) len;

    if (len + n > cap)
      {
        cap = MAX (MAX (cap * 2, len + n), (size_t) 1024);
        text = (char *) g_realloc (text, cap);
      }
    len += n;
    return offset;
  }

  guint32
  add (std::string_view s)
  {
    guint32 offset = grow (s.size () + 1);

    memcpy (text + offset, s.data (), s.size ());
    text[offset + s.size ()] = '\0';
    return offset;
  }
};

struct _WhaleFrameDecoder
{
  simdjson::dom::parser  parser{MAX_FRAME_BYTES};
  simdjson::dom::parser  rest_parser{MAX_REST_BYTES};

  /* The frame text, copied with the padding simdjson reads past its end. */
  char                  *buf = nullptr;
  size_t                 cap = 0;
  size_t                 len = 0;
  GBytes                *frame = nullptr;  /* the text's own GBytes, if it came in one */

  bool                   have_payload = false;
  bool                   keep_payloads = true;
  object                 payload;
  const char            *channel = nullptr;
  std::string            reason;
  Strings                strings;
  /* Per record kind: the field at each member position last time (decode_object()). */
  gint8                  order[WHALE_RECORD_RAW + 1][WHALE_FRAME_ORDER_LEN];
};

/* Wire name -> field index of one record class, built once. */
struct FieldMap
{
  GType              type;
  WhaleRecordClass  *klass;
  const WhaleField  *fields;
  guint              n_fields;
  guint64            identity;
  guint64            block_fields;   /* STRING and STRV: in the record's string block */
  gint8              slots[MAP_SLOTS];
  guint8             name_lens[64];
  guint64            name_first[64];  /* the name's first and last eight bytes, */
  guint64            name_last[64];   /* as key_words() loads them */
};

static inline guint64
load_prefix (const char *key,
             size_t      len)
{
  guint64 word = 0;

  /* A fixed-size copy is one load; most keys are this long. A shorter one is put
   * together byte by byte, as a little-endian load would read it (dom_key_words()): a
   * memcpy() of a variable size is a call into libc. */
  if (len >= 8)
    memcpy (&word, key, 8);
  else
    for (size_t i = 0; i < len; i++)
      word |= (guint64) (guint8) key[i] << (8 * i);
  return word;
}

/* A key's first and last eight bytes: for names of up to 16 bytes, with the length,
 * the whole name. */
static inline void
key_words (const char *key,
           size_t      len,
           guint64    *first,
           guint64    *last)
{
  *first = load_prefix (key, len);
  *last = len > 8 ? load_prefix (key + len - 8, 8) : 0;
}

/* key_words() for a key inside simdjson's string buffer, which has padding after its
 * last string: the first word is one 8-byte load masked to the key's length, not a
 * copy of a variable size (a libc call for each of a flow alert's many short keys). */
static inline void
dom_key_words (const char *key,
               size_t      len,
               guint64    *first,
               guint64    *last)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  guint64 word;

  memcpy (&word, key, 8);
  *first = len >= 8 ? word : word & ((G_GUINT64_CONSTANT (1) << (len * 8)) - 1);
  *last = len > 8 ? load_prefix (key + len - 8, 8) : 0;
#else
  key_words (key, len, first, last);
#endif
}

/* Cheap and good enough for a few dozen names: the first and last eight bytes and
 * the length. A byte-at-a-time hash cost a third of a flow alert's decoding. */
static inline guint32
hash_words (guint64 first,
            guint64 last,
            size_t  len)
{
  guint64 h = (first * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15))
              ^ (last * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F)) ^ len;

  return (guint32) (h >> 32) ^ (guint32) h;
}

static inline guint32
hash_key (const char *key,
          size_t      len)
{
  guint64 first, last;

  key_words (key, len, &first, &last);
  return hash_words (first, last, len);
}

/* Whether @a, of @len bytes with the words @a_first and @a_last (key_words()), is @b,
 * whose words are @b_first and @b_last. Up to 16 bytes the words are the comparison. */
static inline bool
words_equal (const char *a,
             guint64     a_first,
             guint64     a_last,
             const char *b,
             guint64     b_first,
             guint64     b_last,
             size_t      len)
{
  return a_first == b_first && a_last == b_last
         && (len <= 16 || memcmp (a + 8, b + 8, len - 16) == 0);
}

/* Symbols new to the process that intern() was asked to bound. */
static std::atomic<guint> n_new_symbols;

/* g_intern_string() takes a global lock; tickers and rule names repeat, so a small
 * per-thread cache in front of it answers most lookups. Interned strings live
 * forever, so the cached pointers never dangle.
 *
 * @bounded is for values from the network (SYMBOL fields): a server sending ever new
 * tickers would otherwise grow the process without end. Past WHALE_FRAME_MAX_SYMBOLS
 * new ones, a string that is not interned yet is not: NULL, and the caller keeps it in
 * the record's own strings. */
static const char *
intern (std::string_view text,
        bool             bounded = false)
{
  /* A string's first and last words and length, as field names are compared: for up
   * to 16 bytes that is the comparison, with no call into libc. */
  struct Entry
  {
    guint64     first, last;
    size_t      len;
    const char *text;
  };
  static thread_local Entry cache[256];
  guint64 first, last;
  guint32 h;
  Entry *slot;

  key_words (text.data (), text.size (), &first, &last);
  h = hash_words (first, last, text.size ());
  slot = &cache[(h ^ (h >> 8)) & 255];
  if (slot->text != nullptr && slot->len == text.size ()
      && words_equal (slot->text, slot->first, slot->last, text.data (), first, last,
                      text.size ()))
    return slot->text;

  /* @text is NUL-terminated: it comes from simdjson's string buffer or a scratch one. */
  if (bounded)
    {
      GQuark known = g_quark_try_string (text.data ());

      if (known == 0)
        {
          if (n_new_symbols.load (std::memory_order_relaxed) >= WHALE_FRAME_MAX_SYMBOLS)
            return nullptr;
          n_new_symbols.fetch_add (1, std::memory_order_relaxed);
        }
    }
  *slot = Entry { first, last, text.size (), g_intern_string (text.data ()) };
  return slot->text;
}

static FieldMap *
build_field_maps (void)
{
  FieldMap *maps = g_new0 (FieldMap, WHALE_RECORD_RAW + 1);

  for (int kind = 0; kind <= WHALE_RECORD_RAW; kind++)
    {
      FieldMap *map = &maps[kind];

      map->type = whale_record_kind_get_record_type ((WhaleRecordKind) kind);
      /* Kept for the life of the process, like the type itself. */
      map->klass = WHALE_RECORD_CLASS (g_type_class_ref (map->type));
      map->fields = whale_record_class_get_fields (map->klass, &map->n_fields);
      memset (map->slots, -1, sizeof map->slots);

      g_assert (map->n_fields <= 64);
      for (guint i = 0; i < map->n_fields; i++)
        {
          const WhaleField *field = &map->fields[i];
          size_t len = strlen (field->name);
          guint32 slot;

          map->name_lens[i] = (guint8) MIN (len, 255);
          key_words (field->name, len, &map->name_first[i], &map->name_last[i]);
          if (field->flags & WHALE_FIELD_IDENTITY)
            map->identity |= G_GUINT64_CONSTANT (1) << i;
          if (field->type == WHALE_FIELD_STRING || field->type == WHALE_FIELD_STRV)
            map->block_fields |= G_GUINT64_CONSTANT (1) << i;
          if (field->flags & WHALE_FIELD_DERIVED)
            continue;

          slot = hash_key (field->name, len) & (MAP_SLOTS - 1);
          while (map->slots[slot] >= 0)
            slot = (slot + 1) & (MAP_SLOTS - 1);
          map->slots[slot] = (gint8) i;
        }
    }
  return maps;
}

static const FieldMap *
field_map_get (WhaleRecordKind kind)
{
  /* A function-local static is initialised once, thread-safely. */
  static FieldMap *maps = build_field_maps ();

  return &maps[kind];
}

/* Whether field @index is named @key, whose first and last words are given. */
static inline bool
field_map_is (const FieldMap   *map,
              int               index,
              std::string_view  key,
              guint64           first,
              guint64           last)
{
  return map->name_lens[index] == key.size ()
         && words_equal (map->fields[index].name, map->name_first[index],
                         map->name_last[index], key.data (), first, last, key.size ());
}

static inline int
field_map_lookup (const FieldMap   *map,
                  std::string_view  key,
                  guint64           first,
                  guint64           last)
{
  guint32 slot = hash_words (first, last, key.size ()) & (MAP_SLOTS - 1);

  for (;;)
    {
      int index = map->slots[slot];

      if (index < 0)
        return -1;
      if (field_map_is (map, index, key, first, last))
        return index;
      slot = (slot + 1) & (MAP_SLOTS - 1);
    }
}

/* Numbers UW sends as text. Plain decimals of up to 15 digits are converted exactly
 * here (both operands are exact doubles, so the division rounds correctly); the rest
 * go through g_ascii_strtod, which must consume the whole string. */
static bool
parse_numeric_text (std::string_view  text,
                    double           *out)
{
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  const char *p = text.data ();
  const char *end = p + text.size ();
  bool negative = false;
  guint64 mantissa = 0;
  int digits = 0, frac_digits = 0;
  char buf[128];
  char *parse_end;
  double value;

  if (text.empty ())
    return false;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; p < end && g_ascii_isdigit (*p); p++, digits++)
    mantissa = mantissa * 10 + (guint64) (*p - '0');
  if (p < end && *p == '.')
    for (p++; p < end && g_ascii_isdigit (*p); p++, digits++, frac_digits++)
      mantissa = mantissa * 10 + (guint64) (*p - '0');

  if (p == end && digits > 0 && digits <= 15)
    {
      value = (double) mantissa / powers[frac_digits];
      *out = negative ? -value : value;
      return true;
    }

  /* Exponents, long mantissas; never hex, inf or nan, which strtod would take. */
  if (text.size () >= sizeof buf)
    return false;
  for (char c : text)
    if (!g_ascii_isdigit (c) && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E')
      return false;
  memcpy (buf, text.data (), text.size ());
  buf[text.size ()] = '\0';
  value = g_ascii_strtod (buf, &parse_end);
  if (parse_end != buf + text.size () || !std::isfinite (value))
    return false;
  *out = value;
  return true;
}

static bool
read_number (element  value,
             double  *out)
{
  switch (value.type ())
    {
    case element_type::INT64:
      {
        int64_t i = 0;
        i = value.get_int64 ().value_unsafe ();
        *out = (double) i;
        return true;
      }
    case element_type::UINT64:
      {
        uint64_t u = 0;
        u = value.get_uint64 ().value_unsafe ();
        *out = (double) u;
        return true;
      }
    case element_type::DOUBLE:
      {
        double d = NAN;
        d = value.get_double ().value_unsafe ();
        *out = d;
        return std::isfinite (d);
      }
    case element_type::STRING:
      {
        std::string_view s;
        s = value.get_string ().value_unsafe ();
        return parse_numeric_text (s, out);
      }
    default:
      return false;
    }
}

static bool
read_time (element  value,
           gint64  *out)
{
  double number;

  if (value.type () == element_type::INT64)
    {
      *out = value.get_int64 ().value_unsafe ();
      return *out > 0;
    }
  if (value.type () == element_type::UINT64 || value.type () == element_type::DOUBLE)
    {
      if (!read_number (value, &number) || number <= 0 || number >= 9.2e18)
        return false;
      *out = (gint64) number;
      return true;
    }

  if (value.type () == element_type::STRING)
    {
      static GTimeZone *utc = g_time_zone_new_utc ();
      std::string_view s;
      const char *c_str = nullptr;
      GDateTime *dt;

      s = value.get_string ().value_unsafe ();
      /* Epoch ms as digits: exact, whatever their size. */
      if (!s.empty () && s.size () <= 18
          && std::all_of (s.begin (), s.end (), [] (char c) { return g_ascii_isdigit (c); }))
        {
          gint64 ms = 0;

          for (char c : s)
            ms = ms * 10 + (c - '0');
          *out = ms;
          return ms > 0;
        }
      if (parse_numeric_text (s, &number))
        {
          if (number <= 0 || number >= 9.2e18)
            return false;
          *out = (gint64) number;
          return true;
        }

      c_str = value.get_c_str ().value_unsafe ();
      if (c_str == nullptr || strlen (c_str) != s.size ())
        return false;
      dt = g_date_time_new_from_iso8601 (c_str, utc);
      if (dt == nullptr)
        return false;
      *out = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
      g_date_time_unref (dt);
      return *out != 0;
    }

  return false;
}

static bool
read_boolean (element  value,
              guint8  *out)
{
  switch (value.type ())
    {
    case element_type::BOOL:
      {
        bool b = false;
        b = value.get_bool ().value_unsafe ();
        *out = b ? 1 : 0;
        return true;
      }
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      {
        double d = NAN;

        if (!read_number (value, &d) || (d != 0 && d != 1))
          return false;
        *out = d == 1 ? 1 : 0;
        return true;
      }
    case element_type::STRING:
      {
        std::string_view s;
        s = value.get_string ().value_unsafe ();
        if (s == "true" || s == "True" || s == "1")
          *out = 1;
        else if (s == "false" || s == "False" || s == "0")
          *out = 0;
        else
          return false;
        return true;
      }
    default:
      return false;
    }
}

/* Strings as they are; numbers as their text. Writes a NUL-terminated string into
 * @scratch when it has to format one. */
static bool
read_text (element            value,
           std::string_view  *out,
           char              *scratch,
           size_t             scratch_len)
{
  switch (value.type ())
    {
    case element_type::STRING:
      {
        const char *c_str = value.get_c_str ().value_unsafe ();

        /* simdjson's strings are NUL-terminated in its own buffer; an embedded NUL
         * shortens the text, which is all C strings can hold anyway. */
        *out = std::string_view (c_str, strlen (c_str));
        return true;
      }
    case element_type::INT64:
      {
        int64_t i = 0;
        i = value.get_int64 ().value_unsafe ();
        g_snprintf (scratch, scratch_len, "%" G_GINT64_FORMAT, (gint64) i);
        *out = scratch;
        return true;
      }
    case element_type::UINT64:
      {
        uint64_t u = 0;
        u = value.get_uint64 ().value_unsafe ();
        g_snprintf (scratch, scratch_len, "%" G_GUINT64_FORMAT, (guint64) u);
        *out = scratch;
        return true;
      }
    case element_type::DOUBLE:
      {
        double d = 0;
        d = value.get_double ().value_unsafe ();
        g_ascii_dtostr (scratch, scratch_len, d);
        *out = scratch;
        return true;
      }
    default:
      return false;
    }
}

/* A string array as a WhaleStrv: its items that are strings, in order. */
static bool
read_strv (element  value,
           Strings *strings,
           guint    index)
{
  array items;
  guint32 n_items = 0;
  guint32 at;
  size_t pad;

  if (value.get_array ().get (items) != simdjson::SUCCESS)
    return false;

  /* WhaleStrv.n_items is read in place: aligned like the block, which malloc() aligns. */
  pad = (alignof (WhaleStrv) - strings->len % alignof (WhaleStrv)) % alignof (WhaleStrv);
  at = strings->grow (pad + sizeof (WhaleStrv)) + pad;
  memset (strings->text + at - pad, 0, pad + sizeof (WhaleStrv));
  for (element item : items)
    {
      std::string_view s;

      if (item.get_string ().get (s) == simdjson::SUCCESS)
        {
          strings->add (s);
          n_items++;
        }
    }
  memcpy (strings->text + at + offsetof (WhaleStrv, n_items), &n_items, sizeof n_items);
  strings->at[index] = at;
  return true;
}

/* Reads one wire value into its slot; false when it reads as missing. Inlined into
 * decode_object()'s loop, which calls it for every member: a flow alert has 36. */
G_ALWAYS_INLINE static inline bool
read_field (WhaleRecord      *record,
            const WhaleField *field,
            guint             index,
            element           value,
            Strings          *strings)
{
  gpointer slot = (guint8 *) record + field->offset;  /* whale_record_field_slot() */

  switch (field->type)
    {
    case WHALE_FIELD_NUMBER:
      {
        double number;

        if (!read_number (value, &number))
          return false;
        *(double *) slot = number;
        return true;
      }
    case WHALE_FIELD_TIME:
      {
        gint64 ms = 0;

        if (!read_time (value, &ms) || ms <= 0)
          return false;
        *(gint64 *) slot = ms;
        return true;
      }
    case WHALE_FIELD_BOOLEAN:
      return read_boolean (value, (guint8 *) slot);
    case WHALE_FIELD_STRING:
    case WHALE_FIELD_SYMBOL:
      {
        char scratch[G_ASCII_DTOSTR_BUF_SIZE];
        std::string_view text;

        if (!read_text (value, &text, scratch, sizeof scratch))
          return false;
        if (text.empty () && (field->flags & WHALE_FIELD_IDENTITY))
          return false;
        if (field->type == WHALE_FIELD_SYMBOL)
          {
            guint64 bit = G_GUINT64_CONSTANT (1) << index;

            /* A repeated key: the last value wins, as for the other types. */
            strings->symbols &= ~bit;
            if ((*(const char **) slot = intern (text, true)) != nullptr)
              return true;
            strings->symbols |= bit;
          }
        /* The slot is set by pack_strings(). */
        strings->at[index] = strings->add (text);
        return true;
      }
    case WHALE_FIELD_STRV:
      return read_strv (value, strings, index);
    default:
      g_assert_not_reached ();
    }
}

/* One pass over the object's members, each dispatched through the class's map.
 *
 * @order is the field each position held in the last object of this class: a server
 * sends its keys in the same order every time, so checking that guess first skips the
 * hash and the probe, a chain of dependent loads that perf found to be most of the
 * loop's time. A wrong guess costs one comparison and is replaced. */
static WhaleRecord *
decode_object (const FieldMap *map,
               object          obj,
               Strings        *strings,
               gint8          *order,
               guint64        *present)
{
  WhaleRecord *record = whale_record_new_blank (map->klass);
  guint position = 0;

  *present = 0;
  strings->clear ();
  if (map->n_fields == 0)
    return record;

  for (simdjson::dom::key_value_pair member : obj)
    {
      int index = position < WHALE_FRAME_ORDER_LEN ? order[position] : -1;
      guint64 first, last;

      dom_key_words (member.key.data (), member.key.size (), &first, &last);
      if (index < 0 || !field_map_is (map, index, member.key, first, last))
        {
          index = field_map_lookup (map, member.key, first, last);
          if (position < WHALE_FRAME_ORDER_LEN)
            order[position] = (gint8) index;
        }
      position++;

      if (index >= 0 && read_field (record, &map->fields[index], index, member.value, strings))
        *present |= G_GUINT64_CONSTANT (1) << index;
    }
  return record;
}

/* Moves the strings read into the record's one block and points the present STRING
 * and STRV slots into it. */
static void
pack_strings (const FieldMap *map,
              WhaleRecord    *record,
              const Strings  *strings,
              guint64         present)
{
  guint64 bits = present & (map->block_fields | strings->symbols);
  char *block;

  if (bits == 0)
    return;

  block = (char *) g_memdup2 (strings->text, strings->len);
  whale_record_take_strings (record, block);

  for (; bits != 0; bits &= bits - 1)
    {
      guint i = __builtin_ctzll (bits);

      *(const char **) whale_record_field_slot (record, &map->fields[i]) = block + strings->at[i];
    }
}

/* Marks what was read, checks the identity and runs the class's finish(). Consumes
 * @record on failure. */
static WhaleRecord *
complete_record (const FieldMap  *map,
                 WhaleRecord     *record,
                 const Strings   *strings,
                 guint64          present,
                 GError         **error)
{
  guint64 missing = map->identity & ~present;

  pack_strings (map, record, strings, present);
  /* The map's indices are the class's field indices. */
  whale_record_mark_present_mask (record, present);

  if (missing != 0)
    {
      guint i = 0;

      while (!(missing & (G_GUINT64_CONSTANT (1) << i)))
        i++;
      g_set_error (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MISSING_IDENTITY,
                   "%s record without %s", map->klass->kind_name, map->fields[i].name);
      g_object_unref (record);
      return nullptr;
    }

  if (map->klass->finish != nullptr && !map->klass->finish (record))
    {
      GString *names = g_string_new (nullptr);

      for (guint i = 0; i < map->n_fields; i++)
        if (map->fields[i].flags & WHALE_FIELD_IDENTITY)
          g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                                  map->fields[i].name);
      g_set_error (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MISSING_IDENTITY,
                   "%s record without a valid identity (%s)", map->klass->kind_name,
                   names->len > 0 ? names->str : "required fields");
      g_string_free (names, TRUE);
      g_object_unref (record);
      return nullptr;
    }

  return record;
}

WhaleFrameDecoder *
whale_frame_decoder_new (void)
{
  WhaleFrameDecoder *self = new WhaleFrameDecoder ();

  memset (self->order, -1, sizeof self->order);
  return self;
}

void
whale_frame_decoder_free (WhaleFrameDecoder *self)
{
  if (self == nullptr)
    return;

  g_free (self->buf);
  g_clear_pointer (&self->frame, g_bytes_unref);
  delete self;
}

static WhaleFrameKind
malformed (WhaleFrameDecoder  *self,
           const char         *why,
           const char        **reason)
{
  self->reason = why;
  if (reason != nullptr)
    *reason = self->reason.c_str ();
  return WHALE_FRAME_MALFORMED;
}

/* Copies @text into the padded buffer, growing it geometrically. */
static void
load_text (WhaleFrameDecoder *self,
           const char        *text,
           size_t             len)
{
  size_t need = len + simdjson::SIMDJSON_PADDING;

  if (self->cap < need)
    {
      size_t cap = MAX (self->cap, (size_t) 4096);

      while (cap < need)
        cap *= 2;
      g_free (self->buf);
      self->buf = (char *) g_malloc (cap);
      self->cap = cap;
    }
  if (len > 0)
    memcpy (self->buf, text, len);
  memset (self->buf + len, 0, simdjson::SIMDJSON_PADDING);
  self->len = len;
}

/* Whether the payload just parsed is a reply: ACK for an "ok" status next to a response
 * and nothing else; ERROR_REPLY, with *reason, for any other status next to a response;
 * DATA otherwise. */
static WhaleFrameKind
classify_reply (WhaleFrameDecoder  *self,
                const char        **reason)
{
  element status, response;
  std::string_view status_text, why;
  bool has_status = false, has_response = false;

  for (simdjson::dom::key_value_pair member : self->payload)
    {
      if (member.key == "status")
        {
          has_status = true;
          status = member.value;
        }
      else if (member.key == "response")
        {
          has_response = true;
          response = member.value;
        }
    }
  if (!has_status || !has_response)
    return WHALE_FRAME_DATA;

  if (status.get_string ().get (status_text) == simdjson::SUCCESS && status_text == "ok")
    return self->payload.size () == 2 ? WHALE_FRAME_ACK : WHALE_FRAME_DATA;

  if (response.at_key ("reason").get_string ().get (why) == simdjson::SUCCESS && !why.empty ())
    self->reason.assign (why.data (), why.size ());
  else if (status.get_string ().get (why) == simdjson::SUCCESS && !why.empty ())
    self->reason.assign (why.data (), why.size ());
  else
    self->reason = "error";
  if (reason != nullptr)
    *reason = self->reason.c_str ();
  return WHALE_FRAME_ERROR_REPLY;
}

WhaleFrameKind
whale_frame_decoder_parse (WhaleFrameDecoder  *self,
                           const char         *text,
                           gsize               len,
                           const char        **channel,
                           const char        **reason)
{
  element root, channel_value, payload_value;
  array envelope;
  std::string_view name;

  g_return_val_if_fail (self != nullptr, WHALE_FRAME_MALFORMED);
  g_return_val_if_fail (text != nullptr || len == 0, WHALE_FRAME_MALFORMED);

  self->have_payload = false;
  self->channel = nullptr;
  g_clear_pointer (&self->frame, g_bytes_unref);
  if (channel != nullptr)
    *channel = nullptr;
  if (reason != nullptr)
    *reason = nullptr;

  if (len > MAX_FRAME_BYTES)
    return malformed (self, "too large", reason);

  load_text (self, text, len);
  switch (self->parser.parse (self->buf, len, false).get (root))
    {
    case simdjson::SUCCESS:
      break;
    case simdjson::DEPTH_ERROR:
      return malformed (self, "nested too deeply", reason);
    case simdjson::UTF8_ERROR:
      return malformed (self, "invalid UTF-8", reason);
    case simdjson::EMPTY:
      return malformed (self, "empty frame", reason);
    default:
      return malformed (self, "not JSON", reason);
    }

  if (root.get_array ().get (envelope) != simdjson::SUCCESS)
    return malformed (self, "not an array", reason);
  if (envelope.size () != 2)
    return malformed (self, "not a two-element array", reason);
  {
    auto it = envelope.begin ();

    channel_value = *it;
    ++it;
    payload_value = *it;
  }

  if (channel_value.get_string ().get (name) != simdjson::SUCCESS)
    return malformed (self, "channel is not a string", reason);
  if (name.empty ())
    return malformed (self, "empty channel", reason);
  if (memchr (name.data (), '\0', name.size ()) != nullptr)
    return malformed (self, "channel contains NUL", reason);

  /* Known from here on, so even a bad payload can be counted against its channel. */
  self->channel = name.data ();
  if (channel != nullptr)
    *channel = self->channel;

  if (payload_value.get_object ().get (self->payload) != simdjson::SUCCESS)
    return malformed (self, "payload is not an object", reason);

  /* An ack is a payload of exactly "status" and "response" (UW-PROTOCOL.md), and so is
   * an error reply as the server's convention would send it. The tape knows an object's
   * size, so a data frame's keys are not walked here; find_reply() walks them for a
   * channel whose join is unanswered. */
  if (self->payload.size () == 2)
    {
      WhaleFrameKind kind = classify_reply (self, reason);

      if (kind != WHALE_FRAME_DATA)
        return kind;
    }

  self->have_payload = true;
  return WHALE_FRAME_DATA;
}

WhaleFrameKind
whale_frame_decoder_find_reply (WhaleFrameDecoder  *self,
                                const char        **reason)
{
  WhaleFrameKind kind;

  g_return_val_if_fail (self != nullptr, WHALE_FRAME_DATA);
  g_return_val_if_fail (self->have_payload, WHALE_FRAME_DATA);

  if (reason != nullptr)
    *reason = nullptr;
  kind = classify_reply (self, reason);
  if (kind != WHALE_FRAME_DATA)
    self->have_payload = false;
  return kind;
}

/* The payload's text, minified: the frame is valid JSON, so the payload runs from
 * just after the channel string's comma to just before the closing bracket. */
char *
whale_frame_payload_text (const char *frame,
                          gsize       len)
{
  const char *p = frame;
  const char *end = frame + len;
  const char *begin;
  char *out;
  size_t out_len = 0;

  g_return_val_if_fail (frame != nullptr || len == 0, nullptr);

  while (p < end && *p != '"')
    p++;
  for (p++; p < end && *p != '"'; p++)
    if (*p == '\\')
      p++;
  while (p < end && *p != ',')
    p++;
  begin = p + 1;
  while (end > begin && end[-1] != ']')
    end--;
  end--;
  if (end <= begin)
    return g_strdup ("{}");

  /* UW sends compact JSON: then the text is already minified and a copy will do. */
  if (memchr (begin, ' ', end - begin) == nullptr && memchr (begin, '\n', end - begin) == nullptr
      && memchr (begin, '\t', end - begin) == nullptr && memchr (begin, '\r', end - begin) == nullptr)
    return g_strndup (begin, end - begin);

  out = (char *) g_malloc (end - begin + simdjson::SIMDJSON_PADDING + 1);
  if (simdjson::minify (begin, end - begin, out, out_len) != simdjson::SUCCESS)
    {
      g_free (out);
      return g_strdup ("{}");
    }
  out[out_len] = '\0';
  return out;
}

WhaleFrameKind
whale_frame_decoder_parse_bytes (WhaleFrameDecoder  *self,
                                 GBytes             *frame,
                                 const char        **channel,
                                 const char        **reason)
{
  gsize len;
  const char *text;
  WhaleFrameKind kind;

  g_return_val_if_fail (self != nullptr, WHALE_FRAME_MALFORMED);
  g_return_val_if_fail (frame != nullptr, WHALE_FRAME_MALFORMED);

  text = (const char *) g_bytes_get_data (frame, &len);
  kind = whale_frame_decoder_parse (self, text, len, channel, reason);
  if (kind == WHALE_FRAME_DATA)
    self->frame = g_bytes_ref (frame);
  return kind;
}

WhaleRecord *
whale_frame_decoder_build (WhaleFrameDecoder  *self,
                           WhaleRecordKind     kind,
                           GError            **error)
{
  const FieldMap *map;
  WhaleRecord *record;
  guint64 present;

  g_return_val_if_fail (self != nullptr, nullptr);
  g_return_val_if_fail (kind <= WHALE_RECORD_RAW, nullptr);
  g_return_val_if_fail (error == nullptr || *error == nullptr, nullptr);

  if (!self->have_payload)
    {
      g_set_error_literal (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MALFORMED,
                           "no data frame to build a record from");
      return nullptr;
    }

  map = field_map_get (kind);
  record = decode_object (map, self->payload, &self->strings, self->order[kind], &present);
  record = complete_record (map, record, &self->strings, present, error);
  if (record == nullptr)
    return nullptr;

  /* The frame is kept as it came (its own GBytes, or a copy): the payload is cut from it
   * only if someone looks (the details view, JSON output). */
  if (map->klass->keep_payload && (self->keep_payloads || kind == WHALE_RECORD_RAW))
    whale_record_take_frame (record, self->frame != nullptr ? g_bytes_ref (self->frame)
                                                            : g_bytes_new (self->buf, self->len));
  whale_record_set_interned_channel (record, intern (self->channel));
  return record;
}

void
whale_frame_decoder_set_keep_payloads (WhaleFrameDecoder *self,
                                       gboolean           keep)
{
  g_return_if_fail (self != nullptr);

  self->keep_payloads = keep;
}

static WhaleRecord *
build_rest_row (const FieldMap *map,
                Strings        *strings,
                gint8          *order,
                element         row,
                const char     *channel,
                const char     *category,
                element        *last_updated)
{
  WhaleRecord *record;
  object obj;
  guint64 present;

  if (row.get_object ().get (obj) != simdjson::SUCCESS)
    return nullptr;

  record = decode_object (map, obj, strings, order, &present);

  if (category != nullptr)
    {
      const WhaleField *field = whale_record_class_find_field (map->klass, "category");

      g_assert (field != nullptr);
      *(const char **) whale_record_field_slot (record, field) = intern (category);
      present |= G_GUINT64_CONSTANT (1) << (field - map->fields);
    }
  if (last_updated != nullptr)
    {
      const WhaleField *field = whale_record_class_find_field (map->klass, "last_updated");
      guint64 bit = G_GUINT64_CONSTANT (1) << (field - map->fields);

      if (!(present & bit) && read_field (record, field, field - map->fields, *last_updated, strings))
        present |= bit;
    }

  record = complete_record (map, record, strings, present, nullptr);
  if (record != nullptr)
    whale_record_set_channel (record, channel);
  return record;
}

GPtrArray *
whale_frame_decoder_build_rest (WhaleFrameDecoder  *self,
                                WhaleRecordKind     kind,
                                const char         *channel,
                                const char         *body,
                                gsize               len,
                                GError            **error)
{
  static const struct { const char *list; const char *category; } mover_lists[] = {
    { "top_gainers", "gainer" },
    { "top_losers", "loser" },
    { "most_active", "active" },
  };
  const FieldMap *map;
  simdjson::padded_string padded;
  element root, data, rows, updated;
  array items;
  GPtrArray *records;
  bool has_updated;

  g_return_val_if_fail (self != nullptr, nullptr);
  g_return_val_if_fail (kind == WHALE_RECORD_MARKET_MOVER || kind == WHALE_RECORD_CONGRESS_TRADE,
                        nullptr);
  g_return_val_if_fail (channel != nullptr, nullptr);
  g_return_val_if_fail (body != nullptr || len == 0, nullptr);
  g_return_val_if_fail (error == nullptr || *error == nullptr, nullptr);

  if (len > MAX_REST_BYTES)
    {
      g_set_error_literal (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MALFORMED,
                           "response too large");
      return nullptr;
    }

  padded = simdjson::padded_string (body, len);
  if (self->rest_parser.parse (padded).get (root) != simdjson::SUCCESS)
    {
      g_set_error_literal (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MALFORMED,
                           "response is not JSON");
      return nullptr;
    }
  if (root.at_key ("data").get (data) != simdjson::SUCCESS)
    {
      g_set_error_literal (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MALFORMED,
                           "response has no \"data\"");
      return nullptr;
    }

  map = field_map_get (kind);
  records = g_ptr_array_new_with_free_func (g_object_unref);

  if (kind == WHALE_RECORD_CONGRESS_TRADE)
    {
      if (data.get_array ().get (items) != simdjson::SUCCESS)
        {
          g_ptr_array_unref (records);
          g_set_error_literal (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MALFORMED,
                               "\"data\" is not an array");
          return nullptr;
        }
      for (element row : items)
        {
          WhaleRecord *record = build_rest_row (map, &self->strings, self->order[kind], row,
                                                channel, nullptr, nullptr);

          if (record != nullptr)
            g_ptr_array_add (records, record);
        }
      return records;
    }

  if (data.type () != element_type::OBJECT)
    {
      g_ptr_array_unref (records);
      g_set_error_literal (error, WHALE_FRAME_ERROR, WHALE_FRAME_ERROR_MALFORMED,
                           "\"data\" is not an object");
      return nullptr;
    }
  has_updated = data.at_key ("last_updated").get (updated) == simdjson::SUCCESS;
  for (const auto &list : mover_lists)
    {
      if (data.at_key (list.list).get (rows) != simdjson::SUCCESS
          || rows.get_array ().get (items) != simdjson::SUCCESS)
        continue;
      for (element row : items)
        {
          WhaleRecord *record = build_rest_row (map, &self->strings, self->order[kind], row,
                                                channel, list.category,
                                                has_updated ? &updated : nullptr);

          if (record != nullptr)
            g_ptr_array_add (records, record);
        }
    }
  return records;
}
