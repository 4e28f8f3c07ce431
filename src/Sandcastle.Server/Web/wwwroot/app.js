// The playground's shell: hash routes (#ask, #sandboxes, #sandbox/ID, #stats), the API key prompt, and timers
// that refresh live views only while they are shown.
import * as api from './api.js';
import { $, announce } from './dom.js';
import { initAsk, loadCatalog } from './ask.js';
import { initSandboxes, refreshSandboxes } from './sandboxes.js';
import { initSandbox, openSandbox, closeSandbox } from './sandbox.js';
import { initNotebook } from './notebook.js';
import { refreshStats } from './stats.js';

const views = ['key', 'ask', 'sandboxes', 'sandbox', 'stats'];
let timer = null;
let ready = false;

function show(name) {
  for (const view of views) $(`#${view}-view`).hidden = view !== name;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.view === name || (name === 'sandbox' && link.dataset.view === 'sandboxes')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function every(ms, task) {
  clearInterval(timer);
  task();
  timer = setInterval(task, ms);
}

async function route() {
  if (!ready) return;
  clearInterval(timer);
  closeSandbox();
  const [name, id] = (location.hash.slice(1) || 'ask').split('/');
  switch (name) {
    case 'sandboxes':
      show('sandboxes');
      every(3000, refreshSandboxes);
      break;
    case 'sandbox':
      show('sandbox');
      await openSandbox(decodeURIComponent(id ?? ''));
      break;
    case 'stats':
      show('stats');
      every(2000, refreshStats);
      break;
    default:
      show('ask');
  }
  document.title = `${name === 'sandbox' ? `Sandbox ${id}` : name[0].toUpperCase() + name.slice(1)} · Sandcastle`;
}

function askForKey(message) {
  ready = false;
  clearInterval(timer);
  show('key');
  $('#key-error').textContent = message ?? '';
  $('#key-input').focus();
}

/** Reads the catalog: the first call that needs a key, so a keyed server asks for one before anything else. */
async function start() {
  try {
    await loadCatalog();
  } catch (error) {
    if (error.status === 401) return;
    // Not fatal: pickers stay empty and every view still works.
    $('#ask-error').textContent = `Agents and commands are unavailable: ${error.message}`;
  }
  ready = true;
  $('#forget-key').hidden = !api.apiKey.get();
  await route();
}

api.whenUnauthorized((error) => {
  // A key the server refused is dropped at once, so it is not sent again.
  const hadKey = Boolean(api.apiKey.get());
  api.apiKey.clear();
  $('#forget-key').hidden = true;
  askForKey(hadKey ? error.message : '');
});

$('#key-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  api.apiKey.set($('#key-input').value.trim());
  $('#key-input').value = '';
  await start();
  if (ready) announce('Signed in with the API key.');
});

$('#forget-key').addEventListener('click', () => {
  api.apiKey.clear();
  $('#forget-key').hidden = true;
  askForKey('');
});

initAsk();
initSandboxes();
initSandbox();
initNotebook();
window.addEventListener('hashchange', () => route().then(() => $('#main').focus({ preventScroll: true })));
start();
