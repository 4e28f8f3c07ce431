// One sandbox: its files (upload, download, delete), a notebook on a code context, and background processes
// whose logs stream live.
import * as api from './api.js';
import { $, el, announce } from './dom.js';
import { renderTree, upload } from './files.js';
import { openNotebook } from './notebook.js';

let current = null;
let logStream = null;

const showError = (error) => { $('#sandbox-error').textContent = error.message; };

export function initSandbox() {
  $('#refresh-files').addEventListener('click', () => renderTree(current, $('#file-tree'), showError));
  $('#upload-input').addEventListener('change', async (event) => {
    try {
      await upload(current, [...event.target.files]);
      event.target.value = '';
      await renderTree(current, $('#file-tree'), showError);
    } catch (error) { showError(error); }
  });
  $('#process-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const started = await api.post(`/v1/sandboxes/${encodeURIComponent(current)}/processes`, { command: $('#process-command').value });
      $('#process-command').value = '';
      announce(`Started process ${started.id}.`);
      await refreshProcesses();
      followLog(started.id);
    } catch (error) { showError(error); }
  });
}

export async function openSandbox(id) {
  current = id;
  $('#sandbox-title').textContent = `Sandbox ${id}`;
  $('#sandbox-error').textContent = '';
  $('#process-log').textContent = '';
  logStream?.abort();
  await Promise.all([renderTree(id, $('#file-tree'), showError), refreshProcesses(), openNotebook(id, showError)]);
}

export function closeSandbox() {
  logStream?.abort();
  logStream = null;
}

async function refreshProcesses() {
  const list = $('#process-list');
  try {
    const { processes } = await api.get(`/v1/sandboxes/${encodeURIComponent(current)}/processes`);
    if (processes.length === 0) {
      list.replaceChildren(el('li', { className: 'hint' }, 'No background processes.'));
      return;
    }
    list.replaceChildren(...processes.map((p) => el('li', { className: 'process' },
      el('code', {}, p.command),
      el('span', { className: `badge ${p.status === 'running' ? 'ok' : 'idle'}` }, p.status + (p.exitCode !== null && p.exitCode !== undefined ? ` (exit ${p.exitCode})` : '')),
      el('button', { type: 'button', className: 'quiet', onclick: () => followLog(p.id) }, 'Show log', el('span', { className: 'visually-hidden' }, ` of ${p.command}`)),
      p.status === 'running' ? el('button', {
        type: 'button', className: 'quiet danger', onclick: async () => {
          try {
            await api.del(`/v1/sandboxes/${encodeURIComponent(current)}/processes/${encodeURIComponent(p.id)}`);
            announce('Process stopped.');
            await refreshProcesses();
          } catch (error) { showError(error); }
        },
      }, 'Stop', el('span', { className: 'visually-hidden' }, ` ${p.command}`)) : null)));
  } catch (error) { showError(error); }
}

/** Replays the process's output so far, then follows it until it exits (GET .../stream). */
async function followLog(processId) {
  logStream?.abort();
  const controller = new AbortController();
  logStream = controller;
  const log = $('#process-log');
  log.replaceChildren();
  try {
    const path = `/v1/sandboxes/${encodeURIComponent(current)}/processes/${encodeURIComponent(processId)}/stream`;
    for await (const item of api.events('GET', path, undefined, controller.signal)) {
      if (item.type === 'stdout' || item.type === 'stderr') log.append(el('span', { className: item.type }, item.data));
      else if (item.type === 'exit') {
        log.append(el('span', { className: 'hint' }, `\n[exited: ${item.reason ?? item.status}${item.exitCode !== undefined ? `, code ${item.exitCode}` : ''}]\n`));
        await refreshProcesses();
      } else if (item.type === 'error') log.append(el('span', { className: 'stderr' }, `\n[${item.message}]\n`));
    }
  } catch (error) {
    if (!controller.signal.aborted) showError(error);
  }
}
