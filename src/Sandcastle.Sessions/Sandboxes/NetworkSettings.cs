using Sandcastle.Sandbox.Network;

namespace Sandcastle.Sessions.Sandboxes;

/// <summary>
/// Checks the allow-lists clients send (a sandbox's, or one execution's) against the server's ceiling
/// (<see cref="NetworkOptions.MaxAllow"/>): wider is a 400, never silently narrowed.
/// </summary>
public static class NetworkSettings
{
    public static NetworkPolicy Check(IEnumerable<string> allow, NetworkOptions options)
    {
        NetworkPolicy policy;
        try
        {
            policy = NetworkPolicy.Parse(allow);
        }
        catch (ArgumentException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, "network.allow: " + e.Message);
        }
        // The model relay's reserved name reaches only this server's relay (agent runs add it); no ceiling is about it.
        if (policy.Beyond(options.Ceiling).Where(p => p.Host != EgressProxy.ModelRelayHost).ToList() is [var first, ..])
        {
            throw new SandboxRequestException(SandboxErrorKind.BadRequest,
                $"network.allow: '{first}' is wider than this server allows (its Network:MaxAllow is {options.Ceiling}).");
        }
        return policy;
    }

    /// <summary>A stored allow-list as it applies now: entries the ceiling no longer covers (it was narrowed since) are dropped.</summary>
    public static NetworkPolicy Effective(IEnumerable<string> allow, NetworkOptions options)
    {
        var ceiling = options.Ceiling;
        return NetworkPolicy.Parse(allow.Where(entry =>
        {
            try
            {
                return NetworkPolicy.Parse([entry]).Beyond(ceiling).Count == 0;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }));
    }
}
