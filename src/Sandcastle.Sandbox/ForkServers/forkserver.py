# The engine's fork server: a long-lived helper inside a bubblewrap container of its own.
#
# It makes each execution by forking itself instead of spawning bubblewrap and a fresh interpreter: fork, new
# mount, pid, IPC, network and cgroup namespaces; the sandbox's workspace at /workspace and nothing of any other
# sandbox; a private /tmp, /dev/shm, /proc and /run/sandcastle; then, in the program's own process: new session,
# rlimits, no capabilities (bounding and ambient sets too), no_new_privs, the seccomp filter, a clean environment.
# A Python program then runs in this already-started interpreter; any other program is exec'd.
#
# Protocol, little-endian frames "<BII" (kind, number, payload length) + payload:
#   engine -> here, on stdin:  1 RUN (execution number; JSON request naming a spare), 2 KILL (execution number)
#   here -> engine, on stdout: 1 READY, 2 STDOUT, 3 STDERR, 4 EXIT (JSON: code), 7 STARTED for an execution;
#                              8 UNSTARTED for an execution whose spare died before it (the engine gives it another);
#                              5 SPARE (spare number; JSON: pid), 6 GONE (spare number)
# A spare is an execution's first process forked ahead of time: it has made its mount, pid, IPC and network
# namespaces and waits for its request.
#
# The server never forks a spare itself: its memory holds every request's code and stdin (live, and as freed heap),
# and a Python program runs in a copy of the memory of whatever forked it. Spares are forked by a zygote, a copy of
# the server made before the first request, which reads no request at all: the server hands it a spare's pipes, and
# the spare reads its own request from one of them. The zygote double-forks, so each spare is the server's child
# (the server is a subreaper), as the engine expects. The engine moves each spare into a cgroup of its own as it is announced,
# and names in RUN only spares it has moved, so everything an execution starts is born in its cgroup and neither
# the fork nor the cgroup move is on the way of a request.
# Everything here runs with CAP_SYS_ADMIN inside the container's user namespace; sandboxed code never does.
import base64
import ctypes
import fcntl
import json
import os
import resource
import selectors
import signal
import socket
import struct
import sys
import time

HEADER = struct.Struct("<BII")
RUN, KILL = 1, 2
READY, STDOUT, STDERR, EXIT, SPARE, GONE, STARTED, UNSTARTED = 1, 2, 3, 4, 5, 6, 7, 8
REQUEST_LENGTH = struct.Struct("<I")
# How long an exited execution's output may stay open (a descriptor smuggled to another process) before it is cut.
OUTPUT_GRACE_SECONDS = 0.5

CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWNET = 0x00020000, 0x20000000, 0x08000000, 0x40000000
CLONE_NEWCGROUP = 0x02000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 8, 32, 4096, 16384, 1 << 18
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 1
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_SET_SECCOMP = 1, 24, 38, 47, 22
PR_CAP_AMBIENT_CLEAR_ALL, SECCOMP_MODE_FILTER = 4, 2
PR_SET_CHILD_SUBREAPER = 36
# The descriptor a spare reports its pid on to the zygote, once its namespaces are made.
REPORT = 4
# The zygote's word for a spare: its number, then its pid (or <= 0: it could not be forked).
FORKED = struct.Struct("<Ii")
LINUX_CAPABILITY_VERSION_3 = 0x20080522
SNIPPETS = "/run/sandcastle"
# Every sandbox's directory, bound here in the container; an execution sees only its own workspace.
SANDBOXES = "/run/sandcastle-sandboxes"
# matplotlib's prebuilt font list, bound into each execution's MPLCONFIGDIR.
FONTS, MPLCONFIGDIR = "/run/sandcastle-fonts", "/tmp/.matplotlib"

libc = ctypes.CDLL(None, use_errno=True)


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def check(result, what):
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def mount(source, target, fstype, flags, data=None):
    check(libc.mount(source and source.encode(), target.encode(), fstype and fstype.encode(), flags,
                     data and data.encode()), f"mount {target}")


class Spare:
    def __init__(self, number, pid, request, stdin, stdout, stderr):
        self.number = number
        self.pid = pid
        self.request = request
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr

    def close(self):
        for name in ("request", "stdin", "stdout", "stderr"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)


class Execution:
    def __init__(self, number, pid, stdin, stdout, stderr, pending_stdin):
        self.number = number
        self.pid = pid
        self.stdin = stdin
        self.streams = {stdout: STDOUT, stderr: STDERR}
        self.pending_stdin = pending_stdin
        self.status = None
        self.deadline = None


