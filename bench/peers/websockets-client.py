#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer client: Python 3 + websockets, as UW's Python example does it. Every frame is
parsed with json.loads and kept in a deque(maxlen=10000). Prints one JSON line: frames,
wall and CPU seconds (user + sys) from open to close, peak RSS."""

import asyncio
import collections
import json
import resource
import sys
import time

import websockets


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_kb():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


async def main(url):
    ring = collections.deque(maxlen=10000)
    frames = records = 0
    async with websockets.connect(url, max_size=4 * 1024 * 1024) as ws:
        t0 = time.monotonic()
        cpu0 = cpu_seconds()
        await ws.send(json.dumps({'channel': 'flow-alerts', 'msg_type': 'join'}))
        async for message in ws:
            frames += 1
            msg = json.loads(message)
            if isinstance(msg, list) and len(msg) == 2 and msg[0] == 'flow-alerts':
                ring.append(msg[1])
                records += 1
    seconds = time.monotonic() - t0
    cpu = cpu_seconds() - cpu0
    print(json.dumps({
        'client': 'python-websockets',
        'frames': frames,
        'records': records,
        'seconds': seconds,
        'cpu': cpu,
        'peak_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        'rss_kb': rss_kb(),
    }), flush=True)


if __name__ == '__main__':
    asyncio.run(main(sys.argv[1]))
