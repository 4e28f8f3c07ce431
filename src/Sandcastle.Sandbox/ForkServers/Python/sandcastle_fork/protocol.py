"""The fork server's frames with the engine, and a spare's request, as forkserver.py's header describes them."""
import json
import os
import struct

HEADER = struct.Struct("<BII")
RUN, KILL, WARM = 1, 2, 3
READY, STDOUT, STDERR, EXIT, SPARE, GONE, STARTED, UNSTARTED = 1, 2, 3, 4, 5, 6, 7, 8
REQUEST_LENGTH = struct.Struct("<I")
# The largest message sandcastle-exec-init reads (exec_init.h's MAX_REQUEST).
MAX_NATIVE_MESSAGE = 64 << 20
# The server's word to a zygote (zygote.py's, or the native one, exec_init.c) for a spare: its number.
SPARE_ORDER = struct.Struct("<I")
# The zygote's word for a spare: its number, then its pid (or <= 0: it could not be forked).
FORKED = struct.Struct("<Ii")


def send_frame(descriptor, kind, number, payload=b""):
    view = memoryview(HEADER.pack(kind, number, len(payload)) + payload)
    while view:
        view = view[os.write(descriptor, view):]


def write_request(descriptor, request):
    """Hands a spare its request: the length, then the JSON."""
    data = json.dumps(request).encode()
    view = memoryview(REQUEST_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(descriptor, view):]


def _counted(items):
    """A list as Native/request.c reads one: its count, then its items."""
    return [str(len(items)), *items]


def _write_fields(descriptor, fields, tail=b""):
    """A message for sandcastle-exec-init: its length, then the fields, each NUL-terminated, then <tail> as it is."""
    if any("\0" in field for field in fields):
        raise ValueError("a NUL in the request")  # It would end its field early and shift every later one.
    data = b"".join(os.fsencode(field) + b"\0" for field in fields) + tail
    if len(data) > MAX_NATIVE_MESSAGE:
        raise ValueError("the request is too large")  # pid 1 would refuse it unread (exec_init.h's MAX_REQUEST).
    view = memoryview(REQUEST_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(descriptor, view):]


def _environment(variables):
    """An environment as posix_spawn takes it: NAME=VALUE, in its order."""
    return [f"{name}={value}" for name, value in variables.items()]


def _view_fields(request):
    """What every native request starts with, the part of the view it decides: sandbox, volume ("" for none), tmpBytes,
    fileSizeBytes."""
    return [request["sandbox"], request.get("volume") or "", str(request["tmpBytes"]), str(request["fileSizeBytes"])]


def _exec_fields(request):
    return [*_view_fields(request), request["cwd"], *_counted(request["argv"]), *_counted(request.get("direct") or []),
            *_counted(_environment(request["env"]))]


def write_exec_request(descriptor, request):
    """Hands a native spare (its pid 1 sandcastle-exec-init) its request, in the fields Native/request.c reads: the
    length, then NUL-terminated sandbox, volume ("" for none), tmpBytes, fileSizeBytes, cwd, then argv, the direct
    words and the environment (NAME=VALUE), each its count then its items. Encoded as posix_spawn would encode them
    (the engine refuses NUL in every one of them)."""
    if request.get("snippet") or request.get("node") or not request.get("argv") or request.get("volume") == "":
        raise ValueError("not a request sandcastle-exec-init runs")  # The engine sends it only commands (CommandSpares).
    _write_fields(descriptor, _exec_fields(request))


def write_node_order(descriptor, warm, bootstrap_name, bootstrap):
    """Warms a native spare (see Native/node.c): its first message, in the fields Native/request.c reads
    (parse_node_order): "node", "command" or "snippet" (what its Node serves), the bootstrap's file name, Node's
    path, argv and environment (counted lists), then the bootstrap's bytes. <warm> is the engine's WARM."""
    if not warm.get("argv"):
        raise ValueError("not a warm Node sandcastle-exec-init starts")
    _write_fields(descriptor, ["node", "command" if warm.get("command") else "snippet", bootstrap_name, warm["path"],
                               *_counted(warm["argv"]), *_counted(_environment(warm["env"]))], bootstrap)


def write_node_run(descriptor, request):
    """Hands a native warm Node's pid 1 its snippet's run (Native/request.c, parse_node_run): NUL-terminated sandbox,
    volume ("" for none), tmpBytes, fileSizeBytes, the snippet's file name and size, then the snippet's bytes, then
    what Node is handed (warm_node.js reads it): the run's environment, directory and main file, as warm_node.py
    sends it."""
    node, snippet = request.get("node"), request.get("snippet")
    if not node or not snippet or node.get("args") is not None or request.get("volume") == "":
        raise ValueError("not a run a native warm Node serves")  # The engine sends it only snippets (SparePool).
    code = snippet["code"].encode()
    run = json.dumps({"env": request["env"], "cwd": request["cwd"], **node}).encode()
    _write_fields(descriptor, [*_view_fields(request), snippet["file"], str(len(code))], code + run)


def write_command_run(descriptor, request):
    """Hands a native Node warmed for commands its `node FILE` command (Native/request.c, parse_command_run): the
    command's request as write_exec_request encodes it (pid 1 runs it so when the command's `node` is not its Node),
    then the run's fields for Node but its environment and directory (a JSON object), which pid 1 adds: the
    environment is the one bash would exec that `node` with, found in the request's view."""
    node = request.get("node")
    if not node or node.get("args") is None or request.get("snippet") or not request.get("argv") or request.get("volume") == "":
        raise ValueError("not a command a native warm Node serves")  # The engine sends it only `node FILE` commands.
    _write_fields(descriptor, _exec_fields(request), json.dumps(node).encode())


# A native spare's first message, when the request comes before the engine's WARM (see Native/view.c, await_cgroup).
NATIVE_WARM = {"warm": {"exec": True}}


def read_request(descriptor):
    """A spare's request: its length, then its JSON."""
    def read_exactly(count):
        data = b""
        while len(data) < count:
            chunk = os.read(descriptor, count - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    header = read_exactly(REQUEST_LENGTH.size)
    payload = header and read_exactly(REQUEST_LENGTH.unpack(header)[0])
    return json.loads(payload) if payload else None


def warm_up_request_reading():
    """Parses a request-shaped document once before the request comes: pid 1 is a fork, and the parser's first use
    writes to pages it shares with the zygote, each then copied. Done here, those copies are off the request's way
    (0.09-0.14 ms less from the request sent to pid 1 having read it, three alternated pairs of 300 runs)."""
    json.loads('{"sandbox": "s", "argv": ["/bin/bash", "-c", "true"], "direct": null, "snippet": {"file": "f", '
               '"code": "c"}, "env": {"PATH": "/usr/bin"}, "cwd": "/workspace", "fileSizeBytes": 1, "tmpBytes": 1, '
               '"volume": null, "spare": 1}')
