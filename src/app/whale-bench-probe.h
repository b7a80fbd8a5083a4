/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-window.h"

G_BEGIN_DECLS

/* The UI benchmark's probe (bench/ui-bench.py): shows the Flow page sorted by premium,
 * then for @seconds measures the main loop (the longest gap between runs of a 1 ms
 * timeout), the window's frame clock (tick intervals) and RSS, writes them as key=value
 * lines to @report_path and quits the application. */
void whale_bench_probe_start (WhaleWindow *window,
                              const char  *report_path,
                              double       seconds);

G_END_DECLS
