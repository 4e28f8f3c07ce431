"""An execution's namespaces, then its pid 1 with the execution's own view, then the program."""
import os
import resource
import signal
import stat
import struct
import sys

from .native import (CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, DEFAULT_SIGNALS, MS_BIND,
                     MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_PRIVATE, MS_RDONLY, MS_REC, MS_REMOUNT, MS_SLAVE, bring_up_loopback,
                     check, clone_sibling, drop_privileges, libc, mount, run_reporting, say,
                     set_dumpable)
from .protocol import read_request, warm_up_request_reading
from .python_command import python_command
from .python_main import file_program, run_main
from .warm_node import WarmNode

SNIPPETS = "/run/sandcastle"
# Every sandbox's directory, bound here in the container; an execution sees only its own workspace.
SANDBOXES = "/run/sandcastle-sandboxes"
# Workspaces that are file systems of their own, mounted by the engine (they propagate here); named by a hash.
VOLUMES = "/run/sandcastle-volumes"
# matplotlib's prebuilt font list, bound into each execution's MPLCONFIGDIR.
FONTS, MPLCONFIGDIR = "/run/sandcastle-fonts", "/tmp/.matplotlib"


def end_execution(program, status_channel):
    """pid 1 once the program has started: waits for it, kills what it left, then tells its exit code.

    The end is told here, the moment no process but pid 1 is left in the namespace, rather than by pid 1's exit
    status: pid 1's own exit (unmapping a forked interpreter) and tearing down the namespaces (their mounts, the
    network namespace) are then off the answer's path; the server takes the exit status only when pid 1 was killed.
    Nothing the program started outlives the answer: every process of the namespace is a descendant of pid 1
    (orphans are reparented here), so no child left means none left at all. The channel is pid 1's own, never the
    program's: an exec'd program does not inherit it, a forked one closes it, and neither can reach it in pid 1 (pid 1
    is not dumpable, so its /proc files are closed to the program's uid; the seccomp filter refuses pidfd_getfd,
    ptrace and process_vm_writev).
    """
    while True:
        pid, status = os.waitpid(-1, 0)
        if pid == program:
            code = os.waitstatus_to_exitcode(status)
            code = code if code >= 0 else 128 - code
            break
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break  # No process but this one is left.
        if pid == 0:
            # Still running: whatever the program left behind (daemons, background jobs) goes with it, as it would
            # with pid 1's exit.
            try:
                os.kill(-1, signal.SIGKILL)
                os.waitpid(-1, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
    try:
        os.write(status_channel, struct.pack("<i", code))
    except OSError:
        pass  # The server's end is gone: the server itself is.
    return code


# Variables that change what bash does before it execs a program (a startup file, options, functions, the search,
# a warning), or that bash resets, drops or regenerates in the program's environment (bash 5.2, checked one by one);
# with any of them set, bash runs the command. Names starting with BASH are bash's too.
BASH_READS = frozenset(("SHELLOPTS", "POSIXLY_CORRECT", "EXECIGNORE", "OLDPWD", "IFS", "OPTIND", "OPTERR", "PPID",
                        "RANDOM", "SRANDOM", "LINENO", "EPOCHSECONDS", "EPOCHREALTIME", "HISTCMD", "COMP_WORDBREAKS",
                        "PS1", "PS2", "PS4"))
# LC_ALL naming a locale bash cannot set makes it warn on stderr; these it always can.
BUILT_IN_LOCALES = frozenset(("C", "POSIX", "C.UTF-8", "C.utf8"))


def direct_program(request):
    """For a command bash would only exec (the engine's SimpleCommand gives its words): the program's path and the
    environment bash would give it, found as bash finds it; None when bash is to run the command after all.

    Bash, run as `bash -c WORDS`, searches PATH for the first executable regular file of that name and execs it in
    its own place with PWD, SHLVL (net unchanged: raised at start, lowered for the exec) and `_` (the path) set.
    Anything else (a variable bash reads, a relative PATH entry, a program not found or not executable) is left to
    bash, which then says what it says and exits as it exits.
    """
    words = request.get("direct")
    if not words:
        return None
    environment = request["env"]
    if any(name.startswith("BASH") or name in BASH_READS for name in environment):
        return None
    if environment.get("LC_ALL", "C") not in BUILT_IN_LOCALES:
        return None
    if environment.get("PWD") != request["cwd"]:
        return None
    level = environment.get("SHLVL", "0")
    if not (level.isascii() and level.isdigit() and (level == "0" or level[0] != "0") and int(level) <= 998):
        return None
    name = words[0]
    if "/" in name:
        path = name if executable(name) is True else None
    else:
        path = None
        for directory in environment.get("PATH", ":").split(":"):
            if not directory.startswith("/"):
                return None  # Bash's default PATH, or a relative entry: bash's to search.
            candidate = (directory if directory.endswith("/") else directory + "/") + name
            found = executable(candidate)
            if found is None:
                return None  # Bash would pick it and fail on it, in its own words.
            if found:
                path = candidate
                break
    if path is None:
        return None
    environment = dict(environment, SHLVL=level, _=path)
    return path, environment


def executable(path):
    """True for an executable regular file; False for what bash's search passes over (nothing there, a directory, a
    file not executable); None for anything else bash would take as its program (an executable FIFO or device)."""
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode) or not os.access(path, os.X_OK):
            return False
    except (OSError, ValueError):
        return False
    return True if stat.S_ISREG(mode) else None


