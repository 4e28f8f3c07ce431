using Sandcastle.Sandbox.Files;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Tests.Files;

/// <summary>A real workspace directory plus a sibling "outside" directory holding a sentinel file that attacks aim at.</summary>
internal sealed class TempWorkspace : IDisposable
{
    public const int OwnerUid = 10001;
    public const int OwnerGid = 10001;
    public const string Sentinel = "OUTSIDE-SENTINEL";

    /// <param name="parent">Where to create it (default: the temp directory).</param>
    public TempWorkspace(long quotaBytes = long.MaxValue, string? parent = null)
    {
        Base = parent is null
            ? Directory.CreateTempSubdirectory("sandcastle-files-").FullName
            : Directory.CreateDirectory(Path.Combine(parent, "sandcastle-files-" + Guid.NewGuid().ToString("N"))).FullName;
        Root = Path.Combine(Base, "workspace");
        Outside = Path.Combine(Base, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(SentinelPath, Sentinel);
        Fs = new WorkspaceFileSystem(Root, OwnerUid, OwnerGid, quotaBytes);
    }

    public string Base { get; }

    public string Root { get; }

    public string Outside { get; }

    public string SentinelPath => Path.Combine(Outside, "secret.txt");

    public WorkspaceFileSystem Fs { get; }

    public string Host(string relative) => Path.Combine(Root, relative);

    public void Link(string relative, string target) => File.CreateSymbolicLink(Host(relative), target);

    /// <summary>Nothing was created, changed or removed outside the workspace.</summary>
    public void AssertOutsideUntouched()
    {
        Assert.Equal(["secret.txt"], Directory.EnumerateFileSystemEntries(Outside).Select(p => Path.GetFileName(p)).ToArray());
        Assert.Equal(Sentinel, File.ReadAllText(SentinelPath));
    }

    public static StatxBuffer LStat(string hostPath)
    {
        Assert.Equal(0, FileSyscalls.Statx(AtFlags.CurrentDirectory, hostPath, AtFlags.SymlinkNoFollow, StatxBuffer.BasicStats, out var stat));
        return stat;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in /tmp are harmless; never fail a test on cleanup.
        }
    }
}
