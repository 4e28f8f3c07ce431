"""A warm Node: an execution's pid 1 that starts Node before its request comes, then gives it the request.

Node cannot fork, so a JavaScript or TypeScript run cannot start in an already-started interpreter as Python's does.
Instead a spare the engine has warmed (the first message its pid 1 reads is {"warm": ...}, sent once the spare is in
its cgroup) starts Node here, in the view child.py's init made before any request (loopback, /tmp, /dev/shm,
/dev/pts, /proc, the font cache) plus /run/sandcastle holding the bootstrap as main.js. Node is already past the
privilege drop (setsid, RLIMIT_CORE 0, no capabilities, no_new_privs, the seccomp filter, the engine's base
environment); it loads warm_node.js, says it is ready and waits on its descriptor 3 (a socket to pid 1). When the
request comes and Node is ready (it has read its bootstrap: the snippet may now be mounted over it), pid 1 makes the
request's part of the view as child.py's init does (Child.mount_request_view), mounts the snippet over the
bootstrap, lowers Node's RLIMIT_FSIZE to the request's, drops its own privileges and only then hands Node the run
(environment, working directory, main file). Node shares pid 1's mount namespace: it sees every mount made after it
started. The engine sends here only requests this Node runs as `node file` would (see WarmNode.cs).

A Node warmed for commands starts as a plain `node` does (named `node`, no snippet's flag) and runs a command
`node FILE ARG...`: its /run/sandcastle is made empty again, as a command's is, and pid 1 first finds the command's
`node` as bash would (child.direct_program). When that is another program, pid 1 ends this Node, never given a run,
and runs the command as a spare never warmed does (Child.run_program). Found before the privilege drop, which only
lets pid 1 see more programs as executable than bash would: one found earlier in PATH makes it run the command as
before, never the warm Node in its place.
"""
import json
import os
import resource
import select
import signal
import socket

# child.py imports this module: its names are read when a spare runs, by then both are loaded.
from . import child
from .node_bootstrap import BOOTSTRAP, BOOTSTRAP_NAME
from .native import drop_privileges, reset_signals, run_reporting, say, set_dumpable
from .protocol import REQUEST_LENGTH, read_request

# The socket the request comes on; pid 1 tells the run's end back on it (child.end_execution).
REQUEST = 3


class WarmNode:
    """pid 1 of a warmed spare's namespace (see the module's comment)."""

    def __init__(self, init, warm):
        # The execution's pid 1 (child.Child), whose view no request decides is made.
        self.seccomp = init.seccomp
        self.tmp_bytes = init.tmp_bytes
        # {"argv": Node's command line, "env": the environment it starts with}, from the engine.
        self.warm = warm
        self.node = 0

    def init(self):
        child.mount_snippets({BOOTSTRAP_NAME: BOOTSTRAP})
        node_end, channel = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.node = self.start_node(node_end.fileno())
        node_end.close()
        request = self.wait_for_request()
        if request is None:
            return 125  # Node ended before its run, or the server before giving one: the spare is gone.
        if channel.recv(1) != b"r":
            say("could not start the program: node ended before its run")
            return 125
        self.mount_request_view(request)
        environment = request["env"]
        if (request["node"].get("args") is not None) != self.warm.get("command", False):
            # Never sent (the engine gives a command only a Node started for commands, a snippet only one started for
            # snippets); should it be, the run is not this Node's.
            return self.run_instead(request, channel)
        if request["node"].get("args") is not None:
            environment = self.command_environment(request)
            if environment is None:
                return self.run_instead(request, channel)
        fsize = request["fileSizeBytes"]
        resource.prlimit(self.node, resource.RLIMIT_FSIZE, (fsize, fsize))
        # From here on pid 1 is no more privileged than Node; only then does Node get code to run.
        drop_privileges(self.seccomp)
        set_dumpable(False)  # As in child.py's init: pid 1 is not Node's to open through /proc.
        run = json.dumps({"env": environment, "cwd": request["cwd"], **request["node"]}).encode()
        try:
            channel.sendall(REQUEST_LENGTH.pack(len(run)) + run)
        except OSError as error:
            say(f"could not start the program: {error}")
        channel.close()
        for descriptor in (0, 1, 2):
            os.close(descriptor)
        return child.end_execution(self.node, REQUEST)

    def start_node(self, channel):
        """Node, unprivileged from its first instruction, its socket to pid 1 on descriptor 3."""
        pid = os.fork()
        if pid != 0:
            return pid

        def become_node():
            os.setsid()
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            os.chdir("/")
            reset_signals()  # Node sets its own.
            drop_privileges(self.seccomp)
            # Over the request socket: Node never holds it, nor anything else of pid 1's.
            os.dup2(channel, REQUEST)
            os.closerange(REQUEST + 1, 1 << 20)
            os.execve(self.warm["path"], self.warm["argv"], self.warm["env"])
        os._exit(run_reporting(become_node, "could not start node"))

    def wait_for_request(self):
        """The request, or None when Node ends first (it is then no spare to keep)."""
        node_ended = os.pidfd_open(self.node)
        try:
            readable, _, _ = select.select([REQUEST, node_ended], [], [])
            if node_ended in readable and REQUEST not in readable:
                return None
        finally:
            os.close(node_ended)
        # Kept to tell the run's end on (child.end_execution); Node holds a socket of its own on its descriptor 3.
        return read_request(REQUEST)

    def mount_request_view(self, request):
        """The request's part of the view, as child.py's init makes it (there before the program, here before the
        run)."""
        child.Child.mount_request_view(request, self.tmp_bytes)
        snippet = request["snippet"]
        # Over the bootstrap's: Node loads the snippet from the same path it started from. A command's view has an
        # empty /run/sandcastle, as a command's run without a warm Node has.
        child.mount_snippets({snippet["file"]: snippet["code"].encode()} if snippet else {})

    def command_environment(self, request):
        """For a command `node FILE ARG...`: the environment bash would exec its node with, when that node is, for
        bash, the one started here (child.direct_program finds it as bash would); else None."""
        try:
            direct = child.direct_program(request)
            if direct is None:
                return None
            path, environment = direct
            return environment if os.path.samefile(path, self.warm["path"]) else None
        except (OSError, ValueError):
            return None

    def run_instead(self, request, channel):
        """The command as a spare never warmed runs it, once this Node, never given a run, is gone."""
        channel.close()
        os.kill(self.node, signal.SIGKILL)
        os.waitpid(self.node, 0)
        os.set_inheritable(REQUEST, False)
        plain = child.Child(self.seccomp, self.tmp_bytes)
        plain.request = request
        return plain.run_program()
