using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// The server's egress proxy: serves one connection a sandbox made to its proxy port. It decides on the name asked
/// for (the sandbox's allow-list) and on every address that name resolves to (<see cref="AddressRules"/>, unless
/// an operator's <see cref="PrivateTarget"/> opens it), then connects to the vetted address itself: the name is
/// never resolved again on the way. A refusal is an HTTP 403 whose body says why and how to widen the policy.
/// </summary>
public sealed class EgressProxy(NetworkOptions options, IEgressResolver resolver, EgressLog log)
{
    private const int MaxHeadBytes = 32 * 1024;
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly IReadOnlyList<PrivateTarget> _privateTargets = options.ParsedPrivateTargets;

    /// <summary>Extra targets opened beyond the public internet (e.g. a relay of the server's own); checked after the operator's.</summary>
    public IList<Func<string, EgressHost, IPAddress, int, bool>> Openings { get; } = [];

    /// <summary>
    /// The host name that reaches the server's model relay (agent runs' <c>ANTHROPIC_BASE_URL</c>) instead of the internet.
    /// Reserved: it never resolves, so no one else's server can answer to it.
    /// </summary>
    public const string ModelRelayHost = "sandcastle-model-relay";

    /// <summary>
    /// The server's own endpoint that plain-HTTP requests for <see cref="ModelRelayHost"/> go to, when the sandbox's
    /// policy names it. They arrive with this endpoint as their <c>Host</c>, a loopback address like any local caller's.
    /// </summary>
    public IPEndPoint? ModelRelay { get; set; }

    public EgressLog Log => log;

