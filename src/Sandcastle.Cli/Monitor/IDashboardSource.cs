namespace Sandcastle.Cli.Monitor;

/// <summary>Where the dashboard's numbers come from: a server's API or the local engine.</summary>
public interface IDashboardSource
{
    Task<DashboardSnapshot> ReadAsync(CancellationToken cancellationToken);
}
