/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

G_GNUC_UNUSED static gboolean
whale_test_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the thread-default main context until @cond holds; fails the test after
 * @timeout_ms. A 20 ms tick keeps the deadline checked when nothing else happens. */
#define WHALE_WAIT_UNTIL(cond, timeout_ms)                                          \
  G_STMT_START {                                                                    \
    gint64 whale_deadline_ = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    guint whale_tick_ = g_timeout_add (20, whale_test_tick_cb, NULL);               \
    while (!(cond))                                                                 \
      {                                                                             \
        if (g_get_monotonic_time () > whale_deadline_)                              \
          g_error ("%s:%d: timed out after %d ms waiting for %s",                   \
                   __FILE__, __LINE__, (int) (timeout_ms), #cond);                  \
        g_main_context_iteration (NULL, TRUE);                                      \
      }                                                                             \
    g_source_remove (whale_tick_);                                                  \
  } G_STMT_END

/* Spins for @ms to show that something does NOT happen in that time. */
#define WHALE_SPIN_FOR(ms)                                                          \
  G_STMT_START {                                                                    \
    gint64 whale_until_ = g_get_monotonic_time () + (gint64) (ms) * 1000;           \
    guint whale_tick_ = g_timeout_add (20, whale_test_tick_cb, NULL);               \
    while (g_get_monotonic_time () < whale_until_)                                  \
      g_main_context_iteration (NULL, TRUE);                                        \
    g_source_remove (whale_tick_);                                                  \
  } G_STMT_END

G_END_DECLS
