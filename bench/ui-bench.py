#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The UI responsiveness benchmark: the real app under Xvfb on the Flow page sorted by
premium, its demo server flooding it with option prints (into a subscribed feed nothing
shows) plus flow alerts, while a probe in the app measures the main loop and the frame
clock (see src/app/whale-bench-probe.c and the hook in src/core/whale-session.c).

  bench/ui-bench.py --build build-bench [--seconds 60] [--option-rate 5000]
                    [--flow-rate 200] [--fill-rate 2000] [--warmup 60]
                    [--baseline-seconds 20] [--smoke]

The flow feed is first filled (flow alerts at --fill-rate until its 20 000 rows are
there), so the whole measurement runs against the largest sorted view. Before the flood
the same window runs --baseline-seconds on a quiet tape, a peer in the same run: how much
of the frame intervals' spread is this machine's and Xvfb's, and how much the flood's.

--smoke (for make test): a few seconds, the report checked for shape, no verdicts."""

import argparse
import os
import platform
import subprocess
import sys
import tempfile

TARGET_STALL_MS = 50.0
TARGET_P99_MS = 20.0
TARGET_RSS_GROWTH = 0.10


def run(args, seconds, option_rate, flow_rate):
    app = os.path.join(args.build, 'src', 'app', 'whalewatch')
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, 'report')
        env = dict(os.environ)
        env.update({
            'WHALEWATCH_BENCH_REPORT': report,
            'WHALEWATCH_BENCH_SECONDS': str(seconds),
            'WHALEWATCH_BENCH_WARMUP': str(args.warmup),
            'WHALEWATCH_BENCH_FLOW_RATE': str(flow_rate),
            'WHALEWATCH_SIMULATOR_RATE': str(args.fill_rate),
            'WHALEWATCH_SIMULATOR_OPTION_TRADES_RATE': str(option_rate),
            'GSETTINGS_BACKEND': 'memory',
            'GSETTINGS_SCHEMA_DIR': os.path.join(args.build, 'data'),
            'GDK_BACKEND': 'x11',
            'GSK_RENDERER': os.environ.get('GSK_RENDERER', 'cairo'),
            'GTK_A11Y': 'none',
            'NO_AT_BRIDGE': '1',
            'XDG_CONFIG_HOME': os.path.join(tmp, 'config'),
            'XDG_DATA_HOME': os.path.join(tmp, 'data'),
            'XDG_CACHE_HOME': os.path.join(tmp, 'cache'),
        })
        # A private session bus: a unique application of its own, and no keyring token,
        # so the app runs on its demo server.
        cmd = ['xvfb-run', '-a', '-s', '-screen 0 1600x1000x24',
               'dbus-run-session', '--', app]
        timeout = seconds + args.warmup + 60
        proc = subprocess.run(cmd, env=env, timeout=timeout, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        if not os.path.exists(report):
            sys.stderr.write(proc.stdout)
            sys.exit(f'ui-bench: the app wrote no report (exit {proc.returncode})')
        with open(report) as f:
            values = dict(line.strip().split('=', 1) for line in f if '=' in line)
    return {k: float(v) for k, v in values.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--build', default='build-bench')
    parser.add_argument('--seconds', type=float, default=60)
    parser.add_argument('--option-rate', type=float, default=5000)
    parser.add_argument('--flow-rate', type=float, default=200,
                        help='flow alerts/s while measuring')
    parser.add_argument('--fill-rate', type=float, default=2000,
                        help='flow alerts/s until the flow feed is full')
    parser.add_argument('--warmup', type=float, default=60,
                        help='the longest wait for a full flow feed, s')
    parser.add_argument('--baseline-seconds', type=float, default=20,
                        help='the same window on a quiet tape first, as a peer; 0 = none')
    parser.add_argument('--smoke', action='store_true')
    args = parser.parse_args()

    # The peer: the same app, feed and sorted view on a quiet tape, one flow alert a
    # second and no option prints (a flow rate of 0 would be the simulator's unthrottled
    # pump). Under Xvfb GTK's frame clock has no vsync to follow, so even a quiet
    # window's frame intervals spread over a few ms: this is how far, here and now.
    quiet = None
    if args.baseline_seconds > 0:
        quiet = run(args, args.baseline_seconds, 0, 1)
    r = run(args, args.seconds, args.option_rate, args.flow_rate)
    option_rate = (r['server_frames_sent'] - r['flow_alerts_received']) / r['seconds']
    print(f"# UI benchmark: {r['seconds']:.1f} s (after {r['warmup_s']:.0f} s filling the feed) "
          f"on the Flow page sorted by premium, "
          f"{args.option_rate:.0f} option prints/s (asked) + {args.flow_rate:.0f} flow alerts/s")
    print(f"  machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}")
    print(f"  server sent {r['server_frames_sent']:.0f} frames "
          f"(~{option_rate:.0f} option prints/s + others), "
          f"app got {r['flow_alerts_received']:.0f} flow alerts "
          f"({r['flow_alerts_received'] / r['seconds']:.0f}/s), "
          f"{r['flow_rows']:.0f} rows shown at the end")
    print(f"  main-loop probe ran {r['probe_runs']:.0f} times; {r['frames']:.0f} frames drawn "
          f"(p50 interval {r['frame_interval_p50_ms']:.1f} ms, max {r['frame_interval_max_ms']:.1f} ms)")
    frames = max(1, r['frames'])
    applies = max(1, r['applies'])
    print(f"  a frame's work max {r['frame_work_max_ms']:.1f} ms "
          f"(mean {r['frame_work_total_ms'] / frames:.2f}): "
          f"layout max {r['layout_max_ms']:.1f} (mean {r['layout_total_ms'] / frames:.2f}), "
          f"paint max {r['paint_max_ms']:.1f} (mean {r['paint_total_ms'] / frames:.2f})")
    print(f"  update (tick callbacks, style) max {r['update_max_ms']:.1f} ms "
          f"(mean {r['update_total_ms'] / frames:.2f}); the longest frame: "
          f"update {r['worst_frame_update_ms']:.1f}, layout {r['worst_frame_layout_ms']:.1f}, "
          f"paint {r['worst_frame_paint_ms']:.1f} ms")
    print(f"  flow feed changes to the view: {r['applies']:.0f}, "
          f"max {r['apply_max_ms']:.1f} ms (mean {r['apply_total_ms'] / applies:.2f})")
    print(f"  longest main-loop stall   {r['longest_stall_ms']:8.1f} ms "
          f"(main thread on a CPU {r['longest_stall_cpu_ms']:.1f} ms of it, waiting for one "
          f"{r['longest_stall_wait_ms']:.1f} ms, its CPU taken by the host up to "
          f"~{r['longest_stall_steal_ms']:.0f} ms; most on a CPU in any stall "
          f"{r['most_cpu_in_a_stall_ms']:.1f} ms)")
    print(f"  p99 frame interval        {r['frame_interval_p99_ms']:8.1f} ms")
    if quiet is not None:
        print(f"  quiet peer ({quiet['seconds']:.0f} s, same window, 1 flow alert/s, no option "
              f"prints): p99 frame interval {quiet['frame_interval_p99_ms']:.1f} ms, "
              f"longest stall {quiet['longest_stall_ms']:.1f} ms; the flood adds "
              f"{r['frame_interval_p99_ms'] - quiet['frame_interval_p99_ms']:+.1f} ms to the p99")
    full = (f", {r['rss_full_mb']:.1f} MB when the flow feed filled "
            f"({r['rss_full_at_s']:.0f} s in)" if r['rss_full_mb'] > 0 else
            ', the flow feed never filled')
    print(f"  RSS                       {r['rss_start_mb']:8.1f} MB at start{full}, "
          f"{r['rss_end_mb']:.1f} MB at the end")

    for report in (r, quiet or r):
        for key in ('longest_stall_ms', 'longest_stall_steal_ms', 'frame_interval_p99_ms',
                    'rss_start_mb', 'rss_end_mb', 'server_frames_sent', 'probe_runs',
                    'sorted_by_premium'):
            if key not in report:
                sys.exit(f'ui-bench: report lacks {key}')
        if report['sorted_by_premium'] != 1:
            sys.exit('ui-bench: the Flow table was not sorted by premium at the end')
    if args.smoke:
        if r['probe_runs'] <= 0 or r['server_frames_sent'] <= 0:
            sys.exit('ui-bench: nothing measured')
        return

    base = r['rss_full_mb'] if r['rss_full_mb'] > 0 else r['rss_start_mb']
    growth = r['rss_end_mb'] / base - 1
    checks = [
        (f'longest main-loop stall <= {TARGET_STALL_MS:.0f} ms', r['longest_stall_ms'],
         r['longest_stall_ms'] <= TARGET_STALL_MS),
        (f'p99 frame interval <= {TARGET_P99_MS:.0f} ms', r['frame_interval_p99_ms'],
         r['frame_interval_p99_ms'] <= TARGET_P99_MS),
        ('RSS flat (end vs once the feed is full, <= 10 %)', growth,
         growth <= TARGET_RSS_GROWTH),
    ]
    for name, value, ok in checks:
        print(f"{'met   ' if ok else 'MISSED'} {name}: {value:.3f}")


if __name__ == '__main__':
    main()
