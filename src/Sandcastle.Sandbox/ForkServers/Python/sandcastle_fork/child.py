"""An execution's first process: its namespaces, then pid 1 with the execution's own view, then the program."""
import fcntl
import os
import resource
import signal
import struct

from .native import (CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, MS_BIND, MS_NODEV,
                     MS_NOEXEC, MS_NOSUID, MS_PRIVATE, MS_RDONLY, MS_REC, MS_REMOUNT, PR_SET_PDEATHSIG,
                     bring_up_loopback, check, drop_privileges, libc, mount)
from .protocol import REPORT, read_request
from .python_main import run_python_main
from .warm_node import WarmNode

SNIPPETS = "/run/sandcastle"
# Every sandbox's directory, bound here in the container; an execution sees only its own workspace.
SANDBOXES = "/run/sandcastle-sandboxes"
# matplotlib's prebuilt font list, bound into each execution's MPLCONFIGDIR.
FONTS, MPLCONFIGDIR = "/run/sandcastle-fonts", "/tmp/.matplotlib"


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
        # Warmed (see warm_node.py): its pid 1 starts Node now and reads the request itself when it comes.
        warm = self.request.get("warm")
        if warm is None:
            os.close(3)
        # Now in the execution's own cgroup: make it the root of what the program sees.
        check(libc.unshare(CLONE_NEWCGROUP), "unshare cgroup")
        init = os.fork()
        if init == 0:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
            os._exit(WarmNode(self.seccomp_filter, warm).init() if warm is not None else self.init())
        if warm is not None:
            os.close(3)
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
        drop_privileges(self.seccomp_filter)
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
