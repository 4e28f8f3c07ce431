using System.CommandLine;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandcastle.Cli.Hosting;
using Sandcastle.Cli.Inputs;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Running;
using Sandcastle.Cli.Sandboxing;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle exec</c>: runs code in a sandbox on this machine, raw output, the program's exit code.</summary>
public static class ExecCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var script = new Argument<string?>("SCRIPT") { Description = "A file to run; its extension gives the language (.py, .js, .ts, .sh).", Arity = ArgumentArity.ZeroOrOne };
        var language = new Option<string?>("--language", "-l") { Description = "python, javascript, typescript or bash (default: from the file's extension).", HelpName = "LANGUAGE" };
        var code = new Option<string?>("--code", "-c") { Description = "The code to run.", HelpName = "TEXT" };
        var file = new Option<string?>("--file", "-f") { Description = "A file holding the code to run (as SCRIPT).", HelpName = "PATH" };
        var input = new Option<string[]>("--input", "-i") { Description = "A local file the program can read at /workspace/<name>; repeatable.", HelpName = "PATH" };
        var sandbox = new Option<string?>("--sandbox", "-s") { Description = "Run in this named sandbox and keep its /workspace for later runs (default: a fresh sandbox, removed afterwards).", HelpName = "ID" };
        var timeout = new Option<TimeSpan?>("--timeout", "-t") { Description = "Wall-clock limit: seconds, or 30s, 2m, 1h (default 30s).", HelpName = "DURATION", CustomParser = OptionParsers.Duration("--timeout", SandboxLimitRanges.MaxTimeout) };
        var memory = new Option<int?>("--memory", "-m") { Description = "Memory limit in MB (default 512).", HelpName = "MB", CustomParser = OptionParsers.IntegerBetween("--memory", (int)(SandboxLimitRanges.MinMemoryBytes >> 20), (int)(SandboxLimitRanges.MaxMemoryBytes >> 20), "MB") };
        var environment = new Option<string[]>("--env", "-e") { Description = "An environment variable for the program; repeatable.", HelpName = "NAME=VALUE" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (exitCode, reason, stdout, stderr, timings) instead of streaming." };
        var allowNet = OptionParsers.AllowNet();
        var command = new Command("exec", "Run code in an isolated sandbox on this machine. Its stdout and stderr stream to yours as produced, piped stdin reaches it; sandcastle exits with its exit code (124 on timeout, 137 when killed for memory, 122 past the output limit).")
        {
            script, language, code, file, input, sandbox, timeout, memory, environment, json, allowNet,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var scriptPath = parseResult.GetValue(script);
            var filePath = parseResult.GetValue(file);
            if (scriptPath is not null && filePath is not null)
                throw new UsageException($"give the file either as SCRIPT ({scriptPath}) or with --file ({filePath}), not both.");
            var execInput = ExecInput.Resolve(terminal, parseResult.GetValue(language), parseResult.GetValue(code), scriptPath ?? filePath,
                parseResult.GetValue(sandbox), parseResult.GetValue(environment) ?? []);
            var inputs = InputFiles.Resolve(parseResult.GetValue(input) ?? [], "--input");
            return RunAsync(terminal, execInput, inputs, parseResult.GetValue(timeout), parseResult.GetValue(memory), parseResult.GetValue(json),
                parseResult.GetValue(allowNet) ?? [], cancellationToken);
        });
        return examples.For(command,
            "sandcastle exec --language python --code 'print(sum(range(10)))'",
            "sandcastle exec analysis.py --input data.csv --memory 1024 --timeout 2m",
            "echo 'console.log(process.version)' | sandcastle exec -l javascript",
            "seq 10 | sandcastle exec -l python -c 'import sys; print(sum(map(int, sys.stdin)))'",
            "sandcastle exec -l bash -c 'echo $GREETING > note.txt' --env GREETING=hi --sandbox demo",
            "sandcastle exec -l bash -c 'cat note.txt' --sandbox demo --json",
            "sandcastle exec -l bash -c 'pip download --no-deps requests' --allow-net pypi.org --allow-net files.pythonhosted.org");
    }

    private static async Task<int> RunAsync(
        Terminal terminal, ExecInput input, IReadOnlyList<InputFile> inputs, TimeSpan? timeout, int? memoryMegabytes, bool asJson, string[] allowNet,
        CancellationToken cancellationToken)
    {
        await using var services = CliServices.Build();
        var options = services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        var engine = services.GetRequiredService<SandboxEngine>();
        SandboxPreflight.EnsureUsable(engine, options, input.Language);
        var limits = options.DefaultLimits;
        if (timeout is { } duration)
            limits = limits with { Timeout = duration };
        if (memoryMegabytes is { } megabytes)
            limits = limits with { MemoryBytes = megabytes * 1024L * 1024 };

        var request = ExecRequest.ForCode(input.Language, input.Code) with
        {
            Environment = input.Environment,
            Limits = limits,
            Stdin = input.Stdin,
            Network = AllowedNetwork(allowNet, engine.NetworkOptions),
        };
        ExecResult? result = null;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        try
        {
            await using var sandbox = input.SandboxId is null ? engine.CreateEphemeral(limits) : engine.GetOrCreate(input.SandboxId);
            await WorkspaceInputs.CopyInAsync(sandbox.Files, inputs, cancellationToken);
            await foreach (var item in sandbox.ExecAsync(request, cancellationToken))
            {
                switch (item)
                {
                    case ExecOutput { Stream: OutputStream.Stdout } output when asJson:
                        stdout.Append(output.Text);
                        break;
                    case ExecOutput output when asJson:
                        stderr.Append(output.Text);
                        break;
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
        if (result is null)
            throw new CliFailureException(ExitCodes.SandboxUnavailable, "the sandbox ended without reporting a result.");
        if (asJson)
        {
            terminal.StandardOutput.WriteLine(JsonSerializer.Serialize(new
            {
                success = result.Success,
                exitCode = result.ExitCode,
                reason = result.Reason.ToWireName(),
                message = result.Describe(limits),
                stdout = stdout.ToString(),
                stderr = stderr.ToString(),
                wallMs = (long)result.WallTime.TotalMilliseconds,
                peakMemoryBytes = result.PeakMemoryBytes,
            }, RunJson.Indented));
        }
        return Finish(terminal, result, limits, quiet: asJson);
    }

    private static int Finish(Terminal terminal, ExecResult result, SandboxLimits limits, bool quiet)
    {
        if (!quiet && result.Describe(limits) is { } reason)
            terminal.Fail(reason);
        return result.Reason switch
        {
            ExitReason.Timeout => ExitCodes.Timeout,
            ExitReason.OutOfMemory => ExitCodes.OutOfMemory,
            ExitReason.OutputLimit => ExitCodes.OutputLimit,
            ExitReason.DiskQuota => ExitCodes.DiskQuota,
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
