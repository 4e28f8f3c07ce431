// A notebook on a code context: cells run one after another in the same kernel, so state carries across cells;
// rich results (PNG charts, HTML tables, text) are shown inline.
import * as api from './api.js';
import { $, el, htmlFrame, pngImage, announce } from './dom.js';

let sandbox = null;
let context = null;
let onError = () => {};

export function initNotebook() {
  $('#new-context').addEventListener('click', () => createContext().catch(onError));
  $('#add-cell').addEventListener('click', () => addCell(true));
}

export async function openNotebook(id, errorHandler) {
  sandbox = id;
  onError = errorHandler;
  context = null;
  $('#cells').replaceChildren();
  try {
    const { contexts } = await api.get(`/v1/sandboxes/${encodeURIComponent(id)}/contexts`);
    context = contexts.find((c) => c.alive) ?? null;
  } catch (error) {
    if (error.status !== 404) onError(error);
  }
  describeContext();
  addCell(false);
}

function describeContext() {
  $('#context-status').textContent = context
    ? `Context ${context.id} (${context.language}), ${context.executionCount} run(s) so far.`
    : 'No context yet: the first cell starts one in the chosen language.';
}

async function createContext() {
  context = await api.post(`/v1/sandboxes/${encodeURIComponent(sandbox)}/contexts`, { language: $('#context-language').value });
  describeContext();
  announce(`Started a ${context.language} context.`);
}

function addCell(focus) {
  const cells = $('#cells');
  const number = cells.children.length + 1;
  const id = `cell-${number}`;
  const input = el('textarea', { id, className: 'cell-input', rows: 3, spellcheck: false, 'aria-describedby': `${id}-hint` });
  const output = el('div', { className: 'cell-output', 'aria-live': 'polite' });
  const runButton = el('button', { type: 'button' }, 'Run', el('span', { className: 'visually-hidden' }, ` cell ${number}`));
  const run = () => runCell(input.value, output, runButton);
  runButton.addEventListener('click', run);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
  });
  cells.append(el('li', { className: 'cell' },
    el('label', { htmlFor: id }, `Cell ${number}`),
    input,
    el('span', { id: `${id}-hint`, className: 'visually-hidden' }, 'Ctrl+Enter runs the cell.'),
    el('div', { className: 'row' }, runButton),
    output));
  if (focus) input.focus();
}

async function runCell(code, output, button) {
  if (!code.trim()) return;
  button.disabled = true;
  output.replaceChildren(el('p', { className: 'hint' }, 'Running…'));
  try {
    if (!context) await createContext();
    const result = await api.post(`/v1/sandboxes/${encodeURIComponent(sandbox)}/contexts/${encodeURIComponent(context.id)}/run`, { code });
    output.replaceChildren(...renderResult(result));
    context.executionCount = result.executionCount;
    describeContext();
    const cells = $('#cells');
    if (button.closest('li') === cells.lastElementChild) addCell(false);
  } catch (error) {
    output.replaceChildren(el('p', { className: 'error' }, error.message));
  } finally {
    button.disabled = false;
  }
}

function renderResult(result) {
  const parts = [el('p', { className: 'hint' }, `[${result.executionCount}]`)];
  const stdout = result.logs.stdout.join('');
  const stderr = result.logs.stderr.join('');
  if (stdout || stderr) {
    parts.push(el('pre', { className: 'output', tabindex: '0', 'aria-label': 'Cell output' },
      stdout ? el('span', { className: 'stdout' }, stdout) : null, stderr ? el('span', { className: 'stderr' }, stderr) : null));
  }
  for (const bundle of result.results) {
    if (bundle['image/png']) parts.push(pngImage(bundle['image/png'], 'Chart made by the cell'));
    else if (bundle['text/html']) parts.push(htmlFrame(bundle['text/html'], 'HTML result of the cell'));
    else if (bundle['text/plain'] !== undefined) parts.push(el('pre', { className: 'output result', tabindex: '0', 'aria-label': 'Cell result' }, bundle['text/plain']));
  }
  if (result.error) {
    parts.push(el('pre', { className: 'output stderr', role: 'alert', tabindex: '0' },
      `${result.error.name}: ${result.error.message}\n${(result.error.traceback ?? []).join('\n')}`));
  }
  return parts;
}
