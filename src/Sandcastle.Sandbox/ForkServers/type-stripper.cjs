'use strict';
// TypeScript's types stripped inside a warm Node (warm_node.js), instead of starting esbuild's command line for each
// run (9 ms on an idle host, and a process more in the sandbox). scripts/setup installs this file beside sucrase,
// bundled into one file (sucrase.cjs), and runs it once as a program: it then writes V8's code cache of the bundle,
// so that a Node loads it in about 7 ms instead of 20 (without the cache, as after a Node upgrade, it still works).
//
// Sucrase only removes types, as esbuild does with `--format=esm --target=node20`; the snippets where the two
// differ go to esbuild: ones sucrase cannot parse (so a syntax error reads exactly as on the cold path), and ones
// with what it leaves out or leaves for Node 20 to fail on (namespaces, decorators, `using`, auto-accessors).
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const BUNDLE = path.join(__dirname, 'sucrase.cjs');
const CODE_CACHE = `${BUNDLE}.v8-cache`;

// Conservative: a match anywhere (even in a string or a comment) only means the slower, always-right path.
const NEEDS_ESBUILD = /\b(?:namespace|module)\s+[\p{ID_Start}$_]|@|\b(?:using|accessor)\s/u;

// As esbuild's banner on the cold path: require() keeps working in the ES module a snippet becomes.
const BANNER = "import { createRequire as __sandcastleRequire } from 'module'; const require = __sandcastleRequire(import.meta.url);\n";

function compile(cachedData) {
  const source = fs.readFileSync(BUNDLE, 'utf8');
  const script = new vm.Script(`(function (exports, require, module) {${source}\n})`, { filename: BUNDLE, cachedData });
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, require, bundle);
  return { script, transform: bundle.exports.transform };
}

/** The stripper: (code, file) => the ES module to run, or null when esbuild must make it. */
function load() {
  let cachedData;
  try {
    cachedData = fs.readFileSync(CODE_CACHE);
  } catch {
    cachedData = undefined;
  }
  const { transform } = compile(cachedData);
  return (code, file) => {
    if (NEEDS_ESBUILD.test(code))
      return null;
    try {
      return BANNER + transform(code, { transforms: ['typescript'], disableESTransforms: true, filePath: file }).code;
    } catch {
      return null;
    }
  };
}

module.exports = { load };

if (require.main === module) {
  // Run once (scripts/setup): the code cache, taken after a transform, so that it holds the functions one runs.
  const { script, transform } = compile(undefined);
  transform('enum E { A } const n: number = E.A; class C { constructor(private x: number) {} }', { transforms: ['typescript'], disableESTransforms: true });
  fs.writeFileSync(CODE_CACHE, script.createCachedData());
}
