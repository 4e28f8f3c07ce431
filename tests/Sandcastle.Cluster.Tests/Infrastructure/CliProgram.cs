namespace Sandcastle.Cluster.Tests.Infrastructure;

/// <summary>The built sandcastle.dll of the same configuration as the tests: every node is the real CLI as a process.</summary>
public static class CliProgram
{
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        // tests/Sandcastle.Cluster.Tests/bin/<Configuration>/net10.0/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sandcastle.slnx")))
            {
                var path = Path.Combine(directory.FullName, "src", "Sandcastle.Cli", "bin", configuration, testOutput.Name, "sandcastle.dll");
                return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Sandcastle.Cli first.", path);
            }
        }
        throw new DirectoryNotFoundException("Sandcastle.slnx not found above the test output.");
    }
}
