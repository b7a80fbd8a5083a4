/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "whale-recording"

#include "config.h"

#include "whale-recording.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* Lines wait in memory at most this long, so a killed recorder loses at most about
 * a second of frames. */
#define FLUSH_INTERVAL_US  (G_USEC_PER_SEC / 2)
#define FLUSH_BUFFER_BYTES (256 * 1024)

struct _WhaleRecorder
{
  char    *path;
  int      fd;
  GString *pending;
  gint64   last_flush_us;
  GSource *flush_source;
  GError  *flush_error;   /* a failed timed flush, reported by the next call */
};

static gboolean
write_all (WhaleRecorder  *self,
           GError        **error)
{
  const char *data = self->pending->str;
  gsize left = self->pending->len;

  while (left > 0)
    {
      gssize n = write (self->fd, data, left);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          /* Keep what was not written: a later flush may succeed. */
          g_string_erase (self->pending, 0, data - self->pending->str);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not write to %s: %s", self->path, g_strerror (saved_errno));
          return FALSE;
        }
      data += n;
      left -= n;
    }

  g_string_truncate (self->pending, 0);
  return TRUE;
}

static gboolean
recorder_flush (WhaleRecorder  *self,
                GError        **error)
{
  self->last_flush_us = g_get_monotonic_time ();
  if (self->pending->len == 0)
    return TRUE;
  return write_all (self, error);
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  WhaleRecorder *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->pending->len > 0
      && g_get_monotonic_time () - self->last_flush_us >= FLUSH_INTERVAL_US
      && !recorder_flush (self, &error))
    {
      g_warning ("%s", error->message);
      if (self->flush_error == NULL)
        self->flush_error = g_steal_pointer (&error);
    }

  return G_SOURCE_CONTINUE;
}

WhaleRecorder *
whale_recorder_new (const char  *path,
                    GError     **error)
{
  WhaleRecorder *self;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open %s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (WhaleRecorder, 1);
  self->path = g_strdup (path);
  self->fd = fd;
  self->pending = g_string_sized_new (64 * 1024);
  self->last_flush_us = g_get_monotonic_time ();

  /* Idle periods: lines appended just before a lull still reach the disk in time. */
  self->flush_source = g_timeout_source_new (FLUSH_INTERVAL_US / 1000);
  g_source_set_static_name (self->flush_source, "[whale] recorder flush");
  g_source_set_callback (self->flush_source, flush_timeout_cb, self, NULL);
  g_source_attach (self->flush_source, g_main_context_get_thread_default ());

  return self;
}

/* JSON string escaping of a UTF-8 frame: quotes, backslashes and control characters;
 * everything else goes through as is. */
static void
append_json_string (GString    *out,
                    const char *text,
                    gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = text;
  const char *end = text + len;

  g_string_append_c (out, '"');
  for (const char *p = text; p < end; p++)
    {
      guchar c = *p;
      const char *escape = NULL;
      char unicode[7];

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        default:
          unicode[0] = '\\';
          unicode[1] = 'u';
          unicode[2] = '0';
          unicode[3] = '0';
          unicode[4] = hex[c >> 4];
          unicode[5] = hex[c & 0xf];
          unicode[6] = '\0';
          escape = unicode;
          break;
        }

      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);
  g_string_append_c (out, '"');
}

gboolean
whale_recorder_append (WhaleRecorder  *self,
                       gint64          time_ms,
                       const char     *frame,
                       gsize           len,
                       GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (frame != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);

  if (self->flush_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->flush_error));
      return FALSE;
    }

  g_string_append_printf (self->pending, "{\"t\":%" G_GINT64_FORMAT ",\"frame\":", time_ms);
  append_json_string (self->pending, frame, len);
  g_string_append (self->pending, "}\n");

  if (self->pending->len >= FLUSH_BUFFER_BYTES
      || g_get_monotonic_time () - self->last_flush_us >= FLUSH_INTERVAL_US)
    return recorder_flush (self, error);

  return TRUE;
}

gboolean
whale_recorder_close (WhaleRecorder  *self,
                      GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->fd < 0)
    return TRUE;

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  if (self->flush_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->flush_error));
      ok = FALSE;
      recorder_flush (self, NULL);
    }
  else
    ok = recorder_flush (self, error);

  if (!g_close (self->fd, ok ? error : NULL))
    ok = FALSE;
  self->fd = -1;

  return ok;
}

void
whale_recorder_free (WhaleRecorder *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    {
      g_autoptr(GError) error = NULL;

      if (!whale_recorder_close (self, &error))
        g_warning ("%s", error->message);
    }

  g_clear_error (&self->flush_error);
  g_string_free (self->pending, TRUE);
  g_free (self->path);
  g_free (self);
}

/* Reading */

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (const char *p,
           const char *end,
           gunichar   *value)
{
  gunichar v = 0;

  if (end - p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (p[i]);

      if (h < 0)
        return FALSE;
      v = (v << 4) | h;
    }
  *value = v;
  return TRUE;
}

/* Unescapes the JSON string starting after its opening quote; *p ends after the
 * closing quote. */
