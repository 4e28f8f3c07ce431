namespace Sandcastle.Sandbox;

/// <summary>
/// Without a cgroup memory controller the memory limit is RLIMIT_AS: the kernel kills nothing, an allocation
/// just fails and the program dies its own way. These are the ways the sandbox's runtimes report a failed
/// allocation, so such an end still reads as the memory limit it is rather than as the program's own crash.
/// </summary>
internal static class AddressSpaceExhaustion
{
    /// <summary>How much of the end of stderr is kept to look for a signature.</summary>
    public const int TailChars = 4096;

    private static readonly string[] Signatures =
    [
        "MemoryError", // Python
        "std::bad_alloc", // C++
        "JavaScript heap out of memory", // node (V8)
        "Fatal process out of memory", // node (V8)
        "Cannot allocate memory", // ENOMEM, as libc and the shell print it
        "cannot allocate", // bash's xmalloc, Go's runtime
        "Out of memory", // glibc and others
        "out of memory", // the rest
    ];

    /// <summary>Whether a program that failed (a non-zero exit or a signal) failed for want of memory.</summary>
    public static bool Matches(int exitCode, ReadOnlySpan<char> stderrTail)
    {
        if (exitCode == 0)
            return false;
        foreach (var signature in Signatures)
        {
            if (stderrTail.Contains(signature, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
