'use strict';
// A warm Node's bootstrap (see warm_node.py): started as /run/sandcastle/main.js before its request, unprivileged
// and in its execution's namespaces, it says it is ready on descriptor 3 (a socket to pid 1) and waits there for
// its run, then becomes `node main-file`: the run's environment, working directory and argv, then Node's own entry
// point for the main file (the snippet, mounted over this file at the same path, TypeScript's module with its
// types stripped, or a command's file, `node FILE ARG...`). Nothing of it stays reachable: its socket is closed, its modules leave the cache, and the main
// module starts from a fresh tick, so no stack shows this file.
(() => {
  const fs = require('fs');
  const Module = require('module');
  const RUN = 3;

  const readExactly = (count) => {
    const buffer = Buffer.alloc(count);
    for (let offset = 0; offset < count;) {
      const read = fs.readSync(RUN, buffer, offset, count - offset, null);
      if (read === 0)
        process.exit(125); // pid 1 ended without a run: nothing to do
      offset += read;
    }
    return buffer;
  };

  // TypeScript's type stripper (type-stripper.cjs), loaded on a TypeScript run's path, or here before the run when
  // the engine primes this Node (its tenant's latest warm run was TypeScript), then warmed up on a sample of its own
  // (load's warmUp), so that the run's transform finds its code warm. It leaves no global, and nothing in
  // the module caches (a run can still tell from process.moduleLoadList that its Node was primed).
  let stripper;
  const loadStripper = (file, warmUp) => {
    if (stripper === undefined) {
      try {
        stripper = require(file).load(warmUp);
      } catch {
        stripper = null; // not installed: esbuild's command line, as a Node started for the run uses
      }
      for (const key of Object.keys(Module._cache))
        if (key !== __filename)
          delete Module._cache[key];
      for (const key of Object.keys(Module._pathCache))
        delete Module._pathCache[key];
    }
    return stripper;
  };
  // Primed for TypeScript (the engine starts this Node with the two paths below after a TypeScript run): the
  // stripper is loaded now, and so is Node's loader of ES modules, which starts at the first module a Node imports
  // from a file (5 ms): on a module of its own, in the directory the run's module will be written to, then removed.
  // The module's name is drawn at random: Node keeps it loaded, and no run's own module may ever be taken for it.
  const stripperToPrime = process.env.SANDCASTLE_TYPE_STRIPPER;
  const moduleDirectory = process.env.SANDCASTLE_MODULE_WARM_UP;
  if (stripperToPrime)
    loadStripper(stripperToPrime, true);
  if (!moduleDirectory)
    return start();
  const moduleWarmUp = `${moduleDirectory}/warm-up-${Math.random().toString(36).slice(2)}.mjs`;
  try {
    fs.mkdirSync(moduleDirectory, { recursive: true });
    fs.writeFileSync(moduleWarmUp, "import 'module';\n");
  } catch {
    return start();
  }
  import(moduleWarmUp).catch(() => {}).finally(() => {
    try {
      fs.rmSync(moduleWarmUp, { force: true });
      fs.rmdirSync(moduleDirectory);
    } catch {
      // not empty, or not this Node's to remove
    }
    start();
  });

  function start() {
    // Ready: this file is read, the run's own main.js may be mounted over it.
    fs.writeSync(RUN, 'r');
    const run = JSON.parse(readExactly(readExactly(4).readUInt32LE(0)).toString('utf8'));
    fs.closeSync(RUN);
    delete Module._cache[__filename];
    // Where the bootstrap was found: a command's view has no /run/sandcastle/main.js, a snippet's has its own there.
    for (const key of Object.keys(Module._pathCache))
      delete Module._pathCache[key];
    for (const name of Object.keys(process.env))
      delete process.env[name];
    Object.assign(process.env, run.env);
    // Module lookup paths read HOME and NODE_PATH at start: read them again from the run's environment.
    Module._initPaths();
    try {
      process.chdir(run.cwd);
    } catch (error) {
      // As a program that could not be started (the directory went away since the engine checked it).
      process.stderr.write(`sandcastle: could not start the program: ${error.message}\n`);
      process.exit(125);
    }
    let stripped = false;
    if (run.strip) {
      try {
        const strippedModule = loadStripper(run.strip.stripper)?.(fs.readFileSync(run.strip.source, 'utf8'), run.strip.source);
        if (strippedModule) {
          fs.mkdirSync(require('path').dirname(run.main), { recursive: true });
          fs.writeFileSync(run.main, strippedModule);
          stripped = true;
        }
      } catch {
        // As when the stripper leaves a snippet to esbuild: it says what went wrong (a full /tmp, say) as it would.
      }
    }
    if (!stripped && run.transpile) {
      // As `esbuild ... && exec node out.mjs` does: esbuild's errors on stderr, its status if it fails.
      const [file, ...args] = run.transpile;
      const result = require('child_process').spawnSync(file, args, { stdio: 'inherit' });
      if (result.error) {
        process.stderr.write(`sandcastle: ${file}: ${result.error.message}\n`);
        process.exit(127);
      }
      if (result.status !== 0)
        process.exit(result.status ?? 128 + (require('os').constants.signals[result.signal] ?? 0));
    }
    if (run.args) {
      // A command `node FILE ARG...`: its argv, the file made absolute as Node makes it at its start.
      process.argv.splice(1, process.argv.length - 1, require('path').resolve(run.main), ...run.args);
    } else {
      process.argv[1] = run.main;
    }
    // NODE_OPTIONS' --require, which this Node started without (the engine sends only that option here).
    if (run.preload)
      Module._preloadModules([run.preload]);
    // Called on Module, as Node's own entry point calls it: the stack shows it as a fresh Node's does.
    process.nextTick(Function.prototype.call.bind(Module.runMain, Module));
  }
})();
