// The monitor as a page: GET /v1/stats every two seconds, with small charts of each sandbox's CPU and memory
// over the last two minutes (CPU as a share of one core, from the growth of its CPU seconds).
import * as api from './api.js';
import { $, el, bytes, millis } from './dom.js';

const samples = 60; // two minutes at one sample every two seconds
const history = new Map();
const svgNs = 'http://www.w3.org/2000/svg';

export async function refreshStats() {
  let stats;
  try {
    stats = await api.get('/v1/stats');
    $('#stats-error').textContent = '';
  } catch (error) {
    $('#stats-error').textContent = error.message;
    return;
  }
  $('#stats-server').textContent = `Sandcastle ${stats.version}, up ${Math.round(stats.uptimeSeconds)} s.`;
  const now = Date.now();
  $('#stats-sandboxes').replaceChildren(...stats.sandboxes.map((s) => {
    const series = history.get(s.id) ?? { cpu: [], memory: [], last: null };
    history.set(s.id, series);
    const cpu = series.last && s.cpuSeconds !== null && series.last.cpu !== null
      ? Math.max(0, (s.cpuSeconds - series.last.cpu) / ((now - series.last.at) / 1000)) : 0;
    push(series.cpu, cpu * 100);
    push(series.memory, (s.memoryBytes ?? 0) / (1024 * 1024));
    series.last = { cpu: s.cpuSeconds, at: now };
    return el('li', { className: 'stat-card' },
      el('h4', {}, s.id, ' ', el('span', { className: `badge ${s.state === 'active' ? 'ok' : 'idle'}` }, s.state)),
      el('p', { className: 'hint' }, `${s.runningProcesses} process(es), ${s.contexts ?? 0} context(s)`),
      chart(series.cpu, `CPU of ${s.id}`, `${cpu * 100 < 10 ? (cpu * 100).toFixed(1) : Math.round(cpu * 100)} %`, 'cpu'),
      chart(series.memory, `Memory of ${s.id}`, bytes(s.memoryBytes ?? 0), 'memory'));
  }));
  if (stats.sandboxes.length === 0) $('#stats-sandboxes').append(el('li', { className: 'hint' }, 'No sandboxes yet.'));
  rows($('#stats-running tbody'), stats.runningExecutions, 4, (r) => [r.kind, r.sandboxId, r.question ?? r.command ?? '', millis(r.elapsedMs)]);
  rows($('#stats-recent tbody'), stats.recentExecutions, 6, (r) => [r.kind, r.sandboxId, r.question ?? r.command ?? '',
    r.success ? 'ok' : r.reason, millis(r.durationMs), `${r.inputTokens + r.outputTokens}`]);
}

function push(list, value) {
  list.push(value);
  if (list.length > samples) list.shift();
}

function rows(body, items, columns, cells) {
  if (items.length === 0) {
    body.replaceChildren(el('tr', {}, el('td', { colSpan: columns }, 'None.')));
    return;
  }
  body.replaceChildren(...items.map((item) => el('tr', {}, ...cells(item).map((text) => el('td', {}, text)))));
}

/** A sparkline: an SVG polyline scaled to its own maximum, labelled with its latest value for screen readers. */
function chart(values, title, latest, kind) {
  const width = 160;
  const height = 40;
  // Scaled to what was seen (with a floor, so idle noise stays flat), stretched over the samples so far.
  const max = Math.max(...values, kind === 'cpu' ? 5 : 1) * 1.15;
  const step = width / Math.max(values.length - 1, 1);
  const points = values.map((v, i) => `${i * step},${height - (v / max) * (height - 2) - 1}`).join(' ');
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('class', `spark ${kind}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title}: now ${latest}`);
  const line = document.createElementNS(svgNs, 'polyline');
  line.setAttribute('points', points);
  svg.append(line);
  return el('figure', { className: 'spark-figure' }, svg, el('figcaption', {}, `${kind === 'cpu' ? 'CPU' : 'Memory'}: ${latest}`));
}
