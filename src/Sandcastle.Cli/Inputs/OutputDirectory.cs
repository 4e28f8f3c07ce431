namespace Sandcastle.Cli.Inputs;

/// <summary>
/// The directory a run saves its files into, made before the model is called so that a path that is a file or
/// cannot be created fails at once instead of after a paid run; removed again when nothing was saved in it.
/// </summary>
public sealed class OutputDirectory
{
    private readonly string? _topCreated;

    private OutputDirectory(string path, string? topCreated)
    {
        Path = path;
        _topCreated = topCreated;
    }

    public string Path { get; }

    public static OutputDirectory Prepare(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
            throw new UsageException($"--output-dir {path} is a file: give a directory (it is made if missing).");
        string? topCreated = null;
        for (var directory = full; directory is not null && !Directory.Exists(directory); directory = System.IO.Path.GetDirectoryName(directory))
        {
            if (File.Exists(directory))
                throw new UsageException($"--output-dir {path} cannot be made: {directory} is a file.");
            topCreated = directory;
        }
        try
        {
            Directory.CreateDirectory(full);
            // Writable, not only present: a read-only directory would fail only when the files are saved.
            var probe = System.IO.Path.Combine(full, $".sandcastle-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--output-dir {path} cannot be used: {e.Message}");
        }
        return new OutputDirectory(full, topCreated);
    }

    /// <summary>Removes the directories this run made, if it saved nothing in them.</summary>
    public void RemoveIfUnused()
    {
        if (_topCreated is null)
            return;
        try
        {
            for (var directory = Path; directory is not null && directory.Length >= _topCreated.Length; directory = System.IO.Path.GetDirectoryName(directory))
            {
                if (Directory.EnumerateFileSystemEntries(directory).Any())
                    return;
                Directory.Delete(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only tidying up.
        }
    }
}
