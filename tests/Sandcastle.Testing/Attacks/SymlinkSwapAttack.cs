namespace Sandcastle.Testing.Attacks;

/// <summary>
/// The attack on deleting a sandbox: sandboxed code fills its workspace with directories and keeps exchanging each
/// one with a symlink to a root-owned host directory (renameat2 RENAME_EXCHANGE), so a host-side delete that walks
/// by path finds a directory when it lists the parent and enters the host directory when it opens the child.
/// <see cref="Victim"/> is that host directory, outside every sandbox; after a destroy it must be intact.
/// Shared by the engine tests (linked source) and the HTTP tests.
/// </summary>
public sealed class SymlinkSwapAttack : IDisposable
{
    public const int VictimFiles = 40;

    public SymlinkSwapAttack()
    {
        Victim = Directory.CreateTempSubdirectory("sandcastle-victim-").FullName;
        File.SetUnixFileMode(Victim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(Path.Combine(Victim, "nested"));
        for (var i = 0; i < VictimFiles; i++)
            File.WriteAllText(Path.Combine(Victim, i % 2 == 0 ? "" : "nested", $"precious-{i}"), "host data");
    }

    /// <summary>The root-owned host directory the planted symlinks point at.</summary>
    public string Victim { get; }

    /// <summary>Files still in <see cref="Victim"/> (all of <see cref="VictimFiles"/> when the host was left alone).</summary>
    public int RemainingVictimFiles => Directory.Exists(Victim) ? Directory.EnumerateFiles(Victim, "*", SearchOption.AllDirectories).Count() : 0;

    /// <summary>Python: builds the tree (pairs of d&lt;i&gt; with files and l&lt;i&gt; → victim), prints "built".</summary>
    public string BuildScript(int pairs = 160, int filesPerDirectory = 40) => $$"""
        import os
        os.chdir("/workspace")
        for i in range({{pairs}}):
            os.makedirs(f"d{i}", exist_ok=True)
            for j in range({{filesPerDirectory}}):
                open(f"d{i}/f{j}", "w").close()
            if not os.path.islink(f"l{i}"):
                os.symlink("{{Victim}}", f"l{i}")
        print("built", flush=True)
        """;

    /// <summary>Python: exchanges every pair again and again (repairing what a delete removed), prints "swapping".</summary>
    public string SwapScript(int pairs = 160, int seconds = 25) => $$"""
        import ctypes, os, time
        libc = ctypes.CDLL(None, use_errno=True)
        os.chdir("/workspace")
        def repair(i):
            for make in (lambda: os.mkdir(f"d{i}"), lambda: os.symlink("{{Victim}}", f"l{i}")):
                try:
                    make()
                except OSError:
                    pass
        print("swapping", flush=True)
        end = time.time() + {{seconds}}
        while time.time() < end:
            for i in range({{pairs}}):
                if libc.renameat2(-100, f"d{i}".encode(), -100, f"l{i}".encode(), 2) != 0:
                    repair(i)
        """;

    public void Dispose() => Directory.Delete(Victim, recursive: true);
}
