using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Processes;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Background processes: they outlive the request that started them, until killed or the sandbox sleeps.</summary>
internal static class ProcessEndpoints
{
    public static async Task<IResult> Start(string id, StartProcessBody body, HttpContext http, SandboxDirectory sandboxes)
    {
        if (string.IsNullOrWhiteSpace(body.Command))
            return SandboxErrors.BadRequest("'command' is required.");
        var snapshot = await Grain(id, http, sandboxes).StartProcessAsync(new ProcessCommand
        {
            Command = body.Command,
            ProcessId = body.ProcessId,
            Environment = body.Env,
            WorkingDirectory = body.Cwd,
        });
        return TypedResults.Created($"/v1/sandboxes/{id}/processes/{snapshot.Id}", snapshot);
    }

    public static async Task<Ok<ProcessList>> List(string id, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(new ProcessList(await Grain(id, http, sandboxes).ListProcessesAsync()));

    public static async Task<Ok<ProcessSnapshot>> Get(string id, string processId, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(await Grain(id, http, sandboxes).GetProcessAsync(processId));

    /// <summary>Kills the whole tree with SIGKILL (its pid namespace goes with it); a requested signal is accepted for compatibility.</summary>
    public static async Task<Ok<ProcessSnapshot>> Kill(string id, string processId, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(await Grain(id, http, sandboxes).KillProcessAsync(processId));

    public static async Task<Ok<ProcessLogs>> Logs(string id, string processId, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(await Grain(id, http, sandboxes).GetProcessLogsAsync(processId));

    public static Task<IResult> Stream(string id, string processId, HttpContext http, SandboxDirectory sandboxes) =>
        GuardedStream.ServeAsync(
            Grain(id, http, sandboxes).FollowProcessLogsAsync(processId, http.RequestAborted),
            item => item switch
            {
                ProcessOutput output => new StreamEvent(output.Stream) { Data = output.Text },
                ProcessExit exit => new StreamEvent("exit")
                {
                    Status = exit.Status, ExitCode = exit.Outcome.ExitCode, Reason = exit.Outcome.Reason, Success = exit.Outcome.Success,
                },
                _ => new StreamEvent("error") { Error = "stream_failed", Message = "Unknown event." },
            },
            item => item is ProcessExit,
            http.RequestAborted);

    private static ISandboxGrain Grain(string id, HttpContext http, SandboxDirectory sandboxes) =>
        sandboxes.Get(SandboxAddress.Create(Tenant.From(http).Id, id));
}
