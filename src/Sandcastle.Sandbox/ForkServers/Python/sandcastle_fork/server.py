"""The fork server's loop: the engine's RUN and KILL, spares asked of the zygote, executions' output and exits."""
import base64
import json
import os
import selectors
import signal
import socket
import struct
import sys
import time

from .protocol import (EXIT, FORKED, GONE, HEADER, KILL, NATIVE_WARM, READY, RUN, SPARE, SPARE_ORDER, STARTED, STDERR,
                       UNSTARTED, WARM, send_frame, write_command_run, write_exec_request, write_node_order,
                       write_node_run, write_request)
from .records import Execution, Spare
from .node_bootstrap import BOOTSTRAP, BOOTSTRAP_NAME

# How long an exited execution's output may stay open (a descriptor smuggled to another process) before it is cut.
OUTPUT_GRACE_SECONDS = 0.5
# A spare taken while others are left is replaced once its execution ends, or after this long: made at once, the
# replacement (a clone, a network namespace, mounts, the engine's cgroup writes) competes for the CPU with the very
# execution it replaces. Traced on 2 cores, `true` 30 ms apart: 4.7 ms from the engine's call to its result, against
# 6.1 ms with the replacement made at once. The last spare taken is replaced at once, so that load never waits.
REPLACEMENT_DELAY_SECONDS = 0.05
# After a spare could not be forked (out of processes, memory or descriptors): the first wait before asking again,
# doubled after each failure up to the last.
SPARE_RETRY_SECONDS = (0.05, 2.0)


