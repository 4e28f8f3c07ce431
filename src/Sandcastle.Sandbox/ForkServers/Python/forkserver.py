# The engine's fork server: a long-lived helper inside a bubblewrap container of its own.
#
# It makes each execution by forking itself instead of spawning bubblewrap and a fresh interpreter: fork, new
# mount, pid, IPC, network and cgroup namespaces; the sandbox's workspace at /workspace and nothing of any other
# sandbox; a private /tmp, /dev/shm, /proc and /run/sandcastle; then, in the program's own process: new session,
# rlimits, no capabilities (bounding and ambient sets too), no_new_privs, the seccomp filter, a clean environment.
# A Python program then runs in this already-started interpreter; any other program is exec'd.
#
# Protocol, little-endian frames "<BII" (kind, number, payload length) + payload:
#   engine -> here, on stdin:  1 RUN (execution number; JSON request naming a spare; replaceNative: the next spare
#                                forked is native, see exec_init.c), 2 KILL (execution number)
#                              3 WARM (spare number; JSON {"warm": ...}: start a warm Node in it, see warm_node.py,
#                                or Native/node.c in a native spare; {"warm": {"exec": true}} to a native spare: it is
#                                in its cgroup, see exec_init.c)
#   here -> engine, on stdout: 1 READY (JSON: pid, execInit: whether spares can be native; again, execInit false,
#                                if the native zygote ends), 2 STDOUT, 3 STDERR, 4 EXIT (JSON: code), 7 STARTED for an execution;
#                              8 UNSTARTED for an execution whose spare died before it (the engine gives it another);
#                              5 SPARE (spare number; JSON: pid, native: whether its pid 1 is sandcastle-exec-init from
#                                the start, a spare for commands and warm Nodes), 6 GONE (spare number)
# A spare is an execution's pid 1 forked ahead of time, in mount, pid, IPC and network namespaces of its own: it has
# made what no request decides (loopback, /tmp, /dev/shm, devpts, /proc, the font cache) and waits for its request on
# a socket. pid 1 tells the program's end back on that socket once every other process of the namespace is gone,
# before its own exit, so the answer waits neither for pid 1's exit nor for the namespaces' teardown; if pid 1 is
# killed, its exit status tells the end. An exec'd program is spawned (vfork-like) instead of forked from the
# interpreter.
#
# The server never forks a spare itself: its memory holds every request's code and stdin (live, and as freed heap),
# and a Python program runs in a copy of the memory of whatever forked it. Spares are forked by a zygote, a copy of
# the server made before the first request, which reads no request at all: the server hands it a spare's pipes, and
# the spare reads its own request from one of them. The zygote clones each spare into its new namespaces as its own
# sibling (CLONE_PARENT), in one system call, so each spare is the server's child, as the engine expects. The engine
# moves each spare into a cgroup of its own as it is announced, and names in RUN only spares it has moved, so
# everything an execution starts is born in its cgroup and neither the fork nor the cgroup move is on the way of a
# request.
# Everything here runs with CAP_SYS_ADMIN inside the container's user namespace; sandboxed code never does.
#
# Modules (package sandcastle_fork): protocol (frames, requests), native (libc calls), server (the loop), records (what
# it keeps of each spare and execution), zygote, child (an execution's namespaces, its pid 1 and the program),
# python_main (a Python program in this interpreter), warm_node (pid 1 of a spare whose Node starts before its request),
# node_bootstrap (that Node's first file). sandcastle-exec-init, beside this file when the engine was built with a C
# compiler, is the native zygote, which forks native spares (whose pid 1 it is; they run commands, or a warm Node,
# Native/node.c) on the server's word, as the zygote forks the others.
import os
import signal
import socket
import sys

from sandcastle_fork.native import PR_SET_PDEATHSIG, SeccompProgram, check, drop_bounding_set, libc, open_exec_init
from sandcastle_fork.server import Server
from sandcastle_fork.zygote import zygote


def main():
    # Arguments, all given by the engine: the seccomp filter's file ("" for none), how many spares to keep, and the
    # size of /tmp and /dev/shm most executions have (the engine's default): spares are made with it.
    filter_path, spare_count, tmp_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seccomp, bpf = None, b""
    if filter_path:
        with open(filter_path, "rb") as file:
            bpf = file.read()
        seccomp = SeccompProgram(bpf) if bpf else None
    exec_init = open_exec_init(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sandcastle-exec-init"), bpf)
    # Every execution is a fork of this interpreter: keep the collector off the objects it shares with them, so
    # forks do not copy the pages a collection would touch.
    import gc
    gc.freeze()
    server_end, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    zygote_pid = os.fork()
    if zygote_pid == 0:
        code = 1
        try:
            server_end.close()
            for fd in exec_init or ():
                if fd >= 0:
                    os.close(fd)  # The native zygote's alone.
            check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
            # The engine's channel is the server's alone: a zygote holding it would keep it open after the server.
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.close(null)
            # It never execs: its spares inherit the empty set, and its own capabilities stay (the server keeps its
            # own: it execs the native zygote, which needs them).
            drop_bounding_set()
            code = zygote(zygote_end, seccomp, tmp_bytes)
        finally:
            os._exit(code)
    zygote_end.close()
    native = start_native_zygote(exec_init, tmp_bytes) if exec_init is not None else None
    Server(zygote_pid, server_end, spare_count, native).serve()


def start_native_zygote(exec_init, tmp_bytes):
    """sandcastle-exec-init as the native zygote (see exec_init.c): its pid and the server's end of its channel."""
    program, filter_fd = exec_init
    server_end, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.dup2(zygote_end.fileno(), 3)
            os.set_inheritable(3, True)  # dup2 onto itself keeps close-on-exec.
            if filter_fd >= 0:
                os.set_inheritable(filter_fd, True)
            os.execve(program, ["sandcastle-exec-init", "--zygote", str(tmp_bytes), str(filter_fd)], {})
        finally:
            os._exit(code)
    zygote_end.close()
    for fd in exec_init:
        if fd >= 0:
            os.close(fd)
    return pid, server_end


if __name__ == "__main__":
    main()
