'use strict';
// What a Node zygote would save: `console.log(1+1)` in a child forked from an initialized Node, against a raw
// `node -e` spawn, side by side in blocks of 20 taken by turns, one run at a time. CPU is the whole machine's
// (/proc/stat), so run it on an otherwise idle machine. Usage: run.sh [runs]. Nothing here runs in a sandbox.
const { spawnSync } = require('child_process');
const fs = require('fs');
const Module = require('module');
const { performance } = require('perf_hooks');

const addon = require(process.argv[2]);
const runs = Number(process.argv[3] || 200);
const code = 'console.log(1+1)';
const block = 20;

const busyTicks = () => {
  const [user, nice, system, , , irq, softirq] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq;
};
const msPerTick = 10; // USER_HZ 100

function raw() {
  const result = spawnSync('/usr/bin/node', ['-e', code], { env: {}, encoding: 'utf8' });
  if (result.stdout !== '2\n')
    throw new Error(`raw node: ${result.stdout}${result.stderr}`);
}

/** Forks this Node; the child runs `body` with its stdout on a pipe and ends without Node's teardown. */
function inChild(body) {
  const [out, into] = addon.pipe();
  if (addon.fork() === 0) {
    addon.stdoutTo(into);
    process.reallyExit = (status) => addon.exit(status ?? 0);
    process.on('exit', (status) => addon.exit(status));
    body();
    return null;
  }
  fs.closeSync(into);
  const status = addon.wait();
  const output = fs.readFileSync(out, 'utf8');
  fs.closeSync(out);
  return { status, output };
}

function forked() {
  const ended = inChild(() => {
    // As a run's main module would start: its code compiled and run from a fresh tick.
    const main = new Module('/probe/main.js', null);
    main.filename = '/probe/main.js';
    process.nextTick(() => main._compile(code, main.filename));
  });
  if (ended && (ended.status !== 0 || ended.output !== '2\n'))
    throw new Error(`forked node: status ${ended.status}, ${ended.output}`);
  return ended;
}

const measured = { raw: { times: [], ticks: 0 }, forked: { times: [], ticks: 0 } };
for (let done = 0; done < runs; done += block) {
  for (const [name, run] of [['raw', raw], ['forked', forked]]) {
    const before = busyTicks();
    for (let i = 0; i < block; i++) {
      const start = performance.now();
      if (run() === null)
        return; // the child, its run scheduled
      measured[name].times.push(performance.now() - start);
    }
    measured[name].ticks += busyTicks() - before;
  }
}
const p50 = (times) => times.slice().sort((a, b) => a - b)[times.length >> 1];
for (const [name, m] of Object.entries(measured))
  console.log(`${name.padEnd(7)} p50 ${p50(m.times).toFixed(2)} ms, CPU ${(m.ticks * msPerTick / m.times.length).toFixed(2)} ms per run`);
console.log(`forked / raw: p50 x${(p50(measured.forked.times) / p50(measured.raw.times)).toFixed(2)}, CPU x${(measured.forked.ticks / measured.raw.ticks).toFixed(2)}`);

// What stands in the way, shown: every child draws the same Math.random numbers and keeps the zygote's pid.
console.log("three children's Math.random(), process.pid and real pid:");
for (let i = 0; i < 3; i++) {
  const ended = inChild(() => {
    fs.writeSync(1, `${Math.random()} ${process.pid} ${fs.readlinkSync('/proc/self')}\n`);
    addon.exit(0);
  });
  if (ended === null)
    return;
  process.stdout.write(`  ${ended.output}`);
}
