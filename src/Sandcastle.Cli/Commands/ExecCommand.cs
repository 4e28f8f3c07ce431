using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandcastle.Cli.Hosting;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Sandboxing;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle exec</c>: runs code in a sandbox on this machine, raw output, the program's exit code.</summary>
public static class ExecCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var language = new Option<string?>("--language", "-l") { Description = "python, javascript, typescript or bash (default: from the --file extension).", HelpName = "LANGUAGE" };
        var code = new Option<string?>("--code", "-c") { Description = "The code to run.", HelpName = "TEXT" };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "A file holding the code to run.", HelpName = "PATH" };
        var sandbox = new Option<string?>("--sandbox", "-s") { Description = "Run in this named sandbox and keep its /workspace for later runs (default: a fresh sandbox, removed afterwards).", HelpName = "ID" };
        var timeout = new Option<double?>("--timeout", "-t") { Description = "Wall-clock limit in seconds (default 30).", HelpName = "SECONDS", CustomParser = OptionParsers.PositiveSeconds("--timeout") };
        var memory = new Option<int?>("--memory", "-m") { Description = "Memory limit in MB (default 512).", HelpName = "MB", CustomParser = OptionParsers.IntegerAtLeast("--memory", 16, "MB") };
        var environment = new Option<string[]>("--env", "-e") { Description = "An environment variable for the program; repeatable.", HelpName = "NAME=VALUE" };
        var allowNet = OptionParsers.AllowNet();
        var command = new Command("exec", "Run code in an isolated sandbox on this machine. Its stdout and stderr stream to yours as produced; sandcastle exits with its exit code (124 on timeout, 137 when killed for memory).")
        {
            language, code, file, sandbox, timeout, memory, environment, allowNet,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var input = ExecInput.Resolve(terminal, parseResult.GetValue(language), parseResult.GetValue(code), parseResult.GetValue(file),
                parseResult.GetValue(sandbox), parseResult.GetValue(environment) ?? []);
            return RunAsync(terminal, input, parseResult.GetValue(timeout), parseResult.GetValue(memory), parseResult.GetValue(allowNet) ?? [], cancellationToken);
        });
        return examples.For(command,
            "sandcastle exec --language python --code 'print(sum(range(10)))'",
            "sandcastle exec --file analysis.py --memory 1024 --timeout 120",
            "echo 'console.log(process.version)' | sandcastle exec -l javascript",
            "sandcastle exec -l bash -c 'echo $GREETING > note.txt' --env GREETING=hi --sandbox demo",
            "sandcastle exec -l bash -c 'cat note.txt' --sandbox demo",
            "sandcastle exec -l bash -c 'pip download --no-deps requests' --allow-net pypi.org --allow-net files.pythonhosted.org");
    }

    private static async Task<int> RunAsync(
        Terminal terminal, ExecInput input, double? timeoutSeconds, int? memoryMegabytes, string[] allowNet, CancellationToken cancellationToken)
    {
        await using var services = CliServices.Build();
        var options = services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        SandboxPreflight.EnsureInstalled(options, input.Language);
        var limits = options.DefaultLimits;
        if (timeoutSeconds is { } seconds)
            limits = limits with { Timeout = TimeSpan.FromSeconds(seconds) };
        if (memoryMegabytes is { } megabytes)
            limits = limits with { MemoryBytes = megabytes * 1024L * 1024 };

        var engine = services.GetRequiredService<SandboxEngine>();
        var request = ExecRequest.ForCode(input.Language, input.Code) with
        {
            Environment = input.Environment,
            Limits = limits,
            Network = AllowedNetwork(allowNet, engine.NetworkOptions),
        };
        ExecResult? result = null;
        try
        {
            await using var sandbox = input.SandboxId is null ? engine.CreateEphemeral(limits) : engine.GetOrCreate(input.SandboxId);
            await foreach (var item in sandbox.ExecAsync(request, cancellationToken))
            {
                switch (item)
                {
                    case ExecOutput { Stream: OutputStream.Stdout } output:
                        await terminal.StandardOutput.WriteAsync(output.Text);
                        await terminal.StandardOutput.FlushAsync(cancellationToken);
                        break;
                    case ExecOutput output:
                        await terminal.StandardError.WriteAsync(output.Text);
                        await terminal.StandardError.FlushAsync(cancellationToken);
                        break;
                    case ExecCompleted completed:
                        result = completed.Result;
                        break;
                }
            }
        }
        catch (SandboxUnavailableException e)
        {
            throw SandboxPreflight.Unavailable(e.Message, e);
        }
        catch (WorkspaceQuotaExceededException e)
        {
            throw new CliFailureException(ExitCodes.Failure, e.Message, e);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Finish(terminal, result ?? throw new InvalidOperationException("The sandbox reported no result."), limits);
    }

    private static int Finish(Terminal terminal, ExecResult result, SandboxLimits limits)
    {
        if (result.Describe(limits) is { } reason)
            terminal.Fail(reason);
        return result.Reason switch
        {
            ExitReason.Timeout => ExitCodes.Timeout,
            ExitReason.OutOfMemory => ExitCodes.OutOfMemory,
            ExitReason.Cancelled => ExitCodes.Cancelled,
            _ => result.ExitCode,
        };
    }

    /// <summary>The --allow-net entries as a policy (none given: the configured default), within the configured ceiling.</summary>
    internal static NetworkPolicy AllowedNetwork(string[] allowNet, NetworkOptions options)
    {
        if (allowNet.Length == 0)
            return options.DefaultPolicy;
        var policy = NetworkPolicy.Parse(allowNet);
        return policy.Beyond(options.Ceiling) is [var first, ..]
            ? throw new UsageException($"--allow-net {first} is wider than Network:MaxAllow ({options.Ceiling}) allows.")
            : policy;
    }
}
