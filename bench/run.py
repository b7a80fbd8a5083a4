#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the ingest benchmark: one generator, each client in turn, the order rotated and
reversed across rounds, then a table of medians with ratios against Node.js + ws, the
RSS check and the targets of issue 6.

  bench/run.py --build build-bench [--frames 200000] [--rounds 5] [--smoke]

--smoke (for make test): the bench code end to end with few frames, one round, the
peers only when they are installed, no RSS check and no timing verdicts."""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, 'peers')

TARGET_SPEED = 1.5       # core ingest frames/s, x Node + ws
TARGET_CPU = 0.5         # core ingest CPU per frame, x Node + ws
TARGET_CEILING = 0.5     # core ingest frames/s, x libsoup receive-and-discard
TARGET_RSS_MB = 30.0     # core ingest peak RSS with a 20 000-record feed
TARGET_RSS_GROWTH = 0.10 # 100 000 -> 1 000 000 frames

LABELS = {
    'ingest': 'whalewatch core ingest (feed keeps payloads, the default)',
    'ingest-lean': 'whalewatch core ingest (feed without payloads)',
    'node-ws': 'Node.js + ws',
    'python-websockets': 'Python + websockets',
    'soup': 'libsoup receive-and-discard, socket as libsoup opens it',
    'soup-buffered': 'libsoup receive-and-discard, socket and settings as the app has them (ceiling)',
    'decode': 'frame decoder from memory (ceiling)',
}


def peer_python():
    """Debian's python3 has python3-websockets; another python3 on PATH may not."""
    candidates = [os.environ.get('BENCH_PYTHON'), '/usr/bin/python3', sys.executable]
    for python in candidates:
        if python and os.path.exists(python) and subprocess.run(
                [python, '-c', 'import websockets'], capture_output=True).returncode == 0:
            return python
    return None


class Generator:
    def __init__(self, path, pool):
        self.proc = subprocess.Popen([path, '--pool', str(pool)], stdout=subprocess.PIPE,
                                     text=True)
        hello = json.loads(self.proc.stdout.readline())
        self.port = hello['port']
        self.mean_frame_bytes = hello['mean_frame_bytes']

    def url(self, frames):
        return f'ws://127.0.0.1:{self.port}/socket?frames={frames}'

    def report(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError('the generator stopped')
        return json.loads(line)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def run_client(name, argv, gen, frames, timeout):
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f'{name} failed ({proc.returncode}): {proc.stderr.strip()}')
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if name != 'decode':
        result['generator'] = gen.report()
    if result['frames'] != frames:
        raise RuntimeError(f'{name} received {result["frames"]} frames, not {frames}')
    if name.startswith('ingest') and (result['records'] != frames
                                      or result['payloads'] != (name == 'ingest')):
        raise RuntimeError(f'{name}: {result["records"]} records, payloads {result["payloads"]}')
    return result


def median(values):
    return statistics.median(values) if values else float('nan')


