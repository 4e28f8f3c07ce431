using System.Runtime.InteropServices;

namespace Sandcastle.Sandbox.Isolation.Seccomp;

/// <summary>
/// One native system-call ABI: the audit architecture the kernel reports to a seccomp filter and the numbers of
/// the system calls the filter names (taken from the kernel's unistd headers; they never change once assigned).
/// </summary>
internal sealed record SyscallAbi(string Name, uint AuditArchitecture, bool HasX32Calls, IReadOnlyDictionary<string, uint> Numbers)
{
    /// <summary>x86_64; x32 calls (bit 30 set) share the audit architecture and are refused as a whole.</summary>
    public static SyscallAbi X64 { get; } = new("x86_64", 0xC000003E, true, new Dictionary<string, uint>
    {
        ["ioctl"] = 16, ["socket"] = 41, ["clone"] = 56, ["ptrace"] = 101, ["syslog"] = 103, ["uselib"] = 134,
        ["modify_ldt"] = 154, ["pivot_root"] = 155, ["chroot"] = 161, ["acct"] = 163, ["mount"] = 165, ["umount2"] = 166,
        ["swapon"] = 167, ["swapoff"] = 168, ["reboot"] = 169, ["iopl"] = 172, ["ioperm"] = 173, ["init_module"] = 175,
        ["delete_module"] = 176, ["quotactl"] = 179, ["lookup_dcookie"] = 212, ["kexec_load"] = 246, ["add_key"] = 248,
        ["request_key"] = 249, ["keyctl"] = 250, ["unshare"] = 272, ["perf_event_open"] = 298, ["name_to_handle_at"] = 303,
        ["open_by_handle_at"] = 304, ["setns"] = 308, ["process_vm_readv"] = 310, ["process_vm_writev"] = 311,
        ["finit_module"] = 313, ["kexec_file_load"] = 320, ["bpf"] = 321, ["userfaultfd"] = 323, ["io_uring_setup"] = 425,
        ["io_uring_enter"] = 426, ["io_uring_register"] = 427, ["open_tree"] = 428, ["move_mount"] = 429, ["fsopen"] = 430,
        ["fsconfig"] = 431, ["fsmount"] = 432, ["fspick"] = 433, ["clone3"] = 435, ["pidfd_getfd"] = 438,
        ["mount_setattr"] = 442, ["quotactl_fd"] = 443, ["statmount"] = 457, ["listmount"] = 458, ["open_tree_attr"] = 467,
        ["personality"] = 135,
    });

    /// <summary>aarch64 (the generic table: no iopl, ioperm, modify_ldt or uselib).</summary>
    public static SyscallAbi Arm64 { get; } = new("aarch64", 0xC00000B7, false, new Dictionary<string, uint>
    {
        ["lookup_dcookie"] = 18, ["ioctl"] = 29, ["umount2"] = 39, ["mount"] = 40, ["pivot_root"] = 41, ["chroot"] = 51,
        ["quotactl"] = 60, ["acct"] = 89, ["unshare"] = 97, ["kexec_load"] = 104, ["init_module"] = 105,
        ["delete_module"] = 106, ["syslog"] = 116, ["ptrace"] = 117, ["reboot"] = 142, ["socket"] = 198, ["add_key"] = 217,
        ["request_key"] = 218, ["keyctl"] = 219, ["clone"] = 220, ["swapon"] = 224, ["swapoff"] = 225,
        ["perf_event_open"] = 241, ["name_to_handle_at"] = 264, ["open_by_handle_at"] = 265, ["setns"] = 268,
        ["process_vm_readv"] = 270, ["process_vm_writev"] = 271, ["finit_module"] = 273, ["bpf"] = 280,
        ["userfaultfd"] = 282, ["kexec_file_load"] = 294, ["io_uring_setup"] = 425, ["io_uring_enter"] = 426,
        ["io_uring_register"] = 427, ["open_tree"] = 428, ["move_mount"] = 429, ["fsopen"] = 430, ["fsconfig"] = 431,
        ["fsmount"] = 432, ["fspick"] = 433, ["clone3"] = 435, ["pidfd_getfd"] = 438, ["mount_setattr"] = 442,
        ["quotactl_fd"] = 443, ["statmount"] = 457, ["listmount"] = 458, ["open_tree_attr"] = 467, ["personality"] = 92,
    });

    /// <summary>The ABI of this machine, or null where the engine has no table (the filter is then left off).</summary>
    public static SyscallAbi? ForArchitecture(Architecture architecture) => architecture switch
    {
        Architecture.X64 => X64,
        Architecture.Arm64 => Arm64,
        _ => null,
    };
}
