namespace Sandcastle.Cli.Tests.Infrastructure;

/// <summary>Finds the built sandcastle.dll of the same configuration as the tests.</summary>
public static class CliProgram
{
    public static string DllPath { get; } = Locate();

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string Locate()
    {
        // tests/Sandcastle.Cli.Tests/bin/<Configuration>/net10.0/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = testOutput.Parent!.Name;
        var path = Path.Combine(FindRepositoryRoot(), "src", "Sandcastle.Cli", "bin", configuration, testOutput.Name, "sandcastle.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Sandcastle.Cli first.", path);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sandcastle.slnx")))
                return directory.FullName;
        }
        throw new DirectoryNotFoundException("Sandcastle.slnx not found above the test output.");
    }
}
