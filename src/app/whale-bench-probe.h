/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "whale-window.h"

G_BEGIN_DECLS

/* The UI benchmark's probe (bench/ui-bench.py): shows the Flow page sorted by premium,
 * waits until the flow feed is full (at most @max_warmup seconds), sets the demo server's
 * flow alerts to @flow_rate per second (< 0: as they are), then for @seconds measures
 * the main loop (the longest gap between runs of a 1 ms timeout, and how much of it the
 * main thread spent on a CPU), the window's frame clock (tick intervals; each frame's
 * work, layout and paint), how long each change of the flow feed takes to reach the
 * view, and RSS, writes them as key=value lines to @report_path and quits the
 * application. */
void whale_bench_probe_start (WhaleWindow *window,
                              const char  *report_path,
                              double       seconds,
                              double       max_warmup,
                              double       flow_rate);

G_END_DECLS
