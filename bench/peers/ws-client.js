// SPDX-License-Identifier: GPL-3.0-or-later
// Peer client: Node.js + ws, as UW's Node example does it. Every frame is parsed with
// JSON.parse and kept in a bounded array of 10 000 (a ring). Prints one JSON line:
// frames, wall and CPU seconds (user + sys) from open to close, peak RSS.
'use strict';

const WebSocket = require('ws');

const url = process.argv[2];
const CAPACITY = 10000;
const ring = new Array(CAPACITY);
let next = 0;
let frames = 0;
let records = 0;
let t0 = 0n;
let cpu0 = null;

const ws = new WebSocket(url, { maxPayload: 4 * 1024 * 1024 });

ws.on('open', () => {
  t0 = process.hrtime.bigint();
  cpu0 = process.cpuUsage();
  ws.send(JSON.stringify({ channel: 'flow-alerts', msg_type: 'join' }));
});

ws.on('message', (data, isBinary) => {
  frames++;
  if (isBinary)
    return;
  const msg = JSON.parse(data);
  if (Array.isArray(msg) && msg.length === 2 && msg[0] === 'flow-alerts') {
    ring[next] = msg[1];
    next = (next + 1) % CAPACITY;
    records++;
  }
});

ws.on('close', () => {
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const usage = process.resourceUsage();
  console.log(JSON.stringify({
    client: 'node-ws',
    frames,
    records,
    seconds,
    cpu: (cpu.user + cpu.system) / 1e6,
    peak_rss_kb: usage.maxRSS,
    rss_kb: Math.round(process.memoryUsage().rss / 1024),
  }));
});

ws.on('error', (err) => {
  console.error(`node-ws: ${err.message}`);
  process.exitCode = 1;
});
