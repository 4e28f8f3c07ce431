namespace Sandcastle.Cli.Inputs;

/// <summary>Local files given to a run (<c>exec --input</c>, <c>run --file</c>), checked before anything starts.</summary>
public static class InputFiles
{
    /// <summary>Each path as a readable file and the name it gets at the top of /workspace; a problem is a <see cref="UsageException"/>.</summary>
    public static IReadOnlyList<InputFile> Resolve(IEnumerable<string> paths, string option)
    {
        var files = new List<InputFile>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
                throw new UsageException($"{option} {path} is a directory: give files, one {option} each.");
            if (!File.Exists(full))
                throw new UsageException($"{option} {path}: no such file.");
            try
            {
                using (File.OpenRead(full))
                {
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{option} {path} cannot be read: {e.Message}");
            }
            var name = Path.GetFileName(full);
            if (files.Any(f => f.Name == name))
                throw new UsageException($"{option}: two files are named {name}; each lands at /workspace/{name}.");
            files.Add(new InputFile(full, name, new FileInfo(full).Length));
        }
        return files;
    }

    /// <summary>The note added to a prompt so that Claude's program looks for the user's files where they are.</summary>
    public static string DescribeForPrompt(IReadOnlyList<InputFile> files) =>
        "The user's files are in the program's working directory (/workspace): "
        + string.Join(", ", files.Select(f => $"{f.Name} ({f.Length} bytes)")) + ".";
}

/// <summary>A local file and its name in the sandbox's workspace.</summary>
public sealed record InputFile(string LocalPath, string Name, long Length);
