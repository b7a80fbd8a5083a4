/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "whale-recording.h"
#include "whale-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("whale-recording-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "frames.jsonl", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
append_text (WhaleRecorder *recorder,
             gint64         time_ms,
             const char    *frame)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (whale_recorder_append (recorder, time_ms, frame, strlen (frame), &error));
  g_assert_no_error (error);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  /* Quotes, backslashes, control characters, non-ASCII and astral characters. */
  static const char *const frames[] = {
    "[\"flow-alerts\",{\"id\":\"0b6c2a5e-0000-4000-8000-000000000001\",\"ticker\":\"SPY\","
      "\"option_chain\":\"SPY260116C00600000\",\"bid\":\"3.05\",\"ask\":\"3.15\"}]",
    "[\"news\",{\"headline\":\"Caf\xc3\xa9 \\\"quoted\\\" \xe2\x80\x94 \xf0\x9f\x90\x8b whales\","
      "\"timestamp\":\"2026-01-14T15:30:00Z\"}]",
    "back\\slash, tab\tand newline\ncontrol \x01 end",
    "",
  };
  g_autoptr(WhaleRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) read = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_malformed = 99, n_incomplete = 99;

  recorder = whale_recorder_new (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    append_text (recorder, 1768400000050 + i, frames[i]);
  g_assert_true (whale_recorder_close (recorder, &error));
  g_assert_no_error (error);

  /* One JSON line per frame, in order. */
  contents = read_file (fixture->path);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (frames) + 1);
  g_assert_true (g_str_has_prefix (lines[0], "{\"t\":1768400000050,\"frame\":\"[\\\"flow-alerts\\\""));

  read = whale_recording_read (fixture->path, &n_malformed, &n_incomplete, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_assert_cmpuint (n_malformed, ==, 0);
  g_assert_cmpuint (n_incomplete, ==, 0);
  g_assert_cmpuint (read->len, ==, G_N_ELEMENTS (frames));
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      WhaleRecordedFrame *frame = &g_array_index (read, WhaleRecordedFrame, i);

      g_assert_cmpint (frame->time_ms, ==, 1768400000050 + i);
      g_assert_cmpstr (frame->frame, ==, frames[i]);
    }
}

static void
test_appends (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) read = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(WhaleRecorder) recorder = whale_recorder_new (fixture->path, &error);

      g_assert_no_error (error);
      append_text (recorder, 1000 + round, round == 0 ? "[\"a\",{}]" : "[\"b\",{}]");
      /* whale_recorder_free closes and flushes. */
    }

  read = whale_recording_read (fixture->path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 2);
  g_assert_cmpstr (g_array_index (read, WhaleRecordedFrame, 0).frame, ==, "[\"a\",{}]");
  g_assert_cmpstr (g_array_index (read, WhaleRecordedFrame, 1).frame, ==, "[\"b\",{}]");
}

/* A recorder that is never closed (killed) has its lines on disk within a second,
 * from the timer alone when nothing else is appended. */
static void
test_flush_on_time (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(WhaleRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gint64 start;

  recorder = whale_recorder_new (fixture->path, &error);
  g_assert_no_error (error);
  append_text (recorder, 1, "[\"flow-alerts\",{\"id\":\"first\"}]");
  start = g_get_monotonic_time ();

  WHALE_WAIT_UNTIL (({
                       g_autofree char *now = read_file (fixture->path);
                       strstr (now, "first") != NULL;
                     }), 1500);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1200 * 1000);

  /* A steady trickle is flushed too, not held until close. */
  start = g_get_monotonic_time ();
  for (guint i = 0; !strstr ((contents = read_file (fixture->path)), "trickle"); i++)
    {
      g_autofree char *frame = g_strdup_printf ("[\"price:SPY\",{\"n\":%u,\"trickle\":1}]", i);

      g_clear_pointer (&contents, g_free);
      append_text (recorder, 2 + i, frame);
      WHALE_SPIN_FOR (50);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * 1000);
    }
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static void
test_torn_last_line (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) read = NULL;
  guint n_malformed = 99, n_incomplete = 99;

  write_file (fixture->path,
              "{\"t\":1,\"frame\":\"[\\\"news\\\",{}]\"}\n"
              "{\"t\":2,\"frame\":\"[\\\"price:SPY\\\",{\\\"close\\\":\\\"5");
  read = whale_recording_read (fixture->path, &n_malformed, &n_incomplete, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 1);
  g_assert_cmpstr (g_array_index (read, WhaleRecordedFrame, 0).frame, ==, "[\"news\",{}]");
  g_assert_cmpuint (n_incomplete, ==, 1);
  g_assert_cmpuint (n_malformed, ==, 0);
  g_clear_pointer (&read, g_array_unref);

  /* A last line without its newline that is whole still counts. */
  write_file (fixture->path, "{\"t\":1,\"frame\":\"x\"}\n{\"t\":2,\"frame\":\"y\"}");
  read = whale_recording_read (fixture->path, &n_malformed, &n_incomplete, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 2);
  g_assert_cmpuint (n_incomplete, ==, 0);
}

static void
test_malformed_lines (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) read = NULL;
  guint n_malformed = 99, n_incomplete = 99;

  write_file (fixture->path,
              "{\"t\":1,\"frame\":\"one\"}\n"
              "not json\n"
              "{\"t\":2}\n"
              "{\"t\":\"3\",\"frame\":\"string time\"}\n"
              "{\"frame\":\"no time\"}\n"
              "[1,2]\n"
              "{\"t\":4,\"frame\":\"unterminated}\n"
              "\n"
              "{ \"frame\" : \"other order\", \"t\" : 5, \"extra\": true }\r\n"
              "{\"t\":6,\"frame\":\"\\ud83d\\udc0b\"}\n");
  read = whale_recording_read (fixture->path, &n_malformed, &n_incomplete, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_malformed, ==, 6);
  g_assert_cmpuint (n_incomplete, ==, 0);
  g_assert_cmpuint (read->len, ==, 3);
  g_assert_cmpstr (g_array_index (read, WhaleRecordedFrame, 0).frame, ==, "one");
  g_assert_cmpint (g_array_index (read, WhaleRecordedFrame, 1).time_ms, ==, 5);
  g_assert_cmpstr (g_array_index (read, WhaleRecordedFrame, 1).frame, ==, "other order");
  g_assert_cmpstr (g_array_index (read, WhaleRecordedFrame, 2).frame, ==, "\xf0\x9f\x90\x8b");
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  GArray *read = whale_recording_read ("/nonexistent/whale/recording.jsonl", NULL, NULL, &error);

  g_assert_null (read);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_null (whale_recorder_new ("/nonexistent/whale/recording.jsonl", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

#define ADD(path, fn) \
  g_test_add ("/core/recording/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ADD ("round-trip", test_round_trip);
  ADD ("appends", test_appends);
  ADD ("flush-on-time", test_flush_on_time);
  ADD ("torn-last-line", test_torn_last_line);
  ADD ("malformed-lines", test_malformed_lines);
  g_test_add_func ("/core/recording/missing-file", test_missing_file);
  return g_test_run ();
}
