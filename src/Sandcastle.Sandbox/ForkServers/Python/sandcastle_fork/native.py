"""The system calls the fork server makes through libc: mounts, namespaces, capabilities, seccomp, loopback."""
import ctypes
import fcntl
import os
import signal
import socket
import struct

CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWNET = 0x00020000, 0x20000000, 0x08000000, 0x40000000
CLONE_NEWCGROUP = 0x02000000
CLONE_PARENT = 0x00008000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE, MS_SLAVE = (
    1, 2, 4, 8, 32, 4096, 16384, 1 << 18, 1 << 19)
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 1
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_SET_SECCOMP = 1, 24, 38, 47, 22
PR_CAP_AMBIENT_CLEAR_ALL, SECCOMP_MODE_FILTER = 4, 2
PR_SET_DUMPABLE = 4
LINUX_CAPABILITY_VERSION_3 = 0x20080522
# What a program starts with at their default: Python ignores SIGPIPE and SIGXFSZ, and an ignored signal survives
# exec (`yes | head -1` would print "Broken pipe", a file past the size limit would fail with EFBIG instead of ending
# its writer).
DEFAULT_SIGNALS = signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP}

libc = ctypes.CDLL(None, use_errno=True)
# System calls libc has no wrapper for, by machine: clone (a raw fork with flags), capset.
SYSCALLS = {"x86_64": (56, 126), "aarch64": (220, 91), "riscv64": (220, 91)}
if os.uname().machine not in SYSCALLS:
    raise SystemExit(f"sandcastle: the fork server does not know this machine's system calls ({os.uname().machine})")
