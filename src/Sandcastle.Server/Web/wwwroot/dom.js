// Small DOM helpers shared by the views. Text always goes in as text nodes, never as HTML.

/** el('li', {className: 'x', onclick: f}, 'text', child) */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name in node && !name.includes('-')) node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const $ = (selector) => document.querySelector(selector);

/** Tells screen reader users what happened (a polite live region). */
export function announce(text) {
  const region = $('#announcer');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function millis(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function since(iso) {
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return `${Math.round(seconds)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

/** Saves a Blob under `name` the way a download link would. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * HTML a program made (a table, a report) shown in a frame that may run nothing: no scripts, no forms, an opaque
 * origin, so it can never read the API key or call the API as the user.
 */
export function htmlFrame(html, title) {
  return el('iframe', { sandbox: '', srcdoc: html, title, className: 'html-result' });
}

/** An image from base64 PNG data. */
export function pngImage(base64, alt) {
  return el('img', { src: `data:image/png;base64,${base64}`, alt, className: 'chart' });
}
