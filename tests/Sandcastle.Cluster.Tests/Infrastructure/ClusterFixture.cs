using System.Diagnostics;

[assembly: AssemblyFixture(typeof(Sandcastle.Cluster.Tests.Infrastructure.ClusterFixture))]
// The scenarios kill, drain and restart the shared nodes: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Sandcastle.Cluster.Tests.Infrastructure;

/// <summary>
/// The suite's one cluster, started once: a real redis-server on a free loopback port, the shared certificate made
/// by `sandcastle cluster cert`, a shared snapshot directory (Snapshots:Directory: the failover store here), and
/// three `sandcastle serve --cluster` processes, each with its own data root, port and node name.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>How often awake sandboxes are snapshotted for failover in the tests (production default: 30 s).</summary>
    public static readonly TimeSpan SnapshotInterval = TimeSpan.FromSeconds(1);

    public string Root { get; } = CreateRoot();

    public RedisServer Redis { get; private set; } = null!;

    public string CertificatePath => Path.Combine(Root, "silo.pfx");

    public string SnapshotDirectory => Path.Combine(Root, "snapshots");

    public List<ClusterNode> Nodes { get; } = [];

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        Redis = await RedisServer.StartAsync(cancel);
        var cert = await RunCliAsync(["cluster", "cert", "--out", CertificatePath], cancel);
        if (cert.ExitCode != 0)
            throw new InvalidOperationException($"sandcastle cluster cert failed: {cert.Output}");
        Directory.CreateDirectory(SnapshotDirectory);
        foreach (var name in new[] { "node1", "node2", "node3" })
            Nodes.Add(NewNode(name, CertificatePath));
        foreach (var node in Nodes)
            node.Start();
        foreach (var node in Nodes)
            await node.WaitReadyAsync(Nodes.Count, cancel);
    }

    /// <summary>A node of this cluster (not started), with <paramref name="certificate"/> as its silo certificate and any <paramref name="settings"/> more.</summary>
    public ClusterNode NewNode(string name, string certificate, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Sessions__Tls__CertificatePath"] = certificate,
            ["Snapshots__Directory"] = SnapshotDirectory,
            ["Cluster__AdvertiseAddress"] = "127.0.0.1",
            ["Cluster__SnapshotInterval"] = SnapshotInterval.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        return new(name, Root, Redis.Url, environment);
    }

    /// <summary>Restarts any node a test killed or drained, and waits until every node sees all three.</summary>
    public async Task EnsureAllRunningAsync(CancellationToken cancellationToken)
    {
        foreach (var node in Nodes.Where(n => !n.Running))
            node.Start();
        foreach (var node in Nodes)
            await node.WaitReadyAsync(Nodes.Count, cancellationToken);
    }

    public ClusterNode Named(string name) => Nodes.Single(n => n.Name == name);

    /// <summary>Runs the CLI once (not a node): its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCliAsync(
        IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliProgram.DllPath);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await error);
    }

    public async ValueTask DisposeAsync()
    {
        // The nodes' logs outlive the run (the last run's only), for whoever reads a failure.
        var logs = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sandcastle-cluster-tests-logs")).FullName;
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(logs, node.Name + ".log"), node.Log);
        }
        if (Redis is not null)
            await Redis.DisposeAsync();
        Sandcastle.Testing.LeftoverMounts.DetachUnder(Root);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A sandbox going away may still hold a file; the temp directory is cleaned later.
        }
    }

    private static string CreateRoot()
    {
        var root = Directory.CreateTempSubdirectory("sandcastle-cluster-tests-").FullName;
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return root;
    }
}
