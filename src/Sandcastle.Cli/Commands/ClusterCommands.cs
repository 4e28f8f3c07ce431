using System.CommandLine;
using System.Net;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Rendering;
using Sandcastle.Sessions.Cluster;

namespace Sandcastle.Cli.Commands;

/// <summary>
/// <c>sandcastle cluster cert</c> makes the certificate every node of a cluster shares; <c>sandcastle node drain</c>
/// asks the node on this machine to hand its sandboxes to the other nodes and stop.
/// </summary>
public static class ClusterCommands
{
    public static Command Cluster(Terminal terminal, HelpExamples examples)
    {
        var output = new Option<string>("--out") { Description = "Where to write the certificate (PKCS#12, key included, mode 0600).", HelpName = "FILE", Required = true };
        var cert = new Command("cert", "Make the silo certificate a cluster's nodes share: copy the file to every node and set Sessions__Tls__CertificatePath to it.") { output };
        cert.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(output)!;
            if (!ClusterCertificate.TryCreate(path))
                throw new UsageException($"{path} exists; it is never overwritten (every node must keep the same certificate). Give another --out.");
            terminal.StandardError.WriteLine($"Wrote {path}. Copy it to each node (keep it root-only) and start them with Sessions__Tls__CertificatePath={Path.GetFullPath(path)}.");
            return ExitCodes.Success;
        });
        var command = new Command("cluster", "Run Sandcastle on several machines: see README \"Running a cluster\".") { examples.For(cert, "sandcastle cluster cert --out /etc/sandcastle/silo.pfx") };
        return command;
    }

    public static Command Node(Terminal terminal, HelpExamples examples)
    {
        var server = new Option<string?>("--server") { Description = "The node to drain, on this machine (default: http://127.0.0.1:8787).", HelpName = "URL" };
        var drain = new Command("drain", "Snapshot this node's sandboxes, let the other nodes take them, then stop the node (the same as SIGTERM).") { server };
        drain.SetAction(async (parseResult, cancellationToken) =>
        {
            var address = ServerAddress.From(parseResult.GetValue(server)) ?? new Uri(ServeCommand.DefaultUrls + "/");
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            HttpResponseMessage response;
            try
            {
                response = await http.PostAsync("v1/node/drain", null, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new CliFailureException(ExitCodes.ServerUnreachable, $"cannot reach {address.GetLeftPart(UriPartial.Authority)}: {e.Message}", e);
            }
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new CliFailureException(ExitCodes.Failure, $"the node refused to drain ({(int)response.StatusCode}): {body}");
            }
            terminal.StandardError.WriteLine($"Draining {address.GetLeftPart(UriPartial.Authority)}: its sandboxes move to the other nodes, then it stops.");
            // Done when the node no longer answers.
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var health = await http.GetAsync("health", cancellationToken);
                }
                catch (HttpRequestException)
                {
                    terminal.StandardError.WriteLine("Drained; the node has stopped.");
                    return ExitCodes.Success;
                }
                await Task.Delay(500, cancellationToken);
            }
            throw new CliFailureException(ExitCodes.Timeout, "the node still answers after 3 minutes of draining.");
        });
        return new Command("node", "Operate the cluster node on this machine.") { examples.For(drain, "sandcastle node drain", "sandcastle node drain --server http://127.0.0.1:8787") };
    }
}
