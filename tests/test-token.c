/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "whale-token.h"

/* Runs under tests/run-with-keyring: a private bus and a fresh, unlocked keyring. */

/* Everything logged while the tests run, debug messages included, to check that the
 * token never shows up there. */
static GString *logged;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (logged, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
    else
      {
        g_string_append_printf (logged, "%s=", fields[i].key);
        g_string_append_len (logged, fields[i].value, fields[i].length);
        g_string_append_c (logged, '\n');
      }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add_seconds (20, deadline_cb, &expired);

  while (*result == NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (deadline);
  return *result;
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
store (const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  whale_token_store_async (token, NULL, result_cb, &result);
  ok = whale_token_store_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  return ok;
}

static char *
lookup (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  whale_token_lookup_async (NULL, result_cb, &result);
  token = whale_token_lookup_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  return token;
}

/* Compares without printing either value, as g_assert_cmpstr would on failure. */
static void
assert_token_is (const char *token,
                 const char *expected)
{
  g_assert_nonnull (token);
  g_assert_true (strcmp (token, expected) == 0);
}

static void
test_token_round_trip (void)
{
  g_autofree char *secret = g_strdup_printf ("wt-%08x%08x", g_random_int (), g_random_int ());
  g_autofree char *other = g_strdup_printf ("wt-%08x%08x", g_random_int (), g_random_int ());
  g_autofree char *found = NULL;
  g_autofree char *found_sync = NULL;
  g_autoptr(GError) error = NULL;

  /* A fresh keyring holds nothing: NULL, and no error. */
  found = lookup ();
  g_assert_null (found);

  g_assert_true (store (secret));
  found = lookup ();
  assert_token_is (found, secret);
  found_sync = whale_token_lookup_sync (NULL, &error);
  g_assert_no_error (error);
  assert_token_is (found_sync, secret);
  g_clear_pointer (&found, g_free);
  g_clear_pointer (&found_sync, g_free);

  /* Storing again replaces it. */
  g_assert_true (store (other));
  found = lookup ();
  assert_token_is (found, other);
  g_clear_pointer (&found, g_free);

  /* NULL clears it; "" too, and clearing nothing is no failure. */
  g_assert_true (store (NULL));
  found = lookup ();
  g_assert_null (found);
  found_sync = whale_token_lookup_sync (NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found_sync);
  g_assert_true (store (secret));
  g_assert_true (store (""));
  found = lookup ();
  g_assert_null (found);
  g_assert_true (store (""));

  g_assert_null (strstr (logged->str, secret));
  g_assert_null (strstr (logged->str, other));
  /* The capture itself works: were the token logged, we would see it. */
  g_debug ("capture check %s", "wt-canary");
  g_assert_nonnull (strstr (logged->str, "wt-canary"));
}

static void
test_token_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_cancellable_cancel (cancellable);
  whale_token_lookup_async (cancellable, result_cb, &result);
  token = whale_token_lookup_finish (wait_for_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (token);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  logged = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/token/round-trip", test_token_round_trip);
  g_test_add_func ("/keyring/token/cancelled", test_token_cancelled);

  status = g_test_run ();
  g_string_free (logged, TRUE);
  return status;
}
