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
        builder.Services.Replace(ServiceDescriptor.Singleton<ISandboxRunnerProvider, GrainSandboxRunnerProvider>());
        return builder;
    }

    /// <summary>Maps <c>/v1/sandboxes</c>: sandboxes, exec, files, processes; every route checks the caller's API key.</summary>
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
            .AddEndpointFilter<WorkspaceErrorFilter>();
        files.MapGet("/files/{**path}", FileEndpoints.Read);
        files.MapPut("/files/{**path}", FileEndpoints.Write).WithMetadata(new DisableRequestSizeLimitAttribute());
        files.MapDelete("/files/{**path}", FileEndpoints.Delete);
        files.MapGet("/exists", FileEndpoints.Exists);
        files.MapPost("/mkdir", FileEndpoints.MakeDirectory);
        files.MapPost("/move", FileEndpoints.Move);

        var processes = sandboxes.MapGroup("/{id}/processes");
        processes.MapPost("/", ProcessEndpoints.Start);
        processes.MapGet("/", ProcessEndpoints.List);
        processes.MapGet("/{processId}", ProcessEndpoints.Get);
        processes.MapDelete("/{processId}", ProcessEndpoints.Kill);
        processes.MapGet("/{processId}/logs", ProcessEndpoints.Logs);
        processes.MapGet("/{processId}/stream", ProcessEndpoints.Stream);
        return endpoints;
    }
}
