using System.Buffers.Binary;
using Sandcastle.Sandbox.Isolation.Seccomp;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// The compiled filter for each supported ABI, run through a classic-BPF interpreter: the aarch64 program cannot
/// be loaded on this x86_64 machine, so this is how its answers are checked. (The x86_64 one also runs for real
/// in <see cref="SeccompTests"/>.)
/// </summary>
public sealed class SeccompProgramTests
{
    private const uint Allow = 0x7FFF0000;
    private const uint Eperm = 0x00050001;
    private const uint Enosys = 0x00050026;
    private const uint Eafnosupport = 0x00050061;

    public static TheoryData<string, string, ulong, ulong, uint> Cases => new()
    {
        { "x86_64", "keyctl", 0, 0, Eperm },
        { "aarch64", "keyctl", 0, 0, Eperm },
        { "aarch64", "bpf", 0, 0, Eperm },
        { "aarch64", "io_uring_setup", 0, 0, Eperm },
        { "aarch64", "ptrace", 0, 0, Eperm },
        { "aarch64", "clone3", 0, 0, Enosys },
        { "aarch64", "clone", 0x10000000 | 17, 0, Eperm },
        { "aarch64", "clone", 0x003D0F00 | 17, 0, Allow },
        { "aarch64", "unshare", 0x00000080, 0, Eperm },
        { "aarch64", "unshare", 0x00000400, 0, Allow },
        { "aarch64", "socket", 40, 0, Eafnosupport },
        { "aarch64", "socket", 10, 0, Allow },
        { "aarch64", "socket", 0x1_0000_0001, 0, Allow },
        { "aarch64", "ioctl", 0, 0x5412, Eperm },
        { "aarch64", "ioctl", 0, 0xFFFF_FFFF_0000_5412, Eperm },
        { "aarch64", "ioctl", 0, 0x5413, Allow },
        { "x86_64", "ioctl", 0, 0x541C, Eperm },
        { "x86_64", "socket", 17, 0, Eafnosupport },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Answers(string abiName, string call, ulong firstArgument, ulong secondArgument, uint expected)
    {
        var abi = abiName == "x86_64" ? SyscallAbi.X64 : SyscallAbi.Arm64;
        var program = SeccompProgram.Build(abi);
        Assert.Equal(expected, Run(program, abi.AuditArchitecture, abi.Numbers[call], firstArgument, secondArgument));
    }

    [Fact]
    public void OrdinaryCalls_AreAllowed_AndForeignAbis_Refused()
    {
        var arm64 = SeccompProgram.Build(SyscallAbi.Arm64);
        const uint openat = 56, read = 63, write = 64, execve = 221;
        foreach (var number in new[] { openat, read, write, execve })
            Assert.Equal(Allow, Run(arm64, SyscallAbi.Arm64.AuditArchitecture, number, 0, 0));
        Assert.Equal(Eperm, Run(arm64, 0x40000028 /* AArch32 */, read, 0, 0));
        var x64 = SeccompProgram.Build(SyscallAbi.X64);
        Assert.Equal(Allow, Run(x64, SyscallAbi.X64.AuditArchitecture, 0 /* read */, 0, 0));
        Assert.Equal(Eperm, Run(x64, SyscallAbi.X64.AuditArchitecture, 0x40000000 | 39 /* x32 getpid */, 0, 0));
        Assert.Equal(Eperm, Run(x64, 0x40000003 /* i386 */, 20, 0, 0));
    }

    /// <summary>Evaluates the subset of classic BPF the filter uses (absolute word loads, jeq/jge/jset, return).</summary>
    private static uint Run(byte[] program, uint architecture, uint number, ulong firstArgument, ulong secondArgument)
    {
        var data = new byte[64];
        BinaryPrimitives.WriteUInt32LittleEndian(data, number);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), architecture);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), firstArgument);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(24), secondArgument);
        uint accumulator = 0;
        for (var pc = 0; pc < program.Length / 8; pc++)
        {
            var instruction = program.AsSpan(pc * 8, 8);
            var code = BinaryPrimitives.ReadUInt16LittleEndian(instruction);
            var k = BinaryPrimitives.ReadUInt32LittleEndian(instruction[4..]);
            bool? taken = code switch
            {
                0x15 => accumulator == k,
                0x35 => accumulator >= k,
                0x45 => (accumulator & k) != 0,
                _ => null,
            };
            if (taken is { } jump)
                pc += jump ? instruction[2] : instruction[3];
            else if (code == 0x20)
                accumulator = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)k));
            else if (code == 0x06)
                return k;
            else
                Assert.Fail($"unexpected opcode {code:x} at {pc}");
        }
        Assert.Fail("the program ran off its end");
        return 0;
    }
}
