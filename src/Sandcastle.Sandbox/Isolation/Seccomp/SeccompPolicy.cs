namespace Sandcastle.Sandbox.Isolation.Seccomp;

/// <summary>
/// What the filter refuses. Sandboxed programs (Python, Node, shell tools) never need these calls; each one widens
/// the kernel surface an exploit can reach, so it is refused even where the namespaces and dropped capabilities
/// would already make it fail. Refusals return an errno (EPERM unless noted) rather than killing, so a program
/// sees an ordinary error and can take its fallback path.
/// </summary>
internal static class SeccompPolicy
{
    /// <summary>Refused with EPERM whatever their arguments. Names missing from an ABI's table are skipped.</summary>
    public static IReadOnlyList<string> Refused { get; } =
    [
        // Kernel keyrings: per-uid state shared beyond the sandbox, and a long record of kernel bugs.
        "keyctl", "add_key", "request_key",
        // eBPF, userfaultfd (the classic race-widening tool), perf and io_uring: large, exploit-rich interfaces.
        // libuv (Node) falls back to its thread pool when io_uring_setup fails.
        "bpf", "userfaultfd", "perf_event_open", "io_uring_setup", "io_uring_enter", "io_uring_register",
        // Loading kernels and modules, rebooting, swap, accounting, quotas, raw port I/O, the kernel log.
        "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff",
        "acct", "quotactl", "quotactl_fd", "iopl", "ioperm", "syslog", "lookup_dcookie", "uselib", "modify_ldt",
        // File handles bypass path permissions (the "shocker" container escape); without open_by_handle_at the
        // handle name_to_handle_at returns is of no use, so it goes too.
        "open_by_handle_at", "name_to_handle_at",
        // Reshaping the file system view: the sandbox's mounts are final.
        "mount", "umount2", "mount_setattr", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",
        "open_tree_attr", "pivot_root", "chroot", "setns",
        // Listing and describing mounts by id: the host-side sources of the sandbox's mounts, for no program's need.
        "listmount", "statmount",
        // Reading or writing another process's memory. No debugger runs in the sandbox, and before Linux 4.8
        // ptrace could rewrite a call after the filter had allowed it.
        "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd",
    ];

    /// <summary>
    /// clone3 passes its flags in memory the filter cannot read, so it answers ENOSYS: glibc (2.34+) then
    /// falls back to clone, whose flags the filter checks.
    /// </summary>
    public const string CloneWithHiddenFlags = "clone3";

    /// <summary>clone and unshare are refused when asked for a new namespace of any kind.</summary>
    public static IReadOnlyList<string> NamespaceCreating { get; } = ["clone", "unshare"];

    /// <summary>CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET.</summary>
    public const uint CloneNamespaceFlags = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

    /// <summary>CLONE_NEWTIME, which unshare takes; in clone that bit is part of the exit signal.</summary>
    public const uint UnshareTimeNamespaceFlag = 0x00000080;

    /// <summary>
    /// socket() families allowed: AF_UNIX, AF_INET, AF_INET6, AF_NETLINK (getifaddrs, AI_ADDRCONFIG). Others
    /// (packet, AF_ALG crypto, vsock, bluetooth, tipc, rds, xdp...) answer EAFNOSUPPORT, as a kernel without them would.
    /// </summary>
    public static IReadOnlyList<uint> SocketFamilies { get; } = [1, 2, 10, 16];

    /// <summary>
    /// personality() values allowed: PER_LINUX, PER_LINUX32, UNAME26 and both, and the 0xffffffff query (as
    /// Docker's default profile). Others, e.g. ADDR_NO_RANDOMIZE (no ASLR, for exploits) or READ_IMPLIES_EXEC: EPERM.
    /// </summary>
    public static IReadOnlyList<uint> PersonalityValues { get; } = [0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF];

    /// <summary>TIOCSTI (push input into a terminal) and TIOCLINUX (the same through the console): EPERM.</summary>
    public static IReadOnlyList<uint> RefusedIoctls { get; } = [0x5412, 0x541C];

    public const int EPERM = 1;

    public const int ENOSYS = 38;

    public const int EAFNOSUPPORT = 97;
}
