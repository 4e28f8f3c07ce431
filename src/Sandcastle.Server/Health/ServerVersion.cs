using System.Reflection;

namespace Sandcastle.Server.Health;

/// <summary>The server's version, from its assembly's informational version (without the commit suffix).</summary>
public static class ServerVersion
{
    public static string Current { get; } =
        typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
