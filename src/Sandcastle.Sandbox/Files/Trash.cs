using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>
/// Where a destroyed sandbox's directory goes before it is deleted: a root-only (0700) directory on the data root's
/// file system, outside every bind mount a sandbox or the fork server has. The move is one rename, so from that
/// moment no sandboxed program can reach the tree by path, and it is then deleted only through descriptors
/// (<see cref="WorkspaceDeleter"/>): a directory swapped for a symlink is removed as a link, never followed.
/// </summary>
internal sealed class Trash
{
    private readonly string _directory;

    public Trash(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Renames <paramref name="path"/> into the trash; its name there, or null when there was nothing to move.</summary>
    public string? MoveIn(string path)
    {
        var name = $"{Path.GetFileName(path)}.{Guid.NewGuid():N}";
        try
        {
            Directory.Move(path, Path.Combine(_directory, name));
            return name;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes one entry of the trash, and whatever it had nested too deep to walk (moved up beside it).</summary>
    public void Delete(string name)
    {
        using var trash = OpenTrash();
        WorkspaceDeleter.DeleteEntry(trash, name, (parent, child) => Hoist(trash, name, parent, child));
        // A hoisted subtree is a top-level entry now; its name starts with ours.
        foreach (var hoisted in DirectoryReader.ReadNames(trash).Where(n => n.StartsWith(name + ".", StringComparison.Ordinal)))
            Delete(hoisted);
    }

    /// <summary>Deletes everything left in the trash (by a crash or a failed delete); returns how many entries.</summary>
    public int Empty()
    {
        using var trash = OpenTrash();
        var names = DirectoryReader.ReadNames(trash);
        foreach (var name in names)
            Delete(name);
        return names.Count;
    }

    private FileDescriptor OpenTrash() =>
        FileSyscalls.OpenAt2(null, _directory, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.NoFollow, 0, ResolveFlags.None, out var errno)
        ?? throw new IOException($"Cannot open the trash directory '{_directory}' (errno {errno}).");

    /// <summary>Moves a too-deep directory to the top of the trash, where its walk starts again at depth 0.</summary>
    private static bool Hoist(FileDescriptor trash, string entryName, FileDescriptor parent, string name) =>
        FileSyscalls.RenameAt2(parent, name, trash, $"{entryName}.{Guid.NewGuid():N}", AtFlags.RenameNoReplace) == 0;
}
