using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Contexts;

// Round trip of `1+1` through a Sandcastle code context (in the real sandbox) against a Jupyter kernel
// (ipykernel + jupyter_client, outside any sandbox: the best case for Jupyter). Usage: [count] [warmup].
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;

var dataRoot = Directory.CreateTempSubdirectory("sandcastle-bench-").FullName;
try
{
    await using var engine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = dataRoot }));
    await using var sandbox = engine.CreateEphemeral();
    foreach (var language in new[] { SandboxLanguage.Python, SandboxLanguage.JavaScript, SandboxLanguage.TypeScript })
    {
        var clock = Stopwatch.StartNew();
        await using var context = await CodeContext.StartAsync(sandbox, language);
        var start = clock.Elapsed.TotalMilliseconds;
        var samples = new List<double>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var run = await context.RunAndCollectAsync("1+1");
            var elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (run.Results is not [{ Text: "2" }])
                throw new InvalidOperationException($"Unexpected result: {run.Error?.Message}");
            if (i >= warmup)
                samples.Add(elapsed);
        }
        Report($"sandcastle {language.ToWireName()} context", start, samples);
    }
}
finally
{
    Directory.Delete(dataRoot, recursive: true);
}

var script = Path.Combine(AppContext.BaseDirectory, "jupyter_roundtrip.py");
var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
info.ArgumentList.Add(script);
info.ArgumentList.Add(warmup.ToString(CultureInfo.InvariantCulture));
info.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
using var jupyter = Process.Start(info)!;
var lines = (await jupyter.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
await jupyter.WaitForExitAsync();
if (jupyter.ExitCode != 0 || lines.Length == 0)
{
    Console.WriteLine($"jupyter kernel: unavailable ({(await jupyter.StandardError.ReadToEndAsync()).Trim().Split('\n').LastOrDefault()})");
    return;
}
Report("jupyter ipykernel", double.Parse(lines[0]["start ".Length..], CultureInfo.InvariantCulture),
    [.. lines.Skip(1).Select(l => double.Parse(l, CultureInfo.InvariantCulture))]);

static void Report(string name, double startMs, List<double> samples)
{
    samples.Sort();
    double At(double q) => samples[Math.Min(samples.Count - 1, (int)(q * samples.Count))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-32} start {startMs,7:0.0} ms   1+1 round trip: p50 {At(0.50),7:0.000} ms  p95 {At(0.95),7:0.000} ms  p99 {At(0.99),7:0.000} ms  (n={samples.Count})"));
}