class Server:
    def __init__(self, zygote_pid, zygote, spare_count):
        self.zygote_pid = zygote_pid
        self.zygote = zygote
        self.spare_count = spare_count
        self.selector = selectors.DefaultSelector()
        self.executions = {}
        self.spares = {}
        # Spares the zygote is forking: their pipes, until it tells their pid.
        self.forking = {}
        self.last_spare = 0
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

    def send(self, kind, number, payload=b""):
        data = HEADER.pack(kind, number, len(payload)) + payload
        view = memoryview(data)
        while view:
            view = view[os.write(1, view):]

    def serve(self):
        self.send(READY, 0, json.dumps({"pid": os.getpid()}).encode())
        self.top_up()
        while True:
            deadlines = [e.deadline for e in self.executions.values() if e.deadline is not None]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            for key, events in self.selector.select(timeout):
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
                elif key.data == "wakeup":
                    os.read(self.wakeup_read, 4096)
                    self.reap()
                elif events & selectors.EVENT_WRITE:
                    self.feed(key.data)
                else:
                    self.relay(key.fd, key.data)
            now = time.monotonic()
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
                self.top_up()
            elif kind == KILL and number in self.executions:
                execution = self.executions[number]
                if execution.status is None:
                    # The execution's first process forwards SIGTERM as SIGKILL to the namespace's pid 1.
                    os.kill(execution.pid, signal.SIGTERM)

    def top_up(self):
        try:
            while len(self.spares) + len(self.forking) < self.spare_count:
                self.fork_spare()
        except OSError as error:
            # Out of processes or descriptors: requests wait for the next spare, asked for after the next run.
            print(f"could not fork a spare: {error}", file=sys.stderr, flush=True)

    def fork_spare(self):
        """Asks the zygote for a spare; it answers with its pid (see forked)."""
        pipes = []
        try:
            for _ in range(4):
                pipes.extend(os.pipe2(os.O_CLOEXEC))
            self.last_spare += 1
            stdin_read, stdin_write, stdout_read, stdout_write, stderr_read, stderr_write, request_read, request_write = pipes
            socket.send_fds(self.zygote, [struct.pack("<I", self.last_spare)], [stdin_read, stdout_write, stderr_write, request_read])
        except OSError:
            for fd in pipes:
                os.close(fd)
            raise
        for fd in (stdin_read, stdout_write, stderr_write, request_read):
            os.close(fd)
        self.forking[self.last_spare] = (request_write, stdin_write, stdout_read, stderr_read)

    def forked(self, number, pid):
        ends = self.forking.pop(number, None)
        if ends is None:
            return
        if pid <= 0:
            for fd in ends:
                os.close(fd)
            return
        spare = Spare(number, pid, *ends)
        self.spares[number] = spare
        self.by_pid[pid] = spare
        self.send(SPARE, number, json.dumps({"pid": pid}).encode())
        if pid in self.unclaimed:
            self.ended(pid, self.unclaimed.pop(pid))

    def start(self, number, payload):
        request = json.loads(payload)
        spare = self.spares.pop(request["spare"], None)
        if spare is None:
            self.send(UNSTARTED, number)
            return
        # The program's stdin goes to its stdin pipe, not into the spare's memory.
        stdin = base64.b64decode(request.pop("stdin", None) or "")
        try:
            data = json.dumps(request).encode()
            view = memoryview(REQUEST_LENGTH.pack(len(data)) + data)
            while view:
                view = view[os.write(spare.request, view):]
        except OSError:
            # Killed from outside since the engine chose it: it is reaped as a spare; the request takes another.
            spare.close()
            self.send(UNSTARTED, number)
            return
        os.close(spare.request)
        spare.request = None
        execution = Execution(number, spare.pid, spare.stdin, spare.stdout, spare.stderr, stdin)
        stdin_write, stdout_read, stderr_read = spare.stdin, spare.stdout, spare.stderr
        self.executions[number] = execution
        self.by_pid[spare.pid] = execution
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
            if pid not in self.by_pid:
                self.unclaimed[pid] = status
                continue
            self.ended(pid, status)

    def ended(self, pid, status):
        """A child ended: a spare (killed before it had a request) or an execution's first process."""
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
        code = os.waitstatus_to_exitcode(status)
        execution.status = {"code": code if code >= 0 else 128 - code}
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