# The room a snippet directory has beyond its files (and all of an empty one's).
EMPTY_SNIPPETS_BYTES = 65536


def mount_snippets(files):
    """A fresh, read-only /run/sandcastle holding these files, over the spare's empty one."""
    size = sum(len(data) for data in files.values()) + EMPTY_SNIPPETS_BYTES
    mount("tmpfs", SNIPPETS, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=755")
    for name, data in files.items():
        with open(os.path.join(SNIPPETS, name), "wb") as file:
            file.write(data)
    mount(None, SNIPPETS, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


class Child:
    """Makes an execution's namespaces and its pid 1, which prepares what no request decides, then runs the request."""

    def __init__(self, seccomp, tmp_bytes):
        self.request = None
        # The seccomp filter (native.SeccompProgram), or None.
        self.seccomp = seccomp
        # The size /tmp and /dev/shm are made with before the request: the engine's default, which most requests have.
        self.tmp_bytes = tmp_bytes

    def start(self, fds):
        """In the zygote: the spare, cloned into namespaces of its own as the server's child (the zygote's sibling),
        with the spare's stdin, stdout, stderr and request socket; returns its pid in the container. The engine moves
        it into the execution's cgroup as it is announced, before naming it in RUN."""
        pid = clone_sibling(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET)
        if pid == 0:
            code = 125
            try:
                code = run_reporting(lambda: self.become_init(fds))
            finally:
                os._exit(code)
        return pid

    def become_init(self, fds):
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        # Every other descriptor goes, whatever number the zygote's own or the spare's originals had.
        os.closerange(len(fds), 1 << 20)
        return self.init()

    def init(self):
        """pid 1 of the execution's namespace: its own file system view, then the program, then reaping.

        No parent-death signal: should the server die, the container's init ends with it, and the kernel takes
        everything in the container's pid namespace along, this one too.
        """
        # Before the request: everything that is the same for every execution. Slave, not yet private: a workspace
        # volume the engine mounts after this spare was made must still reach it (the volumes directory receives the
        # host's mounts); nothing made here ever propagates out.
        mount(None, "/", None, MS_REC | MS_SLAVE)
        bring_up_loopback()
        # Sized for the engine's default; a request with another size has them resized. The font cache lives in /tmp.
        mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={self.tmp_bytes},mode=1777")
        mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, f"size={self.tmp_bytes},mode=1777")
        # An empty, read-only /run/sandcastle hides the server's own files; a snippet's is mounted over it.
        mount("tmpfs", SNIPPETS, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, f"size={EMPTY_SNIPPETS_BYTES},mode=755")
        # Terminals of its own: the container's devpts instance is every execution's, and all run as one uid.
        mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620")
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        self.bind_font_cache()
        # pid 1 of a pid namespace gets from inside it only the signals it has handlers for: none, from here on (the
        # program cannot stop it). Done before the request: it took 0.18 ms on the request's way.
        for handled in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(handled, signal.SIG_DFL)
        warm_up_request_reading()
        self.request = read_request(3)
        if self.request is None:
            os.close(3)
            return 125  # The server ended before giving it a request.
        # Now in the execution's own cgroup (the engine moved this process before naming the spare, or before
        # warming it): make it the root of what the program sees.
        check(libc.unshare(CLONE_NEWCGROUP), "unshare cgroup")
        warm = self.request.get("warm")
        if warm is not None:
            # Warmed (see warm_node.py): Node starts now, and the request comes later on the same socket.
            return WarmNode(self, warm).init()
        # Kept to tell the program's end on (see end_execution); no program inherits it.
        os.set_inheritable(3, False)
        self.mount_request_view(self.request, self.tmp_bytes)
        return self.run_program()

    def run_program(self):
        """pid 1 once the request's part of the view is made: the snippet, the privilege drop, then the program."""
        snippet = self.request.get("snippet")
        if snippet:
            mount_snippets({snippet["file"]: snippet["code"].encode()})
        # From here on pid 1 is no more privileged than the program it reaps.
        drop_privileges(self.seccomp)
        # Same uid as the program, pid 1 would be the program's to open through /proc/1/mem or /proc/1/fd: it is not.
        set_dumpable(False)
        program = self.start_program()
        if program is None:
            return 127
        # The output ends when the program's tree lets go of it, not when pid 1 has finished exiting.
        for descriptor in (0, 1, 2):
            os.close(descriptor)
        return end_execution(program, 3)

    @staticmethod
    def mount_request_view(request, tmp_bytes):
        """The part of the execution's view its request decides: its workspace, the covers, /tmp's and /dev/shm's size
        (when not the <tmp_bytes> they were made with)."""
        sandbox = request["sandbox"]
        if "/" in sandbox or sandbox in ("", ".", ".."):
            raise ValueError(f"invalid sandbox {sandbox!r}")
        volume = request.get("volume")
        if volume is not None and ("/" in volume or volume in ("", ".", "..")):
            raise ValueError(f"invalid volume {volume!r}")
        workspace = os.path.join(VOLUMES, volume) if volume else os.path.join(SANDBOXES, sandbox, "workspace")
        mount(workspace, "/workspace", None, MS_BIND | MS_REC)
        # Covered, not unmounted: mounts inherited from the container's namespace are locked together here. The
        # program can never lift the cover (no CAP_SYS_ADMIN, and the seccomp filter refuses umount).
        for covered in (SANDBOXES, VOLUMES):
            mount("tmpfs", covered, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=000")
        # From here on, volumes mounted for other sandboxes no longer reach this view (nor its mount table).
        mount(None, "/", None, MS_REC | MS_PRIVATE)
        if request["tmpBytes"] != tmp_bytes:
            size = str(request["tmpBytes"])
            mount(None, "/tmp", None, MS_REMOUNT | MS_NOSUID | MS_NODEV, f"size={size}")
            mount(None, "/dev/shm", None, MS_REMOUNT | MS_NOSUID | MS_NODEV | MS_NOEXEC, f"size={size}")

    def start_program(self):
        """The program's process: an exec'd program is spawned without copying this interpreter; Python (a snippet, or
        a python3 command python_command takes) runs in a fork of it."""
        request = self.request
        argv = request.get("argv")
        # pid 1 takes the program's limits and directory, and the program inherits them.
        self.set_limits()
        os.chdir(request["cwd"])
        if not argv:
            path = os.path.join(SNIPPETS, request["snippet"]["file"])
            with open(path, "rb") as file:
                snippet = file_program(path, [path], file.read())
            return self.fork_python(snippet, request["env"])
        direct = direct_program(request)
        if direct is not None:
            path, environment = direct
            command = python_command(path, request["direct"], environment)
            if command is not None:
                return self.fork_python(command, environment, request["direct"])
            try:
                return os.posix_spawn(path, request["direct"], environment, setsid=True, setsigdef=DEFAULT_SIGNALS)
            except OSError:
                pass  # bash tries it again, and says why it cannot in its own words.
        try:
            return os.posix_spawn(argv[0], argv, request["env"], setsid=True, setsigdef=DEFAULT_SIGNALS)
        except OSError as error:
            say(f"{argv[0]}: {error.strerror}")
            return None

    def set_limits(self):
        fsize = self.request["fileSizeBytes"]
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    @staticmethod
    def fork_python(program, environment, orig_argv=None):
        """A Python program run in a fork of this interpreter, as a fresh one given <orig_argv> would run it."""
        child = os.fork()
        if child != 0:
            return child

        def run():
            os.close(3)  # pid 1's, to tell the end on: forked, not exec'd, the program would hold it.
            set_dumpable(True)  # As an exec'd program is: its /proc files are its own.
            os.setsid()
            signal.signal(signal.SIGINT, signal.default_int_handler)
            os.environ.clear()
            os.environ.update(environment)
            if orig_argv is not None:
                sys.orig_argv = list(orig_argv)
            return run_main(program)
        os._exit(run_reporting(run))

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
