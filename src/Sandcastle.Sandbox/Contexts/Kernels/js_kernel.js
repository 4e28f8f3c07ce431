// Sandcastle's JavaScript / TypeScript code-context kernel: a persistent vm context driven over stdin/stdout.
// Started by js_kernel.sh as `node --expose-internals -e <this file>` so it can reuse the REPL's own
// top-level-await rewrite (internal/repl/await), which keeps declarations and the last expression's value.
//
// Protocol (the same as the Python kernel's): commands are JSON lines on stdin; user output stays on fd 1/2;
// kernel messages are framed in those streams as  RS <token> ':' <json> LF  or  RS <token> '+' <chunk> LF,
// each frame one write of at most PIPE_BUF bytes (atomic). A cell ends with 'sync' on fd 2 then 'done' on fd 1.
(() => {
  'use strict';
  const fs = require('fs');
  const path = require('path');
  const util = require('util');
  const vm = require('vm');
  const { Console } = require('console');
  const { Writable } = require('stream');
  const { createRequire } = require('module');

  const token = process.env.SANDCASTLE_KERNEL_TOKEN || '';
  delete process.env.SANDCASTLE_KERNEL_TOKEN;
  const typescript = process.env.SANDCASTLE_KERNEL_LANGUAGE === 'typescript';
  delete process.env.SANDCASTLE_KERNEL_LANGUAGE;
  // The engine's esbuild binary (SandboxOptions.EsbuildPath), inside the npm package it comes with: <package>/bin/esbuild.
  const esbuildBinary = process.env.SANDCASTLE_KERNEL_ESBUILD || '';
  delete process.env.SANDCASTLE_KERNEL_ESBUILD;
  const framePayload = 4000;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));

  let processTopLevelAwait = null;
  try {
    ({ processTopLevelAwait } = require('internal/repl/await'));
  } catch {
    // Without node's internals a cell with top-level await still runs, but its declarations stay local.
  }

  // Writes all of a buffer, waiting out EAGAIN if someone made the pipe non-blocking.
  function writeAll(fd, buffer) {
    let offset = 0;
    while (offset < buffer.length) {
      try {
        offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
      } catch (error) {
        if (error.code !== 'EAGAIN') throw error;
        Atomics.wait(sleeper, 0, 0, 1);
      }
    }
  }

  function send(fd, message) {
    let payload = JSON.stringify(message, (key, value) => (typeof value === 'bigint' ? value.toString() : value))
      .replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
    const head = '\x1e' + token;
    while (payload.length > framePayload) {
      writeAll(fd, Buffer.from(head + '+' + payload.slice(0, framePayload) + '\n', 'ascii'));
      payload = payload.slice(framePayload);
    }
    writeAll(fd, Buffer.from(head + ':' + payload + '\n', 'ascii'));
  }

  // User output goes straight to fd 1/2, synchronously, so it is ordered with the kernel's frames.
  function fdStream(fd) {
    const stream = new Writable({
      write(chunk, encoding, callback) {
        try {
          writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
          callback();
        } catch (error) {
          callback(error);
        }
      },
    });
    stream.fd = fd;
    stream.isTTY = false;
    stream.columns = 120;
    return stream;
  }
  const stdout = fdStream(1);
  const stderr = fdStream(2);
  for (const [name, stream] of [['stdout', stdout], ['stderr', stderr]])
    Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => stream });

  let cell = 0;
  const context = createUserContext();

  function createUserContext() {
    const sandbox = {};
    // The node globals (Buffer, process, timers, fetch, URL...) the REPL also gives its context.
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      if (['globalThis', 'global', 'console', 'require', 'module', 'exports', '__filename', '__dirname'].includes(name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
      if (descriptor) Object.defineProperty(sandbox, name, descriptor);
    }
    const created = vm.createContext(sandbox, { name: 'sandcastle' });
    const userModule = { exports: {}, id: '.', filename: path.join(process.cwd(), '[cell]'), loaded: false, paths: [] };
    Object.assign(created, {
      console: new Console({ stdout, stderr }),
      require: createRequire(path.join(process.cwd(), '[cell]')),
      module: userModule,
      exports: userModule.exports,
      __filename: path.join(process.cwd(), '[cell]'),
      __dirname: process.cwd(),
      display: makeDisplay(),
    });
    vm.runInContext('globalThis.global = globalThis;', created);
    return created;
  }

  function makeDisplay() {
    const show = (data) => send(1, { t: 'result', cell, data });
    const display = (value) => show(bundle(value));
    display.html = (html) => show({ 'text/html': String(html), 'text/plain': String(html) });
    display.markdown = (text) => show({ 'text/markdown': String(text), 'text/plain': String(text) });
    display.svg = (svg) => show({ 'image/svg+xml': String(svg), 'text/plain': '<svg image>' });
    display.png = (data) => show({ 'image/png': Buffer.isBuffer(data) ? data.toString('base64') : String(data), 'text/plain': '<png image>' });
    display.json = (value) => show({ 'application/json': JSON.stringify(value), 'text/plain': util.inspect(value) });
    return display;
  }

  function bundle(value) {
    const data = {};
    if (value !== null && typeof value === 'object') {
      for (const [method, mime] of [['_repr_html_', 'text/html'], ['_repr_markdown_', 'text/markdown'], ['_repr_svg_', 'image/svg+xml'], ['_repr_png_', 'image/png'], ['_repr_json_', 'application/json']]) {
        if (typeof value[method] === 'function') {
          try {
            const rendered = value[method]();
            if (rendered != null) data[mime] = typeof rendered === 'string' ? rendered : Buffer.isBuffer(rendered) ? rendered.toString('base64') : JSON.stringify(rendered);
          } catch {
            // A failing representation is simply left out.
          }
        }
      }
      const prototype = Object.getPrototypeOf(value);
      const plain = Array.isArray(value) || prototype === null || Object.getPrototypeOf(prototype) === null;
      if (plain && !('application/json' in data)) {
        try {
          const json = JSON.stringify(value);
          if (json !== undefined) data['application/json'] = json;
        } catch {
          // Cycles, BigInts: text only.
        }
      }
    }
    data['text/plain'] = util.inspect(value, { depth: 4, colors: false, maxArrayLength: 200, breakLength: 100 });
    return data;
  }

  function errorMessage(error) {
    const isError = error !== null && typeof error === 'object' && typeof error.stack === 'string';
    if (!isError) return { t: 'error', cell, name: 'Error', message: 'Uncaught ' + util.inspect(error), traceback: [] };
    const lines = error.stack.split('\n');
    // Keep the message and the user's frames; drop the kernel's and node's own.
    const traceback = lines.filter((line) => !/^\s+at /.test(line) || /cell-\d+/.test(line));
    return { t: 'error', cell, name: String(error.name || error.constructor?.name || 'Error'), message: String(error.message ?? ''), traceback };
  }

  function timeoutError() {
    return { t: 'error', cell, name: 'TimeoutError', message: 'The run passed its time limit and was interrupted.', traceback: [] };
  }

  let esbuild = null;
  function loadEsbuild() {
    if (!esbuildBinary) throw new Error('no esbuild binary was configured');
    // The package's API reads ESBUILD_BINARY_PATH once, as it loads: set it for that moment only, so user code
    // does not inherit it.
    process.env.ESBUILD_BINARY_PATH = esbuildBinary;
    try {
      return require(path.dirname(path.dirname(esbuildBinary)));
    } finally {
      delete process.env.ESBUILD_BINARY_PATH;
    }
  }

  function stripTypes(code) {
    esbuild ??= loadEsbuild();
    try {
      return esbuild.transformSync(code, { loader: 'ts', target: 'node20', sourcemap: false }).code;
    } catch (error) {
      const first = error.errors?.[0];
      if (!first) throw error;
      const where = first.location ? ` (cell-${cell}:${first.location.line}:${first.location.column + 1})` : '';
      const syntax = new SyntaxError(first.text + where);
      syntax.stack = [`SyntaxError: ${first.text}${where}`, ...(first.location ? [`    ${first.location.lineText}`] : [])].join('\n');
      throw syntax;
    }
  }

  function compile(code, filename) {
    // As the REPL does: a cell that looks like an object literal is one.
    if (/^\s*\{/.test(code) && !/;\s*$/.test(code)) {
      try {
        return { script: new vm.Script(`(${code}\n)`, { filename }), wrapped: false };
      } catch {
        // Not an object literal after all: a block.
      }
    }
    try {
      return { script: new vm.Script(code, { filename }), wrapped: false };
    } catch (error) {
      if (!(error instanceof SyntaxError) || !code.includes('await')) throw error;
      const rewritten = processTopLevelAwait ? processTopLevelAwait(code) : null;
      if (rewritten !== null) return { script: new vm.Script(rewritten, { filename }), wrapped: true };
      if (processTopLevelAwait) throw error;
      return { script: new vm.Script(`(async () => {\n${code}\n})()`, { filename }), wrapped: false };
    }
  }

  // A cell that is already plain JavaScript means the same as TypeScript: skip esbuild's millisecond for it.
  function compileTypeScript(code, filename) {
    try {
      return compile(code, filename);
    } catch {
      return compile(stripTypes(code), filename);
    }
  }

  async function run(command) {
    cell = command.cell;
    const timeoutMs = Math.max(0, Math.round((command.timeout || 0) * 1000));
    const filename = `cell-${cell}`;
    let timer = null;
    try {
      const { script, wrapped } = typescript ? compileTypeScript(command.code, filename) : compile(command.code, filename);
      const options = timeoutMs > 0 ? { timeout: timeoutMs, displayErrors: false } : { displayErrors: false };
      const started = Date.now();
      let value = script.runInContext(context, options);
      if (wrapped) {
        const remaining = Math.max(1, timeoutMs - (Date.now() - started));
        const deadline = timeoutMs > 0 ? new Promise((_, reject) => { timer = setTimeout(() => reject(Object.assign(new Error(), { sandcastleTimeout: true })), remaining); }) : null;
        const settled = await (deadline ? Promise.race([value, deadline]) : value);
        value = settled?.value;
      }
      if (value !== undefined) {
        context._ = value;
        send(1, { t: 'result', cell, data: bundle(value) });
      }
    } catch (error) {
      const timedOut = error?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' || error?.sandcastleTimeout === true;
      send(1, timedOut ? timeoutError() : errorMessage(error));
    } finally {
      if (timer) clearTimeout(timer);
      send(2, { t: 'sync', cell });
      send(1, { t: 'done', cell });
    }
  }

  // Errors thrown later by callbacks a cell left behind must not take the kernel down.
  process.on('uncaughtException', (error) => writeAll(2, Buffer.from(`Uncaught ${util.inspect(error)}\n`)));
  process.on('unhandledRejection', (reason) => writeAll(2, Buffer.from(`Unhandled rejection: ${util.inspect(reason)}\n`)));

  let queue = Promise.resolve();
  let pending = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (!line.trim()) continue;
      const command = JSON.parse(line);
      if (command.op === 'run') queue = queue.then(() => run(command));
    }
  });
  process.stdin.on('end', () => process.exit(0));

  if (typescript) {
    // Starting esbuild's service costs tens of milliseconds: pay it now, not in the first cell.
    try {
      stripTypes('let warm: number = 1;');
    } catch (error) {
      writeAll(2, Buffer.from(`esbuild is unavailable: ${error.message}\n`));
    }
  }
  send(1, { t: 'ready', language: typescript ? 'typescript' : 'javascript', version: process.versions.node });
})();
