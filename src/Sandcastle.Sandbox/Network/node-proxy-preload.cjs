// Preloaded into every networked Node program (NODE_OPTIONS=--require): Node 20's fetch ignores HTTP(S)_PROXY,
// so route it, and undici, through the sandbox's egress proxy; NO_PROXY keeps the sandbox's own loopback direct.
// Installed by scripts/setup under /usr/local/lib/sandcastle, beside undici, read-only inside the sandbox.
'use strict';
try {
  const { setGlobalDispatcher, EnvHttpProxyAgent } = require('/usr/local/lib/sandcastle/node_modules/undici');
  setGlobalDispatcher(new EnvHttpProxyAgent());
} catch (error) {
  // Without undici, fetch fails closed (no route out); the proxy variables still serve other clients.
}
