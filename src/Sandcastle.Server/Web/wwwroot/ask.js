// The Ask view: a question streams through POST /execute (SSE). The code appears highlighted as Claude writes it,
// stdout/stderr as the program prints, each failed attempt marked as such; afterwards the files the program made
// (charts inline) and a summary of times, tokens and model.
import * as api from './api.js';
import { $, el, announce, millis } from './dom.js';
import { highlightInto } from './highlight.js';
import { previewFile } from './files.js';

let catalog = { agents: [], commands: [] };
let running = null;
let maxAttempts = 1;

export function initAsk() {
  const form = $('#ask-form');
  const sandbox = $('#ask-sandbox');
  sandbox.value = sessionStorage.getItem('sandcastle.askSandbox') ?? `play-${Math.random().toString(36).slice(2, 8)}`;
  sessionStorage.setItem('sandcastle.askSandbox', sandbox.value);
  sandbox.addEventListener('change', () => sessionStorage.setItem('sandcastle.askSandbox', sandbox.value));
  $('#question').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!running) run();
  });
  $('#cancel-button').addEventListener('click', () => running?.abort());
}

/** Fills the agent and command pickers from GET /v1/catalog. */
export async function loadCatalog() {
  catalog = await api.get('/v1/catalog');
  const fill = (select, items) => select.replaceChildren(el('option', { value: '' }, 'None'),
    ...items.map((item, i) => el('option', { value: String(i), title: item.description }, item.name)));
  fill($('#agent'), catalog.agents);
  fill($('#command'), catalog.commands);
}

function buildRequest() {
  let question = $('#question').value.trim();
  const body = { language: $('#language').value, sandboxId: $('#ask-sandbox').value.trim(), stream: true };
  const command = catalog.commands[$('#command').value];
  if (command) {
    // As `sandcastle run --command`: the template wraps the question at $ARGUMENTS, or is followed by it.
    question = command.template.includes('$ARGUMENTS')
      ? command.template.replaceAll('$ARGUMENTS', question)
      : `${command.template.trimEnd()}\n\n${question}`;
  }
  const agent = catalog.agents[$('#agent').value];
  if (agent) {
    body.role = agent.prompt;
    if (agent.model) body.model = agent.model;
  }
  body.question = question;
  return body;
}

async function listFiles(sandbox) {
  const listing = await api.get(`${api.filePath(sandbox)}?recursive=true`);
  return new Map(listing.entries.filter((e) => e.type === 'file').map((e) => [e.path, e]));
}

async function run() {
  const output = $('#run');
  const error = $('#ask-error');
  const body = buildRequest();
  if (!body.question) return;
  error.textContent = '';
  output.replaceChildren();
  $('#run-files').hidden = true;
  $('#run-summary').hidden = true;
  const controller = new AbortController();
  running = controller;
  setRunning(true);
  const attempts = new Map();
  let outcome = null;
  try {
    // Made first (as /execute would make it, settings unchanged) so its files can be listed before the run.
    await api.put(`/v1/sandboxes/${encodeURIComponent(body.sandboxId)}`, {});
    const before = await listFiles(body.sandboxId);
    for await (const item of api.events('POST', '/execute', body, controller.signal)) {
      const attempt = item.attempt ? attemptView(attempts, output, item.attempt, body.language) : null;
      switch (item.type) {
        case 'start':
          maxAttempts = item.maxAttempts;
          output.append(el('p', { className: 'hint' }, `Model ${item.model}, sandbox ${item.sandboxId}, up to ${item.maxAttempts} attempt(s).`));
          break;
        case 'code_delta':
          attempt.raw += item.text;
          attempt.render(attempt.raw);
          break;
        case 'code':
          attempt.code = item.code;
          attempt.render(item.code);
          break;
        case 'stdout':
        case 'stderr':
          attempt.output.hidden = false;
          attempt.output.append(el('span', { className: item.type }, item.text));
          break;
        case 'attempt':
          attempt.finish(item);
          break;
        case 'complete':
          outcome = item;
          break;
        case 'error':
          throw new api.ApiError(item.status, item.error, item.message);
      }
    }
    if (outcome) {
      showSummary(outcome);
      await showFiles(body.sandboxId, before);
      announce(outcome.success ? 'The run finished.' : 'The run failed.');
    }
  } catch (e) {
    if (controller.signal.aborted) {
      output.append(el('p', { className: 'notice', role: 'status' }, 'Cancelled: the program was stopped.'));
      announce('Cancelled.');
    } else {
      error.textContent = e.message;
    }
  } finally {
    running = null;
    setRunning(false);
  }
}

function setRunning(on) {
  $('#run-button').disabled = on;
  $('#cancel-button').disabled = !on;
  $('#run').setAttribute('aria-busy', on ? 'true' : 'false');
  if (on) $('#cancel-button').focus();
}

function attemptView(attempts, container, number, language) {
  if (attempts.has(number)) return attempts.get(number);
  const status = el('span', { className: 'badge running' }, 'running');
  const code = el('code', { className: `language-${language}` });
  const output = el('pre', { className: 'output', hidden: true, tabindex: '0', 'aria-label': `Output of attempt ${number}` });
  const article = el('article', { className: 'attempt', 'aria-label': `Attempt ${number}` },
    el('h3', {}, `Attempt ${number} `, status),
    el('pre', { className: 'code', tabindex: '0', 'aria-label': `Code of attempt ${number}` }, code),
    output);
  container.append(article);
  let pending = null;
  const view = {
    raw: '',
    code: null,
    output,
    // Re-highlighting every delta would be wasted work: once per frame is what the eye can see.
    render(text) {
      pending = text;
      requestAnimationFrame(() => { if (pending !== null) { highlightInto(code, pending, language); pending = null; } });
    },
    finish(result) {
      article.classList.add(result.success ? 'succeeded' : 'failed');
      status.className = `badge ${result.success ? 'ok' : 'bad'}`;
      status.textContent = result.success ? 'succeeded' : `failed (${result.reason}${result.exitCode !== null && result.exitCode !== undefined ? `, exit ${result.exitCode}` : ''})`;
      if (!result.success && result.attempt < maxAttempts) article.append(el('p', { className: 'hint' }, 'Its errors were sent back to Claude for a fix.'));
    },
  };
  attempts.set(number, view);
  return view;
}

function showSummary(result) {
  const rows = [
    ['Result', result.success ? 'succeeded' : `failed (${result.reason})`],
    ['Generation', millis(result.generationMs)],
    ['Execution', millis(result.executionMs)],
    ['Total', millis(result.executionTime)],
    ['Tokens', `${result.usage?.inputTokens ?? 0} in, ${result.usage?.outputTokens ?? 0} out`],
    ['Model', result.model ?? '—'],
    ['Attempts', String(result.attempts?.length ?? 1)],
  ];
  $('#run-summary-list').replaceChildren(...rows.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
  $('#run-summary').hidden = false;
}

async function showFiles(sandbox, before) {
  const after = await listFiles(sandbox);
  const made = [...after.values()].filter((f) => before.get(f.path)?.modifiedAt !== f.modifiedAt || before.get(f.path)?.size !== f.size);
  if (made.length === 0) return;
  const list = $('#run-file-list');
  list.replaceChildren(...made.map((file) => el('li', {}, previewFile(sandbox, file))));
  $('#run-files').hidden = false;
}
