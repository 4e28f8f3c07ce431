using System.Collections.Concurrent;
using System.Security.Cryptography;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Sessions.Previews;

/// <summary>
/// The open preview ports of this server, by token. Tokens are 256 random bits, bound to one sandbox of one tenant
/// and one port; closing the port, deleting the sandbox or its going to sleep revokes them at once. Kept in memory:
/// a restart closes every port.
/// </summary>
public sealed class PreviewRegistry(TimeProvider time)
{
    public const int MaxPortsPerSandbox = 16;

    private readonly ConcurrentDictionary<string, PreviewPort> _byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PreviewPort> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PreviewPort> _byHostToken = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Opens a port (or returns it if it is open already).</summary>
    public PreviewPort Open(SandboxAddress address, int port, string? name)
    {
        if (port is < 1 or > 65535)
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, "'port' must be from 1 to 65535.");
        if (name is { Length: > 64 } || (name is not null && name.Any(char.IsControl)))
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, "'name' is at most 64 printable characters.");
        lock (_lock)
        {
            var open = List(address);
            if (open.FirstOrDefault(p => p.Port == port) is { } existing)
                return existing;
            if (open.Count >= MaxPortsPerSandbox)
                throw new SandboxRequestException(SandboxErrorKind.TooMany, $"A sandbox may have at most {MaxPortsPerSandbox} open ports; close one first.");
            var preview = new PreviewPort(
                Base64Url(RandomNumberGenerator.GetBytes(32)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                address.Tenant, address.Id, address.WorkspaceId, port, name, time.GetUtcNow());
            _byToken[preview.Token] = preview;
            _byKey[preview.Key] = preview;
            _byHostToken[preview.HostToken] = preview;
            return preview;
        }
    }

    public IReadOnlyList<PreviewPort> List(SandboxAddress address) =>
        [.. _byToken.Values.Where(p => p.Tenant == address.Tenant && p.SandboxId == address.Id).OrderBy(p => p.Port)];

    public bool Close(SandboxAddress address, int port)
    {
        lock (_lock)
        {
            var preview = List(address).FirstOrDefault(p => p.Port == port);
            if (preview is null)
                return false;
            _byToken.TryRemove(preview.Token, out _);
            _byKey.TryRemove(preview.Key, out _);
            _byHostToken.TryRemove(preview.HostToken, out _);
            return true;
        }
    }

    /// <summary>Revokes every port of a sandbox (deleted, or gone to sleep).</summary>
    public void CloseAll(SandboxAddress address)
    {
        foreach (var preview in List(address))
            Close(address, preview.Port);
    }

    public PreviewPort? FindByToken(string token) => _byToken.GetValueOrDefault(token);

    public PreviewPort? FindByHostToken(string hostToken) => _byHostToken.GetValueOrDefault(hostToken);

    public PreviewPort? FindByKey(string key) => _byKey.GetValueOrDefault(key);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
