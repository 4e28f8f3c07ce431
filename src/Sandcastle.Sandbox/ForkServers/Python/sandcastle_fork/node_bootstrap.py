"""A warm Node's bootstrap (warm_node.js), read once as the fork server starts: a plain spare's pid 1 (warm_node.py)
mounts it, and the server sends it to a native one (protocol.write_node_order)."""
import os

# Node's name for it: it starts as /run/sandcastle/main.js, the path a JavaScript snippet has (process.argv[1]).
BOOTSTRAP_NAME = "main.js"
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "warm_node.js"), "rb") as _file:
    BOOTSTRAP = _file.read()
