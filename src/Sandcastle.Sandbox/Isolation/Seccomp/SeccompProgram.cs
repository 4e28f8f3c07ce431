namespace Sandcastle.Sandbox.Isolation.Seccomp;

/// <summary>
/// Compiles <see cref="SeccompPolicy"/> into the classic BPF program bwrap installs with <c>--seccomp FD</c>.
/// Shape: a foreign ABI (32-bit calls through int 0x80, x32, AArch32) is refused outright; then one block per
/// named call, each either returning or falling through to the next with the call number still loaded; then allow.
/// </summary>
internal static class SeccompProgram
{
    // struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
    private const uint NumberOffset = 0;
    private const uint ArchitectureOffset = 4;
    private const uint X32CallBit = 0x40000000;

    private const uint Allow = 0x7FFF0000; // SECCOMP_RET_ALLOW
    private const uint ErrnoAction = 0x00050000; // SECCOMP_RET_ERRNO | errno

    public static byte[] Build(SyscallAbi abi)
    {
        var program = new List<BpfInstruction>
        {
            BpfInstruction.Load(ArchitectureOffset),
            BpfInstruction.JumpIfEqual(abi.AuditArchitecture, 1, 0),
            Fail(SeccompPolicy.EPERM),
            BpfInstruction.Load(NumberOffset),
        };
        if (abi.HasX32Calls)
            program.AddRange([BpfInstruction.JumpIfAtLeast(X32CallBit, 0, 1), Fail(SeccompPolicy.EPERM)]);

        // Calls whose answer depends on their arguments come first: the kernel runs the filter on every one of
        // them (it caches only argument-independent answers), so they should not wade through the list below.
        AddBlock(program, abi, "ioctl", ArgumentIn(1, SeccompPolicy.RefusedIoctls, ifIn: Errno(SeccompPolicy.EPERM), otherwise: Allow));
        AddBlock(program, abi, "socket", ArgumentIn(0, SeccompPolicy.SocketFamilies, ifIn: Allow, otherwise: Errno(SeccompPolicy.EAFNOSUPPORT)));
        AddBlock(program, abi, "personality", ArgumentIn(0, SeccompPolicy.PersonalityValues, ifIn: Allow, otherwise: Errno(SeccompPolicy.EPERM)));
        AddBlock(program, abi, "clone", ArgumentHasAnyBit(0, SeccompPolicy.CloneNamespaceFlags));
        AddBlock(program, abi, "unshare", ArgumentHasAnyBit(0, SeccompPolicy.CloneNamespaceFlags | SeccompPolicy.UnshareTimeNamespaceFlag));
        AddBlock(program, abi, SeccompPolicy.CloneWithHiddenFlags, [Fail(SeccompPolicy.ENOSYS)]);
        foreach (var name in SeccompPolicy.Refused)
            AddBlock(program, abi, name, [Fail(SeccompPolicy.EPERM)]);
        program.Add(BpfInstruction.Return(Allow));

        var bytes = new byte[program.Count * BpfInstruction.Size];
        for (var i = 0; i < program.Count; i++)
            program[i].WriteTo(bytes.AsSpan(i * BpfInstruction.Size));
        return bytes;
    }

    /// <summary>Runs <paramref name="body"/> (which always returns) when the loaded call number is <paramref name="name"/>.</summary>
    private static void AddBlock(List<BpfInstruction> program, SyscallAbi abi, string name, IReadOnlyList<BpfInstruction> body)
    {
        if (!abi.Numbers.TryGetValue(name, out var number))
            return;
        program.Add(BpfInstruction.JumpIfEqual(number, 0, body.Count));
        program.AddRange(body);
    }

    /// <summary>
    /// Compares the low 32 bits of an argument (the kernel reads these arguments as 32-bit values, so high bits
    /// cannot smuggle a value past the check).
    /// </summary>
    private static List<BpfInstruction> ArgumentIn(int argument, IReadOnlyList<uint> values, uint ifIn, uint otherwise)
    {
        var body = new List<BpfInstruction> { BpfInstruction.Load(ArgumentOffset(argument)) };
        for (var i = 0; i < values.Count; i++)
            body.Add(BpfInstruction.JumpIfEqual(values[i], values.Count - i, 0));
        body.Add(BpfInstruction.Return(otherwise));
        body.Add(BpfInstruction.Return(ifIn));
        return body;
    }

    private static List<BpfInstruction> ArgumentHasAnyBit(int argument, uint mask) =>
    [
        BpfInstruction.Load(ArgumentOffset(argument)),
        BpfInstruction.JumpIfAnyBit(mask, 1, 0),
        BpfInstruction.Return(Allow),
        Fail(SeccompPolicy.EPERM),
    ];

    // args[i] starts at 16 + 8i; on a little-endian ABI its low half comes first.
    private static uint ArgumentOffset(int argument) => (uint)(16 + (8 * argument));

    private static uint Errno(int errno) => ErrnoAction | (uint)errno;

    private static BpfInstruction Fail(int errno) => BpfInstruction.Return(Errno(errno));
}
