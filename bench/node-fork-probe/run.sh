#!/bin/sh
# Builds the probe's addon in a temporary directory (gcc, Node's headers in /usr/include/node) and runs probe.js.
# Usage: bench/node-fork-probe/run.sh [runs]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(mktemp -d /tmp/node-fork-probe-XXXXXX)
trap 'rm -rf "$build"' EXIT
gcc -O2 -shared -fPIC -I/usr/include/node -DNODE_GYP_MODULE_NAME=fork -o "$build/fork.node" "$here/fork.c"
env -i /usr/bin/node --single-threaded "$here/probe.js" "$build/fork.node" "${1:-200}"
