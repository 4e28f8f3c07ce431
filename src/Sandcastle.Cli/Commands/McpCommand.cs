using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sandcastle.Cli.Rendering;
using Sandcastle.Server.Configuration;
using Sandcastle.Server.Mcp;
using Sandcastle.Sessions.Hosting;

namespace Sandcastle.Cli.Commands;

/// <summary>
/// <c>sandcastle mcp</c>: an MCP server on stdin/stdout with the engine embedded, for agents that launch their tools
/// (<c>claude mcp add sandcastle -- sandcastle mcp</c>). Same tools as a server's <c>/mcp</c>; its sandboxes are
/// this machine's (the default tenant, as a key-less local server has).
/// </summary>
public static class McpCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var command = new Command("mcp", "Serve Sandcastle's tools over the Model Context Protocol on stdin/stdout (sandboxes on this machine). "
            + "For a remote server, point the agent at its /mcp URL instead.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
            builder.Configuration.AddSandcastleConfiguration(Directory.GetCurrentDirectory());
            // stdout carries the protocol: every log line goes to stderr.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddSandcastleSessions();
            builder.Services.AddSandcastleMcpServer().WithStdioServerTransport();
            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return examples.For(command,
            "claude mcp add sandcastle -- sandcastle mcp",
            "sandcastle mcp   # then speak JSON-RPC on stdin");
    }
}
