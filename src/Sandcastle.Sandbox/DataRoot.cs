namespace Sandcastle.Sandbox;

/// <summary>Resolves the directory that holds all sandboxes' data.</summary>
public static class DataRoot
{
    public const string EnvironmentVariable = "SANDCASTLE_DATA_DIR";

    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);
        if (Environment.IsPrivilegedProcess)
            return "/var/lib/sandcastle";
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "sandcastle");
    }
}
