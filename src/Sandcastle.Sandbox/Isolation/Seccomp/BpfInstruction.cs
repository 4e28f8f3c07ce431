using System.Buffers.Binary;

namespace Sandcastle.Sandbox.Isolation.Seccomp;

/// <summary>One classic BPF instruction (<c>struct sock_filter</c>): 8 bytes, little-endian on the ABIs we support.</summary>
internal readonly record struct BpfInstruction(ushort Code, byte JumpIfTrue, byte JumpIfFalse, uint K)
{
    public const int Size = 8;

    private const ushort LoadWordAbsolute = 0x20; // BPF_LD | BPF_W | BPF_ABS
    private const ushort JumpIfEqualCode = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort JumpIfAtLeastCode = 0x35; // BPF_JMP | BPF_JGE | BPF_K
    private const ushort JumpIfAnyBitCode = 0x45; // BPF_JMP | BPF_JSET | BPF_K
    private const ushort ReturnCode = 0x06; // BPF_RET | BPF_K

    public static BpfInstruction Load(uint offset) => new(LoadWordAbsolute, 0, 0, offset);

    public static BpfInstruction JumpIfEqual(uint value, int ifTrue, int ifFalse) => new(JumpIfEqualCode, Offset(ifTrue), Offset(ifFalse), value);

    public static BpfInstruction JumpIfAtLeast(uint value, int ifTrue, int ifFalse) => new(JumpIfAtLeastCode, Offset(ifTrue), Offset(ifFalse), value);

    public static BpfInstruction JumpIfAnyBit(uint mask, int ifTrue, int ifFalse) => new(JumpIfAnyBitCode, Offset(ifTrue), Offset(ifFalse), mask);

    public static BpfInstruction Return(uint action) => new(ReturnCode, 0, 0, action);

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, Code);
        destination[2] = JumpIfTrue;
        destination[3] = JumpIfFalse;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], K);
    }

    private static byte Offset(int jump) => jump is >= 0 and <= byte.MaxValue
        ? (byte)jump
        : throw new ArgumentOutOfRangeException(nameof(jump), jump, "A classic BPF jump skips 0 to 255 instructions.");
}
