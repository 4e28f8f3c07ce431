using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Sessions.Tests.Grains;

public sealed class SandboxGrainTests : IDisposable
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;

    public void Dispose() => Directory.Delete(_dataRoot, recursive: true);

    [Fact]
    public async Task Metadata_and_files_survive_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataRoot = _dataRoot;
        var address = new SandboxAddress(SandboxAddress.DefaultTenant, "keep");
        await using (var silo = await SiloHost.StartAsync(dataRoot, ct))
        {
            var grain = silo.Sandboxes.Get(address);
            var created = await grain.CreateOrUpdateAsync(new SandboxSettings { Labels = new() { ["team"] = "a" }, Environment = new() { ["GREETING"] = "hi" } });
            Assert.True(created.Created);
            var events = await Collect(grain.ExecAsync(new ExecCommand { Command = "echo $GREETING > f.txt; cat f.txt" }, ct), ct);
            Assert.Contains(events, e => e is ExecChunk { Text: "hi\n" });
            Assert.IsType<ExecFinished>(events[^1]);
        }
        await using (var silo = await SiloHost.StartAsync(dataRoot, ct))
        {
            var grain = silo.Sandboxes.Get(address);
            var view = await grain.GetAsync();
            Assert.Equal("a", view.Metadata.Labels["team"]);
            var events = await Collect(grain.ExecAsync(new ExecCommand { Command = "cat f.txt" }, ct), ct);
            Assert.Contains(events, e => e is ExecChunk { Text: "hi\n" });
            Assert.Single(await silo.Sandboxes.ListAsync(SandboxAddress.DefaultTenant));
        }
    }

    [Fact]
    public async Task Unknown_sandbox_is_not_found_and_sleep_keeps_files()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataRoot = _dataRoot;
        await using var silo = await SiloHost.StartAsync(dataRoot, ct);
        var missing = await Assert.ThrowsAsync<SandboxRequestException>(() => silo.Sandboxes.Get(new SandboxAddress("default", "nope")).GetAsync());
        Assert.Equal(SandboxErrorKind.NotFound, missing.Kind);

        var grain = silo.Sandboxes.Get(new SandboxAddress("default", "sleepy"));
        await grain.CreateOrUpdateAsync(new SandboxSettings { SleepAfter = TimeSpan.FromSeconds(1) });
        var process = await grain.StartProcessAsync(new() { Command = "echo up > up.txt; sleep 600" });
        await Task.Delay(TimeSpan.FromSeconds(2.5), ct);
        Assert.False(Directory.Exists($"/proc/{process.Pid}"));
        Assert.Empty(await grain.ListProcessesAsync());
        var events = await Collect(grain.ExecAsync(new ExecCommand { Command = "cat up.txt" }, ct), ct);
        Assert.Contains(events, e => e is ExecChunk { Text: "up\n" });
    }

    private static async Task<List<ExecStreamEvent>> Collect(IAsyncEnumerable<ExecStreamEvent> stream, CancellationToken ct)
    {
        var events = new List<ExecStreamEvent>();
        await foreach (var e in stream.WithCancellation(ct))
            events.Add(e);
        return events;
    }
}