def zygote(channel, seccomp_filter):
    """Forks each spare on the server's word, from memory that never held a request."""
    while True:
        message, fds, _, _ = socket.recv_fds(channel, 16, 4)
        if not message:
            return 0
        (number,) = struct.unpack("<I", message)
        pid = -1
        try:
            report_read, report_write = os.pipe()
            middle = os.fork()
            if middle == 0:
                # Forked from here and orphaned at once: the server, a subreaper, adopts the spare.
                # The spare reports its own pid once its namespaces are made: the engine may open a door into its
                # network namespace (the egress proxy's listener) as soon as it is announced.
                code = 1
                try:
                    if os.fork() == 0:
                        code = Child(seccomp_filter).start(fds, report_write)
                    else:
                        code = 0
                finally:
                    os._exit(code)
            os.close(report_write)
            os.waitpid(middle, 0)
            report = os.read(report_read, 4)
            os.close(report_read)
            if len(report) == 4:
                (pid,) = struct.unpack("<i", report)
        except OSError as error:
            print(f"sandcastle: could not fork a spare: {error}", file=sys.stderr, flush=True)
        for fd in fds:
            os.close(fd)
        channel.send(FORKED.pack(number, pid))


class Child:
    """Runs in the execution's first process: makes the namespaces, then pid 1, then the program."""

    def __init__(self, seccomp_filter):
        self.request = None
        self.seccomp_filter = seccomp_filter

    def start(self, fds, report):
        """In a spare, fresh from the zygote: its stdin, stdout, stderr and request pipes, then run."""
        code = 125
        try:
            report = fcntl.fcntl(report, fcntl.F_DUPFD, 16)
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            os.dup2(report, REPORT)
            os.closerange(REPORT + 1, 1 << 20)
            code = self.run()
        except BaseException as error:  # noqa: BLE001 - whatever failed, say so on the program's stderr
            try:
                os.write(2, f"sandcastle: could not start the program: {error}\n".encode())
            except OSError:
                pass
        return code

    def run(self):
        # SIGTERM waits until there is a pid 1 to forward it to.
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])
        check(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET), "unshare")
        os.write(REPORT, struct.pack("<i", os.getpid()))
        os.close(REPORT)
        self.request = read_request(3)
        if self.request is None:
            return 125  # The server ended before giving it a request.
        os.close(3)
        # Now in the execution's own cgroup: make it the root of what the program sees.
        check(libc.unshare(CLONE_NEWCGROUP), "unshare cgroup")
        init = os.fork()
        if init == 0:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
            os._exit(self.init())
        # SIGTERM from the server means kill: the namespace's pid 1 takes every process in it along.
        signal.signal(signal.SIGTERM, lambda *_: os.kill(init, signal.SIGKILL))
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
        while True:
            pid, status = os.waitpid(init, 0)
            if pid == init:
                code = os.waitstatus_to_exitcode(status)
                return code if code >= 0 else 128 - code

    def init(self):
        """pid 1 of the execution's namespace: its own file system view, then the program, then reaping."""
        check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
        mount(None, "/", None, MS_REC | MS_PRIVATE)
        sandbox = self.request["sandbox"]
        if "/" in sandbox or sandbox in ("", ".", ".."):
            raise ValueError(f"invalid sandbox {sandbox!r}")
        mount(os.path.join(SANDBOXES, sandbox, "workspace"), "/workspace", None, MS_BIND | MS_REC)
        # Covered, not unmounted: mounts inherited from the container's namespace are locked together here. The
        # program can never lift the cover (no CAP_SYS_ADMIN, and the seccomp filter refuses umount).
        mount("tmpfs", SANDBOXES, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=000")
        bring_up_loopback()
        size = str(self.request["tmpBytes"])
        mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
        mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, f"size={size},mode=1777")
        # Terminals of its own: the container's devpts instance is every execution's, and all run as one uid.
        mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620")
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        self.bind_font_cache()
        # A fresh /run/sandcastle hides the server's own files and holds this execution's snippet, read-only.
        snippet = self.request.get("snippet")
        snippet_bytes = snippet["code"].encode() if snippet else b""
        mount("tmpfs", SNIPPETS, "tmpfs", MS_NOSUID | MS_NODEV, f"size={len(snippet_bytes) + 65536},mode=755")
        if snippet:
            with open(os.path.join(SNIPPETS, snippet["file"]), "wb") as file:
                file.write(snippet_bytes)
        mount(None, SNIPPETS, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        # From here on pid 1 is no more privileged than the program it reaps.
        for handled in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(handled, signal.SIG_DFL)
        self.drop_privileges()
        program = os.fork()
        if program == 0:
            code = 125
            try:
                code = self.program()
            except BaseException as error:  # noqa: BLE001
                try:
                    os.write(2, f"sandcastle: could not start the program: {error}\n".encode())
                except OSError:
                    pass
            os._exit(code)
        # The output ends when the program's tree lets go of it, not when pid 1 has finished exiting.
        for descriptor in (0, 1, 2):
            os.close(descriptor)
        while True:
            pid, status = os.waitpid(-1, 0)
            if pid == program:
                code = os.waitstatus_to_exitcode(status)
                return code if code >= 0 else 128 - code

    def program(self):
        request = self.request
        os.setsid()
        fsize = request["fileSizeBytes"]
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.chdir(request["cwd"])
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.environ.clear()
        os.environ.update(request["env"])
        argv = request.get("argv")
        if argv:
            try:
                os.execve(argv[0], argv, request["env"])
            except OSError as error:
                os.write(2, f"sandcastle: {argv[0]}: {error.strerror}\n".encode())
                return 127
        return run_python_main(os.path.join(SNIPPETS, request["snippet"]["file"]))

    def bind_font_cache(self):
        files = [name for name in os.listdir(FONTS) if name.startswith("fontlist-")] if os.path.isdir(FONTS) else []
        if not files:
            return
        os.mkdir(MPLCONFIGDIR, 0o755)
        for name in files:
            target = os.path.join(MPLCONFIGDIR, name)
            open(target, "wb").close()
            # A bind keeps the source mount's read-only flag.
            mount(os.path.join(FONTS, name), target, None, MS_BIND)

    def drop_privileges(self):
        check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
        for capability in range(64):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 and ctypes.get_errno() != 22:  # EINVAL: past the last
                check(-1, "drop bounding set")
        check(libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clear ambient capabilities")
        header = CapHeader(LINUX_CAPABILITY_VERSION_3, 0)
        data = (CapData * 2)()
        check(libc.syscall(126 if os.uname().machine == "x86_64" else 91, ctypes.byref(header), data), "capset")
        if self.seccomp_filter:
            buffer = ctypes.create_string_buffer(self.seccomp_filter, len(self.seccomp_filter))
            program = SockFprog(len(self.seccomp_filter) // 8, ctypes.cast(buffer, ctypes.c_void_p))
            check(libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0), "seccomp")


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


def bring_up_loopback():
    """The execution's network namespace has a loopback device of its own, down until raised."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(probe, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))


def run_python_main(path):
    """Runs a file as `python3 path` would in a fresh interpreter: as __main__, with its argv and sys.path."""
    import atexit
    import builtins
    import types

    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = builtins
    main.__cached__ = None
    sys.modules["__main__"] = main
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)
    code = 0
    try:
        with open(path, "rb") as file:
            source = file.read()
        exec(compile(source, path, "exec"), main.__dict__)
    except SystemExit as exit_request:
        code = exit_code(exit_request.code)
    except BaseException as error:  # noqa: BLE001 - an uncaught exception, reported as python reports it
        trace = error.__traceback__
        # Hide this function's frame: the traceback starts in the program, as in a fresh interpreter.
        trace = trace.tb_next if trace is not None and trace.tb_frame.f_code is run_python_main.__code__ else trace
        # The default hook prints the exception's own traceback when it has one, not the one it is given.
        error.__traceback__ = trace
        sys.excepthook(type(error), error, trace)
        code = 1
    try:
        threading = sys.modules.get("threading")
        if threading is not None:
            threading._shutdown()
        atexit._run_exitfuncs()
    except SystemExit as exit_request:
        code = exit_code(exit_request.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    # Let the output end now rather than after this forked interpreter's memory is torn down.
    for descriptor in (1, 2):
        try:
            os.close(descriptor)
        except OSError:
            pass
    return code


def exit_code(value):
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    try:
        print(value, file=sys.stderr)
    except (OSError, ValueError):
        pass
    return 1


def main():
    filter_path = sys.argv[1] if len(sys.argv) > 1 else ""
    spare_count = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    seccomp_filter = b""
    if filter_path:
        with open(filter_path, "rb") as file:
            seccomp_filter = file.read()
    # Every execution is a fork of this interpreter: keep the collector off the objects it shares with them, so
    # forks do not copy the pages a collection would touch.
    import gc
    gc.freeze()
    # Adopts each spare from the zygote's short-lived middle process.
    check(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "subreaper")
    server_end, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    zygote_pid = os.fork()
    if zygote_pid == 0:
        code = 1
        try:
            server_end.close()
            check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
            # The engine's channel is the server's alone: a zygote holding it would keep it open after the server.
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.close(null)
            code = zygote(zygote_end, seccomp_filter)
        finally:
            os._exit(code)
    zygote_end.close()
    Server(zygote_pid, server_end, spare_count).serve()


if __name__ == "__main__":
    main()
