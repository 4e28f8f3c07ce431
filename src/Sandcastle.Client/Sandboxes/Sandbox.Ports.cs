namespace Sandcastle.Client.Sandboxes;

public sealed partial class Sandbox
{
    /// <summary>Opens <paramref name="port"/> (one a process in the sandbox listens on) at a preview URL.</summary>
    public Task<PreviewPort> ExposePortAsync(int port, string? name = null, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<PreviewPort>(HttpMethod.Post, Path("/ports"), new { Port = port, Name = name }, cancellationToken);

    /// <summary>The sandbox's open ports.</summary>
    public async Task<IReadOnlyList<PreviewPort>> ListPortsAsync(CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<PortListBody>(HttpMethod.Get, Path("/ports"), null, cancellationToken)).Ports;

    /// <summary>Closes a port's preview URL; 404 (<see cref="SandcastleApiException"/>) when it is not open.</summary>
    public Task ClosePortAsync(int port, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(HttpMethod.Delete, Path($"/ports/{port}"), null, cancellationToken);
}
