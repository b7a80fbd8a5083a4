/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include "whale-flow-alert.h"
#include "whale-record.h"
#include "whale-test-util.h"

/* whalewatch-cli calls setlocale (LC_ALL, ""). Its output is data: under a locale
 * whose decimal separator is ',' (de_DE, from LOCPATH, see tests/meson.build) the
 * numbers must keep their '.' and the times their ISO form, or CSV columns shift
 * and JSON breaks. */
#define LOCALE "de_DE.UTF-8"

static GSubprocess *
spawn_cli (GSubprocessFlags    flags,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", LOCALE, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "WHALEWATCH_TOKEN", "cli-locale-token", TRUE);
  return whale_test_spawn_cli (launcher, args);
}

typedef struct
{
  GSubprocess *process;
  char        *url;
} Server;

static void
server_start (Server *server)
{
  const char *args[] = { "simulate", "--rate", "0", "--frames", "60", NULL };
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;

  server->process = spawn_cli (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               args);
  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  words = g_strsplit (line, " ", -1);
  g_assert_cmpuint (g_strv_length (words), >=, 3);
  server->url = g_strdup (words[2]);
}

static void
server_stop (Server *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
}

/* Runs `whalewatch-cli ARGS… --url URL CHANNELS…` under LOCALE against a fresh
 * simulator; returns its output. */
static char *
watch (const char *format,
       const char *channel,
       ...)
{
  Server server = { 0 };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;

  server_start (&server);
  g_ptr_array_add (args, "watch");
  g_ptr_array_add (args, "--once");
  g_ptr_array_add (args, "--format");
  g_ptr_array_add (args, (char *) format);
  g_ptr_array_add (args, "--url");
  g_ptr_array_add (args, server.url);
  va_start (ap, channel);
  for (const char *c = channel; c != NULL; c = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) c);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = spawn_cli (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                       (const char * const *) args->pdata);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  server_stop (&server);
  return out;
}

/* The test is only worth something if the locale really writes "1,5". */
static void
test_locale_exists (void)
{
  char *previous = g_strdup (setlocale (LC_NUMERIC, NULL));

  g_assert_nonnull (setlocale (LC_NUMERIC, LOCALE));
  g_assert_cmpstr (localeconv ()->decimal_point, ==, ",");
  setlocale (LC_NUMERIC, previous);
  g_free (previous);
}

/* RFC 4180 cells of one line (no embedded newlines in our output). */
static GPtrArray *
split_csv (const char *line)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        g_string_append_c (cell, *p++);
      else if (*p == '"')
        quoted = !quoted;
      else if (*p == ',' && !quoted)
        {
          g_ptr_array_add (cells, g_string_free (cell, FALSE));
          cell = g_string_new (NULL);
        }
      else
        g_string_append_c (cell, *p);
    }
  g_ptr_array_add (cells, g_string_free (cell, FALSE));
  return cells;
}

static void
test_csv (void)
{
  g_autofree char *out = watch ("csv", "flow-alerts", NULL);
  g_auto(GStrv) lines = g_strsplit (g_strchomp (out), "\n", -1);
  WhaleRecordClass *klass = g_type_class_ref (WHALE_TYPE_FLOW_ALERT);
  g_autoptr(GPtrArray) header = NULL;
  guint n_numbers = 0, n_decimals = 0, n_times = 0;

  g_assert_cmpuint (g_strv_length (lines), >, 10);
  header = split_csv (lines[0]);
  g_assert_cmpstr (g_ptr_array_index (header, 1), ==, "kind");

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) cells = split_csv (lines[i]);

      /* A ',' decimal would add a column. */
      g_assert_cmpuint (cells->len, ==, header->len);
      g_assert_cmpstr (g_ptr_array_index (cells, 1), ==, "flow-alert");
      for (guint c = 2; c < cells->len; c++)
        {
          const WhaleField *field = whale_record_class_find_field (klass, g_ptr_array_index (header, c));
          const char *text = g_ptr_array_index (cells, c);

          g_assert_nonnull (field);
          if (text[0] == '\0')
            continue;
          if (field->type == WHALE_FIELD_NUMBER)
            {
              if (!g_regex_match_simple ("^-?[0-9]+(\\.[0-9]+)?(e[-+][0-9]+)?$", text, 0, 0))
                g_error ("%s = '%s' is not a plain number", field->name, text);
              n_numbers++;
              n_decimals += strchr (text, '.') != NULL;
            }
          else if (field->type == WHALE_FIELD_TIME)
            {
              if (!g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$",
                                         text, 0, 0))
                g_error ("%s = '%s' is not an ISO 8601 time", field->name, text);
              n_times++;
            }
          else if (g_str_equal (field->name, "expiry"))
            {
              g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text, 0, 0));
            }
        }
    }
  /* Decimals were there to get wrong (prices, spot). */
  g_assert_cmpuint (n_numbers, >, 0);
  g_assert_cmpuint (n_decimals, >, 0);
  g_assert_cmpuint (n_times, >, 0);
  g_type_class_unref (klass);
}

static void
test_jsonl (void)
{
  g_autofree char *out = watch ("jsonl", "flow-alerts", "gex:SPY", NULL);
  g_auto(GStrv) lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint n_fractions = 0;

  g_assert_cmpuint (g_strv_length (lines), >, 10);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      g_autoptr(GList) members = NULL;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (object, l->data);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
            n_fractions += json_node_get_double (node) != (gint64) json_node_get_double (node);
        }
      if (json_object_has_member (object, "expiry"))
        g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                                             json_object_get_string_member (object, "expiry"), 0, 0));
    }
  g_assert_cmpuint (n_fractions, >, 0);
}

static void
test_summary (void)
{
  g_autofree char *out = watch ("summary", "flow-alerts", NULL);

  if (!g_regex_match_simple ("^frames=61 records=60 acks=1 errors=0 seconds=[0-9]+\\.[0-9]{3} "
                             "records_per_s=[0-9]+\n$", out, 0, 0))
    g_error ("unexpected summary: %s", out);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/locale/de-exists", test_locale_exists);
  g_test_add_func ("/cli/locale/csv-numbers-and-times", test_csv);
  g_test_add_func ("/cli/locale/jsonl-numbers-and-dates", test_jsonl);
  g_test_add_func ("/cli/locale/summary-numbers", test_summary);

  return g_test_run ();
}