class Server:
    def __init__(self, zygote_pid, zygote, spare_count, native):
        self.zygote_pid = zygote_pid
        self.zygote = zygote
        # The native zygote's pid and channel (see exec_init.c), or None: the engine asks for native spares only with
        # one (READY's execInit).
        self.native_zygote_pid, self.native_zygote = native or (None, None)
        self.exec_init = native is not None
        self.spare_count = spare_count
        self.selector = selectors.DefaultSelector()
        self.executions = {}
        self.spares = {}
        # Spares the zygote is forking: their pipes, until it tells their pid.
        self.forking = {}
        self.last_spare = 0
        # Native spares the engine asked for (RUN's replaceNative) and not forked yet: the next spares forked are.
        self.native_owed = 0
        # When the spares are next topped up, if nothing does it before: spares taken while others were left are
        # replaced when their executions end or then; one that could not be forked is asked for again then (else a
        # request waiting for a spare would wait for ever: the engine sends RUN only with one).
        self.top_up_at = None
        # A retry is among what that top-up is for: more failures meanwhile do not lengthen the next delay again.
        self.retrying = False
        self.retry_delay = SPARE_RETRY_SECONDS[0]
        self.by_pid = {}
        # Exit statuses of children that ended before the zygote told whose they were.
        self.unclaimed = {}
        self.control = b""
        self.wakeup_read, wakeup_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        os.set_blocking(wakeup_write, False)
        signal.set_wakeup_fd(wakeup_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.selector.register(0, selectors.EVENT_READ, "control")
        self.selector.register(self.wakeup_read, selectors.EVENT_READ, "wakeup")
        self.selector.register(self.zygote, selectors.EVENT_READ, "zygote")
        if self.native_zygote is not None:
            self.selector.register(self.native_zygote, selectors.EVENT_READ, "native zygote")

    def send(self, kind, number, payload=b""):
        send_frame(1, kind, number, payload)

    def serve(self):
        self.send(READY, 0, json.dumps({"pid": os.getpid(), "execInit": self.exec_init}).encode())
        self.top_up()
        while True:
            deadlines = [e.deadline for e in self.executions.values() if e.deadline is not None]
            if self.top_up_at is not None:
                deadlines.append(self.top_up_at)
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            for key, events in self.selector.select(timeout):
                if self.selector.get_map().get(key.fd) is not key:
                    continue  # Closed by an earlier event of this batch (a reaped execution's status channel).
                if key.data == "control":
                    chunk = os.read(0, 1 << 16)
                    if not chunk:
                        return  # The engine closed the channel: stop, and the container ends with us.
                    self.control += chunk
                    self.handle_control()
                elif key.data == "zygote":
                    message = self.zygote.recv(64)
                    if not message:
                        return  # The zygote is gone: no execution can start any more.
                    self.forked(*FORKED.unpack(message))
                elif key.data == "native zygote":
                    message = self.native_zygote.recv(64)
                    if message:
                        self.forked(*FORKED.unpack(message))
                    else:
                        self.lose_native_zygote()
                elif key.data == "wakeup":
                    os.read(self.wakeup_read, 4096)
                    self.reap()
                elif events & selectors.EVENT_WRITE:
                    self.feed(key.data)
                elif key.fd == key.data.status_channel:
                    self.reported(key.data)
                else:
                    self.relay(key.fd, key.data)
            now = time.monotonic()
            if self.top_up_at is not None and now >= self.top_up_at:
                self.top_up()
            for execution in list(self.executions.values()):
                if execution.deadline is not None and now >= execution.deadline:
                    for fd in list(execution.streams):
                        self.close_stream(execution, fd)
                    self.finish_if_done(execution)

    def handle_control(self):
        while len(self.control) >= HEADER.size:
            kind, number, length = HEADER.unpack_from(self.control)
            if len(self.control) < HEADER.size + length:
                return
            payload = self.control[HEADER.size:HEADER.size + length]
            self.control = self.control[HEADER.size + length:]
            if kind == RUN:
                try:
                    self.start(number, payload)
                except (OSError, ValueError, KeyError, TypeError) as error:
                    self.send(STDERR, number, f"sandcastle: could not start the execution: {error}\n".encode())
                    self.send(EXIT, number, json.dumps({"code": 125}).encode())
                if self.spares:
                    # Others are left: replaced when the execution ends (finish_if_done) or a moment later.
                    self.top_up_in(REPLACEMENT_DELAY_SECONDS)
                else:
                    self.top_up()
            elif kind == WARM and number in self.spares:
                spare = self.spares[number]
                try:
                    # Its first message: its pid 1 starts a warm Node, or (a native spare's) makes its cgroup
                    # namespace, and keeps waiting for its request.
                    warm = json.loads(payload)
                    if spare.native and "path" in warm["warm"]:
                        write_node_order(spare.request, warm["warm"], BOOTSTRAP_NAME, BOOTSTRAP)
                        spare.node = write_command_run if warm["warm"].get("command") else write_node_run
                    else:
                        write_request(spare.request, warm)
                    spare.warmed = True
                except OSError:
                    pass  # Killed from outside: it is reaped as a spare (GONE).
                except (ValueError, KeyError, TypeError):
                    # Never sent (the engine's WARM is well formed): the spare is given up, its pid 1 reads the end
                    # of its socket and exits, and it is replaced (GONE).
                    spare.close()
            elif kind == KILL and number in self.executions:
                execution = self.executions[number]
                if execution.status is None:
                    # The namespace's pid 1: every process in it goes along.
                    os.kill(execution.pid, signal.SIGKILL)

    def lose_native_zygote(self):
        """The native zygote ended (killed, out of memory): spares are plain from now on, and every other execution
        goes on. The spares it was forking are given up (and made again, plain); native spares already made still run
        their commands."""
        if self.native_zygote is None:
            return
        print("sandcastle: the native zygote ended; spares are plain from now on", file=sys.stderr, flush=True)
        self.selector.unregister(self.native_zygote)
        self.native_zygote.close()
        self.native_zygote = None
        self.exec_init = False
        # Told again: the engine stops asking for native spares, and stops keeping warm places for those it asked for.
        self.send(READY, 0, json.dumps({"pid": os.getpid(), "execInit": False}).encode())
        self.native_owed = 0
        for number, (native, *ends) in list(self.forking.items()):
            if native:
                del self.forking[number]
                for fd in ends:
                    os.close(fd)
        self.top_up()

    def top_up(self):
        self.top_up_at = None
        self.retrying = False
        try:
            while len(self.spares) + len(self.forking) < self.spare_count:
                self.fork_spare()
        except OSError as error:
            # Out of descriptors: asked for again a moment later.
            print(f"could not fork a spare: {error}", file=sys.stderr, flush=True)
            self.retry_later()

    def retry_later(self):
        if not self.retrying:
            self.retrying = True
            self.top_up_in(self.retry_delay)
            self.retry_delay = min(self.retry_delay * 2, SPARE_RETRY_SECONDS[1])

    def top_up_in(self, seconds):
        at = time.monotonic() + seconds
        self.top_up_at = at if self.top_up_at is None else min(self.top_up_at, at)

    def fork_spare(self):
        """Asks the zygote for a spare, native while the engine asked for one; it answers with its pid (see forked)."""
        native = self.exec_init and self.native_owed > 0
        pipes = []
        try:
            for _ in range(3):
                pipes.extend(os.pipe2(os.O_CLOEXEC))
            # The request goes out on a socket, and the program's end comes back on it.
            pipes.extend(end.detach() for end in socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM))
            self.last_spare += 1
            stdin_read, stdin_write, stdout_read, stdout_write, stderr_read, stderr_write, request_write, request_read = pipes
            socket.send_fds(self.native_zygote if native else self.zygote, [SPARE_ORDER.pack(self.last_spare)],
                            [stdin_read, stdout_write, stderr_write, request_read])
        except OSError:
            for fd in pipes:
                os.close(fd)
            raise
        for fd in (stdin_read, stdout_write, stderr_write, request_read):
            os.close(fd)
        if native:
            self.native_owed -= 1
        self.forking[self.last_spare] = (native, request_write, stdin_write, stdout_read, stderr_read)

    def forked(self, number, pid):
        ends = self.forking.pop(number, None)
        if ends is None:
            return
        native, *ends = ends
        if pid <= 0:
            # The zygote could not fork it (it said why on stderr): asked for again a moment later.
            for fd in ends:
                os.close(fd)
            self.native_owed += native
            self.retry_later()
            return
        self.retry_delay = SPARE_RETRY_SECONDS[0]
        spare = Spare(number, pid, native, *ends)
        self.spares[number] = spare
        self.by_pid[pid] = spare
        self.send(SPARE, number, json.dumps({"pid": pid, "native": native}).encode())
        if pid in self.unclaimed:
            self.ended(pid, self.unclaimed.pop(pid))

    def start(self, number, payload):
        request = json.loads(payload)
        # Counted whatever becomes of this request (the engine counts what it asked for as it sends it).
        if request.pop("replaceNative", False) and self.exec_init:
            self.native_owed += 1
        # A spare killed from outside may not be reaped yet.
        self.reap()
        spare = self.spares.pop(request["spare"], None)
        if spare is None:
            self.send(UNSTARTED, number)
            return
        # The program's stdin goes to its stdin pipe, not into the spare's memory.
        stdin = base64.b64decode(request.pop("stdin", None) or "")
        try:
            if spare.native and not spare.warmed:
                write_request(spare.request, NATIVE_WARM)  # Taken before the engine warmed it.
            write = spare.node or (write_exec_request if spare.native else write_request)
            write(spare.request, request)
        except (ValueError, KeyError, TypeError):
            spare.close()  # Never to run anything: its pid 1 reads the end of its socket and exits.
            raise
        except OSError:
            # Killed from outside since the engine chose it: it is reaped as a spare; the request takes another.
            spare.close()
            self.send(UNSTARTED, number)
            return
        execution = Execution(number, spare.pid, spare.request, spare.stdin, spare.stdout, spare.stderr, stdin)
        stdin_write, stdout_read, stderr_read = spare.stdin, spare.stdout, spare.stderr
        self.executions[number] = execution
        self.by_pid[spare.pid] = execution
        self.selector.register(execution.status_channel, selectors.EVENT_READ, execution)
        for fd in (stdout_read, stderr_read):
            os.set_blocking(fd, False)
            self.selector.register(fd, selectors.EVENT_READ, execution)
        os.set_blocking(stdin_write, False)
        if stdin:
            self.selector.register(stdin_write, selectors.EVENT_WRITE, execution)
        else:
            self.close_stdin(execution)
        self.send(STARTED, number)

    def feed(self, execution):
        try:
            written = os.write(execution.stdin, execution.pending_stdin[:1 << 16])
            execution.pending_stdin = execution.pending_stdin[written:]
            if execution.pending_stdin:
                return
        except BlockingIOError:
            return
        except OSError:
            pass  # The program closed its stdin or ended before reading it all.
        self.selector.unregister(execution.stdin)
        self.close_stdin(execution)

    def close_stdin(self, execution):
        if execution.stdin is not None:
            os.close(execution.stdin)
            execution.stdin = None

    def relay(self, fd, execution):
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        if chunk:
            self.send(execution.streams[fd], execution.number, chunk)
            return
        self.close_stream(execution, fd)
        self.finish_if_done(execution)

    def close_stream(self, execution, fd):
        self.selector.unregister(fd)
        os.close(fd)
        del execution.streams[fd]

    def reap(self):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == self.zygote_pid:
                raise SystemExit("sandcastle: the fork server's zygote ended")
            if pid == self.native_zygote_pid:
                self.native_zygote_pid = None
                self.lose_native_zygote()
                continue
            if pid not in self.by_pid:
                self.unclaimed[pid] = status
                continue
            self.ended(pid, status)

    def reported(self, execution):
        """pid 1 told the program's end, every other process of the namespace gone: the execution is over."""
        try:
            report = os.read(execution.status_channel, 4)
        except OSError:
            report = b""
        self.close_status_channel(execution)
        if len(report) == 4 and execution.status is None:
            self.exited(execution, struct.unpack("<i", report)[0])

    def close_status_channel(self, execution):
        if execution.status_channel is not None:
            self.selector.unregister(execution.status_channel)
            os.close(execution.status_channel)
            execution.status_channel = None

    def ended(self, pid, status):
        """A child ended: a spare (killed before it had a request) or an execution's pid 1."""
        execution = self.by_pid.pop(pid, None)
        if isinstance(execution, Spare):
            # Killed before it had a request (from outside: nothing inside can reach it). One a request was
            # already sent to has been answered with UNSTARTED; any other the engine must forget.
            execution.close()
            if self.spares.pop(execution.number, None) is not None:
                self.send(GONE, execution.number)
            self.top_up()
            return
        if execution is None:
            return
        # Ended without telling (killed from outside): its exit status says it.
        self.close_status_channel(execution)
        if execution.status is None:
            code = os.waitstatus_to_exitcode(status)
            self.exited(execution, code if code >= 0 else 128 - code)

    def exited(self, execution, code):
        execution.status = {"code": code}
        if execution.stdin is not None:
            self.selector.unregister(execution.stdin)
            self.close_stdin(execution)
        execution.deadline = time.monotonic() + OUTPUT_GRACE_SECONDS
        self.finish_if_done(execution)

    def finish_if_done(self, execution):
        if execution.status is None or execution.streams:
            return
        del self.executions[execution.number]
        self.send(EXIT, execution.number, json.dumps(execution.status).encode())
        if self.top_up_at is not None:
            self.top_up()  # A replacement (or a retry) waits: an ended execution has given back its CPU and descriptors.