SYS_CLONE, SYS_CAPSET = SYSCALLS[os.uname().machine]
# clone with the GIL held (PyDLL), as os.fork forks; bound once, so that nothing between Python's fork hooks has to
# look a symbol up or convert an argument.
_clone = ctypes.PyDLL(None, use_errno=True).syscall
_clone.argtypes = (ctypes.c_long, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
_clone.restype = ctypes.c_long
_before_fork, _after_fork_child, _after_fork_parent = (
    ctypes.pythonapi.PyOS_BeforeFork, ctypes.pythonapi.PyOS_AfterFork_Child, ctypes.pythonapi.PyOS_AfterFork_Parent)
for _hook in (_before_fork, _after_fork_child, _after_fork_parent):
    _hook.argtypes, _hook.restype = (), None


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def say(message):
    """A line on the execution's stderr (the program's output), whatever state that is in."""
    try:
        os.write(2, f"sandcastle: {message}\n".encode())
    except OSError:
        pass


def run_reporting(step, failure="could not start the program"):
    """A step of starting an execution: its exit code, or 125 with what failed said on the execution's stderr."""
    try:
        return step()
    except BaseException as error:  # noqa: BLE001 - whatever failed, say so on the program's stderr
        say(f"{failure}: {error}")
        return 125


def reset_signals():
    """Every signal at its default, before an exec (posix_spawn's setsigdef=DEFAULT_SIGNALS does the same)."""
    for number in DEFAULT_SIGNALS:
        signal.signal(number, signal.SIG_DFL)


def check(result, what):
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def mount(source, target, fstype, flags, data=None):
    check(libc.mount(source and source.encode(), target.encode(), fstype and fstype.encode(), flags,
                     data and data.encode()), f"mount {target}")


def bring_up_loopback():
    """The execution's network namespace has a loopback device of its own, down until raised."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(probe, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))


def drop_bounding_set():
    """Empties the capability bounding set (what any exec could gain). What the process holds stays: the zygote does
    this once, and every spare it clones inherits the empty set and still makes its mounts."""
    for capability in range(64):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 and ctypes.get_errno() != 22:  # EINVAL: past the last
            check(-1, "drop bounding set")


def clone_sibling(namespaces):
    """A fork whose child starts in new namespaces and is the caller's sibling (its parent is the caller's parent).

    One system call instead of a fork, an unshare and a second fork from a middle process that then exits: the spare
    is the server's child at once, with no process made only to be thrown away. Python's own fork hooks run around it
    as os.fork runs them, so the child's interpreter is as fit to go on as after os.fork. The child's exit signal is
    the caller's own (SIGCHLD: the zygote was forked), as CLONE_PARENT takes it.
    """
    flags = namespaces | CLONE_PARENT | signal.SIGCHLD
    _before_fork()
    try:
        pid = _clone(SYS_CLONE, flags, None, None, None, None)
    except BaseException:
        _after_fork_parent()
        raise
    if pid == 0:
        _after_fork_child()
        return 0
    error = ctypes.get_errno()
    _after_fork_parent()
    if pid < 0:
        raise OSError(error, f"clone: {os.strerror(error)}")
    return pid


def set_dumpable(dumpable):
    """Whether processes of the same uid may open this one's /proc files that need ptrace access (mem, fd, root,
    environ): pid 1 turns it off before the program runs, as pid 1 keeps the socket it tells the end on."""
    check(libc.prctl(PR_SET_DUMPABLE, 1 if dumpable else 0, 0, 0, 0), "dumpable")


# What capset is given: no capability in any set. Made once, in the server, before any spare: a request's drop then
# makes no ctypes type or object (building them took 0.17 ms on each execution's way; a forked pid 1 also copies
# every page it writes).
_NO_CAPABILITIES = (CapHeader(LINUX_CAPABILITY_VERSION_3, 0), (CapData * 2)())
class SeccompProgram:
    """The compiled seccomp filter as prctl takes it, made once as the fork server starts: a request's drop then makes
    no ctypes object, and every spare shares these pages with the zygote, unwritten."""

    def __init__(self, bpf):
        self._buffer = ctypes.create_string_buffer(bpf, len(bpf))
        self.argument = SockFprog(len(bpf) // 8, ctypes.cast(self._buffer, ctypes.c_void_p))


def _runs(path):
    """Whether the program runs here (a build for another libc or machine would not): it answers --probe with 0."""
    try:
        pid = os.posix_spawn(path, [path, "--probe"], {})
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    except OSError:
        return False


def open_exec_init(path, bpf):
    """sandcastle-exec-init and the seccomp filter it loads, as descriptors the zygote keeps (at 64 and up, out of the
    way of the four a spare is given) for native spares, or None without the program. Opened once, here: a spare
    covers the directory they are in before its request. The filter's copy is a sealed memfd, which nothing can write."""
    try:
        program = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    if os.fstatvfs(program).f_flag & os.ST_NOEXEC or not os.access(path, os.X_OK) or not _runs(path):
        os.close(program)  # It could not be exec'd here: no spare is native (see READY).
        return None
    filter_fd = -1
    if bpf:
        memfd = os.memfd_create("sandcastle-seccomp", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        os.write(memfd, bpf)
        fcntl.fcntl(memfd, fcntl.F_ADD_SEALS, fcntl.F_SEAL_SEAL | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_WRITE)
        filter_fd = fcntl.fcntl(memfd, fcntl.F_DUPFD_CLOEXEC, 64)
        os.close(memfd)
    moved = fcntl.fcntl(program, fcntl.F_DUPFD_CLOEXEC, 64)
    os.close(program)
    return moved, filter_fd


def drop_privileges(seccomp):
    """No capabilities in any set, no_new_privs, then the seccomp filter (a SeccompProgram, or None): nothing here can
    be regained. The bounding set is empty already (drop_bounding_set, in the zygote: every spare and what it forks
    inherit it)."""
    check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    check(libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clear ambient capabilities")
    header, data = _NO_CAPABILITIES
    check(libc.syscall(SYS_CAPSET, ctypes.byref(header), data), "capset")
    if seccomp is not None:
        check(libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(seccomp.argument), 0, 0), "seccomp")