static char *
parse_json_string (const char **p,
                   const char  *end)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *s = *p;

  while (s < end)
    {
      const char *run = s;

      while (s < end && *s != '"' && *s != '\\')
        {
          if ((guchar) *s < 0x20)
            return NULL;
          s++;
        }
      g_string_append_len (out, run, s - run);
      if (s >= end)
        return NULL;
      if (*s == '"')
        {
          *p = s + 1;
          if (!g_utf8_validate (out->str, out->len, NULL))
            return NULL;
          return g_string_free (g_steal_pointer (&out), FALSE);
        }

      /* A backslash escape. */
      s++;
      if (s >= end)
        return NULL;
      switch (*s)
        {
        case '"': g_string_append_c (out, '"'); s++; break;
        case '\\': g_string_append_c (out, '\\'); s++; break;
        case '/': g_string_append_c (out, '/'); s++; break;
        case 'b': g_string_append_c (out, '\b'); s++; break;
        case 'f': g_string_append_c (out, '\f'); s++; break;
        case 'n': g_string_append_c (out, '\n'); s++; break;
        case 'r': g_string_append_c (out, '\r'); s++; break;
        case 't': g_string_append_c (out, '\t'); s++; break;
        case 'u':
          {
            gunichar c;

            if (!read_hex4 (s + 1, end, &c))
              return NULL;
            s += 5;
            if (c >= 0xd800 && c < 0xdc00)
              {
                gunichar low;

                if (end - s < 6 || s[0] != '\\' || s[1] != 'u' || !read_hex4 (s + 2, end, &low)
                    || low < 0xdc00 || low >= 0xe000)
                  return NULL;
                s += 6;
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              }
            else if (c >= 0xdc00 && c < 0xe000)
              return NULL;
            g_string_append_unichar (out, c);
          }
          break;
        default:
          return NULL;
        }
    }

  return NULL;
}

/* The exact shape the recorder writes: {"t":N,"frame":"..."}. */
static gboolean
parse_line_fast (const char *line,
                 gsize       len,
                 gint64     *time_ms,
                 char      **frame)
{
  const char *p = line;
  const char *end = line + len;
  gint64 t = 0;
  gboolean negative = FALSE;
  const char *digits;

  if (len < 16 || memcmp (p, "{\"t\":", 5) != 0)
    return FALSE;
  p += 5;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  digits = p;
  while (p < end && g_ascii_isdigit (*p) && p - digits < 18)
    t = t * 10 + (*p++ - '0');
  if (p == digits || end - p < 10 || memcmp (p, ",\"frame\":\"", 10) != 0)
    return FALSE;
  p += 10;

  *frame = parse_json_string (&p, end);
  if (*frame == NULL)
    return FALSE;
  if (p + 1 != end || *p != '}')
    {
      g_clear_pointer (frame, g_free);
      return FALSE;
    }

  *time_ms = negative ? -t : t;
  return TRUE;
}

/* Anything else that is still a valid line: other key order, spacing, extra keys. */
static gboolean
parse_line_json (const char *line,
                 gsize       len,
                 gint64     *time_ms,
                 char      **frame)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *object;
  JsonNode *t;
  JsonNode *f;

  if (!json_parser_load_from_data (parser, line, len, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  t = json_object_get_member (object, "t");
  f = json_object_get_member (object, "frame");
  if (t == NULL || f == NULL || json_node_get_value_type (f) != G_TYPE_STRING)
    return FALSE;
  if (json_node_get_value_type (t) == G_TYPE_INT64)
    *time_ms = json_node_get_int (t);
  else if (json_node_get_value_type (t) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (t);

      /* Converting a double outside gint64's range is undefined (found by fuzzing). */
      if (!(d > -9.2e18 && d < 9.2e18))
        return FALSE;
      *time_ms = (gint64) d;
    }
  else
    return FALSE;

  *frame = json_node_dup_string (f);
  return TRUE;
}

static void
recorded_frame_clear (gpointer data)
{
  WhaleRecordedFrame *frame = data;

  g_clear_pointer (&frame->frame, g_free);
}

GArray *
whale_recording_read (const char  *path,
                      guint       *n_malformed,
                      guint       *n_incomplete,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GArray) frames = NULL;
  gsize length = 0;
  guint malformed = 0;
  guint incomplete = 0;
  const char *p;
  const char *end;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  frames = g_array_new (FALSE, FALSE, sizeof (WhaleRecordedFrame));
  g_array_set_clear_func (frames, recorded_frame_clear);

  p = contents;
  end = contents + length;
  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *line_end = newline != NULL ? newline : end;
      gsize len = line_end - p;
      WhaleRecordedFrame frame = { 0, NULL };

      if (len > 0 && p[len - 1] == '\r')
        len--;

      if (len > 0)
        {
          if (parse_line_fast (p, len, &frame.time_ms, &frame.frame)
              || parse_line_json (p, len, &frame.time_ms, &frame.frame))
            g_array_append_val (frames, frame);
          else if (newline == NULL)
            incomplete++;  /* the writer died in the middle of this line */
          else
            malformed++;
        }

      p = newline != NULL ? newline + 1 : end;
    }

  if (n_malformed != NULL)
    *n_malformed = malformed;
  if (n_incomplete != NULL)
    *n_incomplete = incomplete;

  return g_steal_pointer (&frames);
}
