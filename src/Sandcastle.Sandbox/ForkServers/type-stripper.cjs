'use strict';
// TypeScript's types stripped inside a warm Node (warm_node.js), instead of starting esbuild's command line for each
// run (9 ms on an idle host, and a process more in the sandbox). scripts/setup installs this file beside sucrase,
// bundled into one file (sucrase.cjs), and runs it once as a program: it then writes V8's code cache of the bundle,
// so that a Node loads it in about 5 ms instead of 20 (without the cache, as after a Node upgrade, it still works).
//
// The warm path must run what esbuild (`--format=esm --target=node20`, the cold path) would. Sucrase agrees with it
// on plain TypeScript, so everything else goes to esbuild:
// - what sucrase leaves out or leaves for Node 20 to fail on: namespaces, decorators, `using`, auto-accessors;
// - parameter properties, which esbuild declares as class fields first (their order, and a base class's setter);
// - what esbuild runs as CommonJS: `module`, `exports`, `this` or `return` at the top level;
// - a hashbang, which must stay on the first line;
// - whatever sucrase cannot parse, so that a syntax error reads as esbuild says it;
// - a snippet past a few kilobytes, which esbuild strips faster.
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const BUNDLE = path.join(__dirname, 'sucrase.cjs');
const CODE_CACHE = `${BUNDLE}.v8-cache`;

// Past this size esbuild's command line is the faster: sucrase runs in a Node that has not compiled it yet, and its
// time grows with the snippet (medians on an idle host: 10 lines 6 ms against esbuild's 14; 20 lines 8 against 10;
// 40 lines, 4 KB, 16 against 11; 100 lines 34 against 13).
const MAX_STRIPPED_LENGTH = 3000;

// Conservative: a match anywhere (even in a string or a comment) only means the slower, always-right path.
const NEEDS_ESBUILD =
  /^#!|@|\bnamespace\s+[\p{ID_Start}$_]|\b(?:module|exports)\b|\b(?:using|accessor|public|private|protected|readonly|override)\s/u;

// As esbuild's banner on the cold path: require() keeps working in the ES module a snippet becomes.
const BANNER = "import { createRequire as __sandcastleRequire } from 'module'; const require = __sandcastleRequire(import.meta.url);\n";

function compile(cachedData) {
  const source = fs.readFileSync(BUNDLE, 'utf8');
  const script = new vm.Script(`(function (exports, require, module) {${source}\n})`, { filename: BUNDLE, cachedData });
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, require, bundle);
  return { script, sucrase: bundle.exports };
}

/** True when `this` or `return` appears outside every function (the program's own scope aside). */
function usesTopLevelThisOrReturn(sucrase, code) {
  const { tokens, scopes } = sucrase.parse(code, false, true, false);
  const functions = scopes.filter((scope) => scope.isFunctionScope && scope.startTokenIndex > 0);
  const { _this, _return } = sucrase.TokenType;
  return tokens.some((token, index) => (token.type === _this || token.type === _return)
    && !functions.some((scope) => scope.startTokenIndex <= index && index < scope.endTokenIndex));
}

// What a Node primed for TypeScript strips once before its run, off the run's path: the bundle's code is cached, but
// it runs cold until it has run once, and a run's first transform paid for that (medians of 9 fresh Nodes: 2.0 ms for
// a one-line snippet, 3.6 ms for seven lines of types, generics and arrows; 0.3 and 3.1 ms after this sample, which
// takes 2.8 ms). The code cache is taken after it too. A fixed text, the same in every Node: a run learns nothing
// from it.
const WARM_UP_SAMPLE = "interface P { n: number } const p: P = { n: 1 }; function f(a: string, b?: number): string { return a + b; } "
  + 'const g = (xs: number[]) => xs.map((x) => x * p.n); console.log(f("a", 1), g([1]));';

/** (code, file) => the ES module to run, or null when esbuild must make it; it never throws. */
function stripperOf(sucrase) {
  return (code, file) => {
    if (code.length > MAX_STRIPPED_LENGTH || NEEDS_ESBUILD.test(code))
      return null;
    try {
      if (usesTopLevelThisOrReturn(sucrase, code))
        return null;
      return BANNER + sucrase.transform(code, { transforms: ['typescript'], disableESTransforms: true, filePath: file }).code;
    } catch {
      return null;
    }
  };
}

/** The stripper, from the bundle and its code cache; <warmUp>: it first strips WARM_UP_SAMPLE once. */
function load(warmUp) {
  let cachedData;
  try {
    cachedData = fs.readFileSync(CODE_CACHE);
  } catch {
    cachedData = undefined;
  }
  const strip = stripperOf(compile(cachedData).sucrase);
  if (warmUp)
    strip(WARM_UP_SAMPLE, '/warm-up.ts');
  return strip;
}

module.exports = { load };

if (require.main === module) {
  // Run once (scripts/setup): the code cache, taken after a transform, so that it holds the functions one runs. Written
  // aside and renamed, so that a Node loading it meanwhile reads the old cache or the new one, never half of one.
  const { script, sucrase } = compile(undefined);
  const strip = stripperOf(sucrase);
  for (const sample of ['enum E { A } const n: number = E.A; class C { m(x: number) { return this.n + x; } n = 1; }', WARM_UP_SAMPLE])
    strip(sample, '/warm-up.ts');
  fs.writeFileSync(`${CODE_CACHE}.tmp`, script.createCachedData());
  fs.renameSync(`${CODE_CACHE}.tmp`, CODE_CACHE);
}
