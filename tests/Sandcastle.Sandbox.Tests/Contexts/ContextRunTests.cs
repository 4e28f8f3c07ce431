using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.Contexts;

public sealed class ContextRunTests
{
    private const string StdoutNote = "\n[sandcastle: stdout of this run cut at 10 bytes]\n";

    [Fact]
    public void OutputFillingTheCapExactly_ThenMore_GetsTheNoteOnce_AndEachStreamHasItsOwnCap()
    {
        var run = new ContextRun(1, maxOutputBytes: 10);

        run.Output(OutputStream.Stdout, "xxxxx");
        run.Output(OutputStream.Stdout, "yyyyy");
        run.Output(OutputStream.Stdout, "z");
        run.Output(OutputStream.Stdout, "dropped");
        run.Output(OutputStream.Stderr, "err");
        run.Finish(1);

        var events = Drain(run);
        Assert.Equal("xxxxxyyyyy" + StdoutNote, Text(events, OutputStream.Stdout));
        Assert.Equal("err", Text(events, OutputStream.Stderr));
        Assert.IsType<ContextCompleted>(events[^1]);
    }

    [Fact]
    public void OutputCrossingTheCap_KeepsWhatFits_WithoutSplittingACharacter()
    {
        var run = new ContextRun(1, maxOutputBytes: 10);

        run.Output(OutputStream.Stdout, "12345678");
        run.Output(OutputStream.Stdout, "9é0");
        run.Output(OutputStream.Stdout, "more");
        run.Finish(1);

        Assert.Equal("123456789" + StdoutNote, Text(Drain(run), OutputStream.Stdout));
    }

    private static List<ContextEvent> Drain(ContextRun run)
    {
        var events = new List<ContextEvent>();
        while (run.Events.TryRead(out var item))
            events.Add(item);
        return events;
    }

    private static string Text(List<ContextEvent> events, OutputStream stream) =>
        string.Concat(events.OfType<ContextOutput>().Where(o => o.Stream == stream).Select(o => o.Text));
}
