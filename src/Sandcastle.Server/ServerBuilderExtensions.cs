using Microsoft.AspNetCore.Builder;
using Sandcastle.Sandbox;
using Sandcastle.Server.Configuration;

namespace Sandcastle.Server;

public static class ServerBuilderExtensions
{
    /// <summary>Registers every part the server composes: one line per part.</summary>
    public static WebApplicationBuilder AddSandcastleServer(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddSandcastleConfiguration(Directory.GetCurrentDirectory());
        builder.Services.AddSandcastleSandbox();
        return builder;
    }
}