    /// <summary>Serves one connection from a sandbox, to its end or until the token (the execution's end) cuts it.</summary>
    public async Task ServeAsync(Socket client, string sandboxId, NetworkPolicy policy, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var _ = client;
        await using var cut = cancellationToken.Register(client.Dispose);
        ProxyRequest? request = null;
        try
        {
            var (head, rest) = await ReadHeadAsync(client, cancellationToken).ConfigureAwait(false);
            if (head is null)
                return;
            try
            {
                request = ProxyRequest.Parse(head);
            }
            catch (FormatException e)
            {
                await AnswerAsync(client, 400, "Bad Request", $"Sandcastle's egress proxy could not read the request: {e.Message}\n").ConfigureAwait(false);
                return;
            }
            var relay = ModelRelay is { } relayEndpoint && !request.IsConnect && policy.Allows(request.Host, request.Port)
                && request.Host.Name.Equals(ModelRelayHost, StringComparison.OrdinalIgnoreCase) ? relayEndpoint : null;
            var (address, refusal) = relay is not null ? (relay.Address, null)
                : await DecideAsync(sandboxId, request, policy, cancellationToken).ConfigureAwait(false);
            if (address is null)
            {
                log.Record(new EgressConnection(sandboxId, request.Host.Name, request.Port, null, false, refusal, 0, 0, started, clock.Elapsed));
                await AnswerAsync(client, 403, "Forbidden by Sandcastle network policy", RefusalBody(sandboxId, request, policy, refusal!)).ConfigureAwait(false);
                return;
            }
            var forwarded = relay is not null ? request.Forward(relay.ToString()) : request.ForwardedHead;
            using var upstream = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            await using var cutUpstream = cancellationToken.Register(upstream.Dispose);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.ConnectTimeout);
                await upstream.ConnectAsync(relay ?? new IPEndPoint(address, request.Port), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                log.Record(new EgressConnection(sandboxId, request.Host.Name, request.Port, address.ToString(), true, null, 0, 0, started, clock.Elapsed));
                await AnswerAsync(client, 502, "Bad Gateway", $"Sandcastle's egress proxy could not connect to {request.Authority} ({address}): {(e as SocketException)?.SocketErrorCode.ToString() ?? "timed out"}.\n").ConfigureAwait(false);
                return;
            }
            if (request.IsConnect)
                await client.SendAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            else
                await upstream.SendAsync(forwarded, cancellationToken).ConfigureAwait(false);
            if (rest.Length > 0)
                await upstream.SendAsync(rest, cancellationToken).ConfigureAwait(false);
            var sent = CopyAsync(client, upstream, cancellationToken);
            var received = CopyAsync(upstream, client, cancellationToken);
            var totals = await Task.WhenAll(sent, received).ConfigureAwait(false);
            log.Record(new EgressConnection(sandboxId, request.Host.Name, request.Port, address.ToString(), true, null,
                totals[0] + rest.Length + forwarded.Length, totals[1], started, clock.Elapsed));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The sandbox or the far end went away, or the execution ended: nothing to answer.
        }
    }

    /// <summary>The vetted address to connect to, or null and why not.</summary>
    internal async Task<(IPAddress? Address, string? Refusal)> DecideAsync(
        string sandboxId, ProxyRequest request, NetworkPolicy policy, CancellationToken cancellationToken)
    {
        var host = request.Host;
        if (!policy.Allows(host, request.Port))
            return (null, $"{request.Authority} is not on this sandbox's allow-list");
        IPAddress[] addresses;
        if (host.Address is { } literal)
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(host.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                addresses = [];
            }
            if (addresses.Length == 0)
                return (null, $"{host.Name} does not resolve");
        }
        // Every address must pass, not just the one used: a name that also points inside is not to be trusted.
        foreach (var address in addresses)
        {
            if (AddressRules.WhyRefused(address) is { } why && !IsOpened(sandboxId, host, address, request.Port))
                return (null, host.IsAddress ? $"{address} is {why}" : $"{host.Name} resolves to {address}, {why}");
        }
        var chosen = addresses[0];
        return (chosen.IsIPv4MappedToIPv6 ? chosen.MapToIPv4() : chosen, null);
    }

    private bool IsOpened(string sandboxId, EgressHost host, IPAddress address, int port) =>
        _privateTargets.Any(t => t.Opens(host, address, port)) || Openings.Any(open => open(sandboxId, host, address, port));

    private static string RefusalBody(string sandboxId, ProxyRequest request, NetworkPolicy policy, string refusal)
    {
        var widen = "{\"network\":{\"allow\":[\"" + request.Host.Name + "\"]}}";
        return $"Sandcastle's egress proxy refused {request.Authority}: {refusal}.\n"
            + $"Sandbox {sandboxId} may reach: {policy}.\n"
            + $"To widen it: PUT /v1/sandboxes/{sandboxId} with {widen}, or `--allow-net {request.Host.Name}` on the command line "
            + "(up to the server's Network:MaxAllow). Loopback, private, link-local and the server's own addresses open only "
            + "through the server's Network:PrivateTargets.\n";
    }

    private static async Task AnswerAsync(Socket client, int status, string reason, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {bytes.Length}\r\n"
            + "X-Sandcastle-Egress: refused\r\nConnection: close\r\n\r\n";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.SendAsync(Encoding.ASCII.GetBytes(head).Concat(bytes).ToArray(), timeout.Token).ConfigureAwait(false);
        client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>The request head as text, and any bytes that came after it; a null head when the client gave none.</summary>
    private static async Task<(string? Head, byte[] Remainder)> ReadHeadAsync(Socket client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HeadTimeout);
        var buffer = new byte[MaxHeadBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(filled), timeout.Token).ConfigureAwait(false);
            if (read == 0)
                return (null, []);
            var searchFrom = Math.Max(0, filled - 3);
            filled += read;
            var end = buffer.AsSpan(searchFrom, filled - searchFrom).IndexOf(HeadEnd);
            if (end >= 0)
            {
                end += searchFrom;
                return (Encoding.Latin1.GetString(buffer, 0, end), buffer[(end + 4)..filled]);
            }
        }
        await AnswerAsync(client, 431, "Request Header Fields Too Large", $"Sandcastle's egress proxy reads request heads of up to {MaxHeadBytes} bytes.\n").ConfigureAwait(false);
        return (null, []);
    }

    private static async Task<long> CopyAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    break;
                await to.SendAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side closed hard: end the other too.
            from.Dispose();
            to.Dispose();
        }
        return total;
    }
}
