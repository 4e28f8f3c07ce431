// The page's only way to the server: the public HTTP API, with the API key (if any) as a bearer header.
// The key lives in sessionStorage (this tab only) and never in a URL, so it stays out of logs and history.

const keyName = 'sandcastle.apiKey';

export class ApiError extends Error {
  constructor(status, error, message) {
    super(message || error || `HTTP ${status}`);
    this.status = status;
    this.error = error;
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(keyName),
  set: (key) => sessionStorage.setItem(keyName, key),
  clear: () => sessionStorage.removeItem(keyName),
};

/** Called with every 401, so the page can ask for a key wherever the request came from. */
let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

function headers(extra = {}) {
  const key = apiKey.get();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

async function failure(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON: the status says enough */ }
  const error = new ApiError(response.status, body?.error, body?.message ?? body?.error ?? response.statusText);
  if (response.status === 401) onUnauthorized(error);
  return error;
}

/** A request answered with JSON (or nothing). Throws ApiError with the server's message. */
export async function request(method, path, body, { raw = false, signal } = {}) {
  const init = { method, headers: headers(), signal };
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    init.body = body;
    init.headers['Content-Type'] = 'application/octet-stream';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  init.headers.Accept = 'application/json';
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body, options) => request('POST', path, body ?? {}, options);
export const put = (path, body, options) => request('PUT', path, body, options);
export const del = (path, options) => request('DELETE', path, undefined, options);

/** A file's bytes as a Blob (fetched with the key: a plain link could not carry it). */
export async function blob(path) {
  const response = await request('GET', path, undefined, { raw: true });
  return response.blob();
}

/**
 * Server-Sent Events read with fetch, not EventSource: EventSource cannot send the Authorization header or a body.
 * Yields each event's data parsed as JSON; aborting the signal closes the connection, which the server takes as
 * "cancel" (it stops the model call and kills the program).
 */
export async function* events(method, path, body, signal) {
  const init = { method, headers: headers({ Accept: 'text/event-stream' }), signal };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = (buffer + value).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, '')).join('\n');
        if (data) yield JSON.parse(data);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** A path segment list made safe for a URL (file paths keep their slashes). */
export const filePath = (sandbox, path = '') =>
  `/v1/sandboxes/${encodeURIComponent(sandbox)}/files/${path.split('/').map(encodeURIComponent).join('/')}`;
