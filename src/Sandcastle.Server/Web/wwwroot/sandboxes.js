// The sandbox list: state and live usage from GET /v1/stats, refreshed while the view is open.
import * as api from './api.js';
import { $, el, bytes, since, announce } from './dom.js';

export function initSandboxes() {
  $('#new-sandbox-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = $('#new-sandbox-id').value.trim();
    try {
      await api.put(`/v1/sandboxes/${encodeURIComponent(id)}`, {});
      $('#new-sandbox-id').value = '';
      announce(`Created sandbox ${id}.`);
      location.hash = `#sandbox/${id}`;
    } catch (error) {
      $('#sandboxes-error').textContent = error.message;
    }
  });
}

export async function refreshSandboxes() {
  const body = $('#sandboxes-table tbody');
  try {
    const stats = await api.get('/v1/stats');
    $('#sandboxes-error').textContent = '';
    if (stats.sandboxes.length === 0) {
      body.replaceChildren(el('tr', {}, el('td', { colSpan: 7 }, 'No sandboxes yet: create one, or ask a question.')));
      return;
    }
    body.replaceChildren(...stats.sandboxes.map((s) => el('tr', {},
      el('th', { scope: 'row' }, el('a', { href: `#sandbox/${s.id}` }, s.id)),
      el('td', {}, el('span', { className: `badge ${s.state === 'active' ? 'ok' : 'idle'}` }, s.state)),
      el('td', {}, String(s.runningProcesses)),
      el('td', {}, bytes(s.memoryBytes)),
      el('td', {}, s.cpuSeconds === null ? '—' : `${s.cpuSeconds.toFixed(2)} s`),
      el('td', {}, since(s.lastUsedAt)),
      el('td', {}, el('button', {
        type: 'button', className: 'quiet danger', onclick: async () => {
          try {
            await api.del(`/v1/sandboxes/${encodeURIComponent(s.id)}`);
            announce(`Deleted sandbox ${s.id}.`);
            await refreshSandboxes();
          } catch (error) { $('#sandboxes-error').textContent = error.message; }
        },
      }, 'Delete', el('span', { className: 'visually-hidden' }, ` sandbox ${s.id}`))))));
  } catch (error) {
    $('#sandboxes-error').textContent = error.message;
  }
}