def machine():
    model = platform.processor() or '?'
    try:
        with open('/proc/cpuinfo') as cpuinfo:
            for line in cpuinfo:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return f'{os.cpu_count()} CPUs ({model}), Linux {platform.release()}'


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--build', default='build-bench', help='meson build directory')
    parser.add_argument('--frames', type=int, default=200000)
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--pool', type=int, default=16384, help='distinct frames cycled')
    parser.add_argument('--smoke', action='store_true')
    parser.add_argument('--no-rss-check', action='store_true')
    args = parser.parse_args()

    gen_path = os.path.join(args.build, 'bench', 'whale-bench-gen')
    client = os.path.join(args.build, 'bench', 'whale-bench-client')
    for path in (gen_path, client):
        if not os.access(path, os.X_OK):
            sys.exit(f'{path} is missing: build first (meson compile -C {args.build})')

    frames = args.frames
    rounds = 1 if args.smoke else args.rounds
    timeout = 60 + frames / 2000

    gen = Generator(gen_path, min(args.pool, frames))
    clients = {
        'ingest': lambda: [client, '--mode', 'ingest', '--url', gen.url(frames)],
        'ingest-lean': lambda: [client, '--mode', 'ingest', '--no-payloads',
                                '--url', gen.url(frames)],
    }
    node = shutil.which('node')
    if node and os.path.isdir(os.path.join(PEERS, 'node_modules', 'ws')):
        clients['node-ws'] = lambda: [node, os.path.join(PEERS, 'ws-client.js'),
                                      gen.url(frames)]
    elif not args.smoke:
        sys.exit('Node.js or bench/peers/node_modules/ws is missing: run make bench')
    python = peer_python()
    if python:
        clients['python-websockets'] = lambda: [python, os.path.join(PEERS,
                                                                     'websockets-client.py'),
                                                gen.url(frames)]
    elif not args.smoke:
        sys.exit('python3-websockets is missing: run make bench')
    clients['soup'] = lambda: [client, '--mode', 'soup', '--url', gen.url(frames)]
    clients['soup-buffered'] = lambda: [client, '--mode', 'soup-buffered', '--url',
                                        gen.url(frames)]
    clients['decode'] = lambda: [client, '--mode', 'decode', '--frames', str(frames),
                                 '--pool', str(min(args.pool, frames))]

    names = list(clients)
    results = {name: [] for name in names}
    print(f'# {frames} flow-alert frames (mean {gen.mean_frame_bytes:.0f} bytes) per client, '
          f'{rounds} round(s), order rotated and reversed each round', flush=True)
    try:
        for r in range(rounds):
            shift = r % len(names)
            order = names[shift:] + names[:shift]
            if r % 2:
                order.reverse()
            for name in order:
                result = run_client(name, clients[name](), gen, frames, timeout)
                results[name].append(result)
                gen_busy = result.get('generator', {}).get('busy')
                print(f'  round {r + 1} {name:18} {frames / result["seconds"]:>10.0f} frames/s '
                      f'{result["cpu"] / frames * 1e5:6.3f} CPU s/100k '
                      f'{result["peak_rss_kb"] / 1024:6.1f} MB'
                      + (f'  (generator busy {gen_busy:.1%})' if gen_busy is not None else ''),
                      flush=True)

        rss = {}
        if not args.smoke and not args.no_rss_check:
            for variant in ('ingest', 'ingest-lean'):
                for n in (100000, 1000000):
                    argv = [client, '--mode', 'ingest', '--url', gen.url(n)]
                    if variant == 'ingest-lean':
                        argv.append('--no-payloads')
                    result = run_client(variant, argv, gen, n, 60 + n / 2000)
                    rss[variant, n] = result['peak_rss_kb'] / 1024
                    print(f'  rss check: {variant} of {n} frames: peak RSS '
                          f'{rss[variant, n]:.1f} MB', flush=True)
    finally:
        gen.stop()

    summary = {}
    for name in names:
        runs = results[name]
        summary[name] = {
            'fps': median([frames / x['seconds'] for x in runs]),
            'cpu': median([x['cpu'] / frames * 1e5 for x in runs]),
            'rss': median([x['peak_rss_kb'] / 1024 for x in runs]),
            'busy': median([x['generator']['busy'] for x in runs if 'generator' in x]),
        }
    ref = summary.get('node-ws')

    print()
    print(f'Machine: {machine()}')
    print(f'Frames: {frames} per client per round, medians of {rounds} round(s)')
    print()
    print('| client | frames/s | × Node+ws | CPU s / 100k frames | × Node+ws | peak RSS MB '
          '| generator busy |')
    print('|---|---:|---:|---:|---:|---:|---:|')
    for name in names:
        s = summary[name]
        speed = f'{s["fps"] / ref["fps"]:.2f}' if ref else '–'
        cpu = f'{s["cpu"] / ref["cpu"]:.2f}' if ref else '–'
        busy = f'{s["busy"]:.1%}' if s['busy'] == s['busy'] else '–'
        print(f'| {LABELS[name]} | {s["fps"]:,.0f} | {speed} | {s["cpu"]:.3f} | {cpu} '
              f'| {s["rss"]:.1f} | {busy} |')
    growth = {}
    if rss:
        print()
        for variant in ('ingest', 'ingest-lean'):
            growth[variant] = rss[variant, 1000000] / rss[variant, 100000] - 1
            print(f'RSS check ({LABELS[variant]}, 20 000-record feed): '
                  f'{rss[variant, 100000]:.1f} MB after 100 000 frames, '
                  f'{rss[variant, 1000000]:.1f} MB after 1 000 000 ({growth[variant]:+.1%})')

    if args.smoke or ref is None:
        return 0

    # The ceiling is libsoup as the app has it: over the socket as the app opens it (read
    # in 64 KiB gulps) and with the app's libsoup settings (whale_websocket_tune_libsoup()).
    # The faster of the two, so the stricter; the stock one is printed for comparison.
    soup = summary['soup-buffered']
    checks = []
    for variant in ('ingest', 'ingest-lean'):
        core = summary[variant]
        tag = 'core ingest' + (' (no payloads)' if variant == 'ingest-lean' else '')
        checks += [
            (f'{tag} ≥ {TARGET_SPEED}× Node+ws frames/s', core['fps'] / ref['fps'],
             core['fps'] / ref['fps'] >= TARGET_SPEED),
            (f'{tag} ≤ {TARGET_CPU}× Node+ws CPU per frame', core['cpu'] / ref['cpu'],
             core['cpu'] / ref['cpu'] <= TARGET_CPU),
            (f'{tag} ≥ {TARGET_CEILING:.0%} of libsoup receive-and-discard',
             core['fps'] / soup['fps'], core['fps'] / soup['fps'] >= TARGET_CEILING),
            (f'{tag} share of libsoup as soup_session_websocket_connect() opens it',
             core['fps'] / summary['soup']['fps'], None),
            (f'{tag} peak RSS ≤ {TARGET_RSS_MB:.0f} MB', core['rss'],
             core['rss'] <= TARGET_RSS_MB),
        ]
        if rss:
            checks.append((f'{tag} RSS growth 100k → 1M frames ≤ {TARGET_RSS_GROWTH:.0%}',
                           growth[variant], growth[variant] <= TARGET_RSS_GROWTH, '+.1%'))
            checks.append((f'{tag} peak RSS at 1M frames ≤ {TARGET_RSS_MB:.0f} MB',
                           rss[variant, 1000000], rss[variant, 1000000] <= TARGET_RSS_MB))
    print()
    for label, value, ok, *spec in checks:
        print(f'{"info  " if ok is None else "met   " if ok else "MISSED"} {label}: '
              f'{value:{spec[0] if spec else ".2f"}}')
    # The ceiling's own rounds spread widely on a shared host; the verdict above is on
    # medians. Round by round (the ingest against the ceiling in the same round) shows
    # how far a verdict can be trusted.
    for variant in ('ingest', 'ingest-lean'):
        shares = [c['seconds'] / x['seconds']
                  for x, c in zip(results[variant], results['soup-buffered'])]
        print(f'info   {LABELS[variant]} share of the ceiling round by round: '
              + ', '.join(f'{share:.2f}' for share in shares))
    return 0


if __name__ == '__main__':
    sys.exit(main())
