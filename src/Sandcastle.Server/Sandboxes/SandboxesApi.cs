using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandcastle.Server.Execute;
using Microsoft.Extensions.Hosting;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Hosting;

namespace Sandcastle.Server.Sandboxes;

public static class SandboxesApi
{
    /// <summary>Durable sandboxes (an embedded Orleans silo with on-disk state) and who may use them.</summary>
    public static IHostApplicationBuilder AddSandboxesApi(this IHostApplicationBuilder builder)
    {
        builder.AddSandcastleSessions();
        builder.Services.AddSandcastleTenancy();
        builder.Services.AddOptions<SandboxApiOptions>()
            .BindConfiguration(SandboxApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SandboxFiles>();
        builder.Services.AddSingleton<JsonFileReads>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ISandboxRunnerProvider, GrainSandboxRunnerProvider>());
        return builder;
    }

    /// <summary>Maps <c>/v1/sandboxes</c>: sandboxes, exec, files, processes, code contexts, shell sessions; every route checks the caller's API key.</summary>
    public static IEndpointRouteBuilder MapSandboxesApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1")
            .AddEndpointFilter<TenantFilter>()
            .AddEndpointFilter<SandboxErrorFilter>();

        var sandboxes = v1.MapGroup("/sandboxes");
        sandboxes.MapGet("/", SandboxEndpoints.List);
        sandboxes.MapPut("/{id}", SandboxEndpoints.Put);
        sandboxes.MapGet("/{id}", SandboxEndpoints.Get);
        sandboxes.MapDelete("/{id}", SandboxEndpoints.Delete);
        sandboxes.MapPut("/{id}/env", SandboxEndpoints.PutEnvironment);
        sandboxes.MapPost("/{id}/exec", ExecEndpoints.Exec).AddEndpointFilter<ExecutionLimitFilter>();

        var files = sandboxes.MapGroup("/{id}")
            .AddEndpointFilter<WorkspaceErrorFilter>()
            .WithMetadata(Cluster.OwnerNodeOnly.Instance);
        files.MapGet("/files/{**path}", FileEndpoints.Read);
        files.MapPut("/files/{**path}", FileEndpoints.Write).WithMetadata(new DisableRequestSizeLimitAttribute());
        files.MapDelete("/files/{**path}", FileEndpoints.Delete);
        files.MapGet("/exists", FileEndpoints.Exists);
        files.MapPost("/mkdir", FileEndpoints.MakeDirectory);
        files.MapPost("/move", FileEndpoints.Move);

        var snapshots = sandboxes.MapGroup("/{id}/snapshots");
        snapshots.MapPost("/", SnapshotEndpoints.Create).WithSummary("Snapshot a sandbox's workspace (processes keep running): {id, size, createdAt}.");
        snapshots.MapGet("/", SnapshotEndpoints.List).WithSummary("A sandbox's snapshots, newest first.");
        snapshots.MapDelete("/{snapshotId}", SnapshotEndpoints.Delete).WithSummary("Delete a snapshot.");
        snapshots.MapPost("/{snapshotId}/restore", SnapshotEndpoints.Restore)
            .WithSummary("Roll a sandbox's files back to a snapshot (its processes, contexts and shell sessions end).");

        var processes = sandboxes.MapGroup("/{id}/processes");
        processes.MapPost("/", ProcessEndpoints.Start);
        processes.MapGet("/", ProcessEndpoints.List);
        processes.MapGet("/{processId}", ProcessEndpoints.Get);
        processes.MapDelete("/{processId}", ProcessEndpoints.Kill);
        processes.MapGet("/{processId}/logs", ProcessEndpoints.Logs);
        processes.MapGet("/{processId}/stream", ProcessEndpoints.Stream);

        var contexts = sandboxes.MapGroup("/{id}/contexts");
        contexts.MapPost("/", ContextEndpoints.Create)
            .WithSummary("Start a code context (python, javascript, typescript) whose state persists across runs; lost when the sandbox sleeps.");
        contexts.MapGet("/", ContextEndpoints.List).WithSummary("List a sandbox's code contexts.");
        contexts.MapGet("/{contextId}", ContextEndpoints.Get).WithSummary("A code context: language, execution count, whether its kernel is alive.");
        contexts.MapDelete("/{contextId}", ContextEndpoints.Delete).WithSummary("Kill a code context and forget it.");
        contexts.MapPost("/{contextId}/run", ContextEndpoints.Run).AddEndpointFilter<ExecutionLimitFilter>()
            .WithSummary("Run code in a context: logs, rich results (MIME bundles), error, execution count (SSE with Accept: text/event-stream).");
        contexts.MapPost("/{contextId}/restart", ContextEndpoints.Restart).WithSummary("Replace a context's kernel with a fresh one (all state lost).");

        var sessions = sandboxes.MapGroup("/{id}/sessions");
        sessions.MapPost("/", ShellSessionEndpoints.Create)
            .WithSummary("Start a shell session: execs with its sessionId keep cd and export between commands; lost when the sandbox sleeps.");
        sessions.MapGet("/", ShellSessionEndpoints.List).WithSummary("List a sandbox's shell sessions.");
        sessions.MapGet("/{sessionId}", ShellSessionEndpoints.Get).WithSummary("A shell session: its directory and whether a command runs in it.");
        sessions.MapDelete("/{sessionId}", ShellSessionEndpoints.Delete).WithSummary("Forget a shell session.");
        return endpoints;
    }
}
