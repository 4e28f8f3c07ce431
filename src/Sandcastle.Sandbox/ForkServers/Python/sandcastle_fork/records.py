"""What the fork server keeps of each spare (its pipes, until a request takes it) and of each execution (its streams,
its end)."""
import os

from .protocol import STDERR, STDOUT


class Spare:
    def __init__(self, number, pid, native, request, stdin, stdout, stderr):
        self.number = number
        self.pid = pid
        self.request = request
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        # Native: forked by the native zygote, its pid 1 sandcastle-exec-init (Native/), which reads its request in its
        # own encoding, after a first message (the engine's WARM, else the server's, see Native/view.c, await_cgroup).
        self.native = native
        self.warmed = False
        # A native spare warmed for a Node (see Native/node.c): how its request is written (protocol.write_node_run
        # for a snippet's Node, write_command_run for a command's), else None.
        self.node = None

    def close(self):
        for name in ("request", "stdin", "stdout", "stderr"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)


class Execution:
    def __init__(self, number, pid, status, stdin, stdout, stderr, pending_stdin):
        self.number = number
        self.pid = pid
        # The socket the request went out on: pid 1 tells the end on it (killed, its exit status tells it).
        self.status_channel = status
        self.stdin = stdin
        self.streams = {stdout: STDOUT, stderr: STDERR}
        self.pending_stdin = pending_stdin
        self.status = None
        self.deadline = None
