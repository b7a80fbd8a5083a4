/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Benchmark helpers shared by the generator and the clients. */

/* Renders @n flow-alert frames ("[\"flow-alerts\",{...}]", ~920 bytes each) with the
 * simulator's own generator: an in-process WhaleSimulator at full speed and a plain
 * libsoup client that keeps what it receives. An array of GBytes. */
GPtrArray *bench_render_frames (guint    n,
                                GError **error);

/* Seconds of a monotonic clock. */
double     bench_now           (void);
/* User + system CPU seconds of this process so far. */
double     bench_cpu_seconds   (void);
/* Peak resident set size in KiB (VmHWM), and the current one (VmRSS). */
guint64    bench_peak_rss_kb   (void);
guint64    bench_rss_kb        (void);

G_END_DECLS
