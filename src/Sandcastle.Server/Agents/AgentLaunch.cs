using System.Text;
using System.Text.RegularExpressions;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Server.Agents;

/// <summary>
/// How Claude Code is started inside the sandbox for one run: its command line and its environment. The environment
/// holds the run's token and the relay's address, never the server's key.
/// </summary>
internal static partial class AgentLaunch
{
    /// <summary>Claude Code's home: inside the workspace, so its sessions (for resume) survive sleep like any file.</summary>
    public const string Home = "/workspace/.sandcastle/claude-home";

    public static readonly string BaseUrl = $"http://{EgressProxy.ModelRelayHost}{ModelRelay.PathPrefix}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    public static partial Regex ComponentName();

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    public static partial Regex SessionId();

    public static string CommandLine(string claudePath, string prompt, AgentBody body, int maxTurns)
    {
        var args = new List<string> { claudePath, "-p", Prompt(prompt, body), "--output-format", "stream-json", "--verbose",
            "--include-partial-messages", "--dangerously-skip-permissions", "--max-turns", maxTurns.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!string.IsNullOrWhiteSpace(body.Model))
            args.AddRange(["--model", body.Model]);
        if (body.Resume == "last")
            args.Add("--continue");
        else if (!string.IsNullOrEmpty(body.Resume))
            args.AddRange(["--resume", body.Resume]);
        // exec: Claude Code is the process the sandbox kills; stdin closed so it never waits for input.
        return "exec " + string.Join(' ', args.Select(Quote)) + " </dev/null";
    }

    public static Dictionary<string, string> Environment(string token) => new(StringComparer.Ordinal)
    {
        ["HOME"] = Home,
        ["ANTHROPIC_BASE_URL"] = BaseUrl,
        ["ANTHROPIC_API_KEY"] = token,
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_AUTOUPDATER"] = "1",
        ["DISABLE_TELEMETRY"] = "1",
        ["DISABLE_ERROR_REPORTING"] = "1",
        ["IS_SANDBOX"] = "1",
    };

    /// <summary>A subagent is asked for by name; a slash command is invoked with the prompt as its arguments.</summary>
    private static string Prompt(string prompt, AgentBody body)
    {
        if (!string.IsNullOrEmpty(body.Command))
            return $"/{body.Command} {prompt}".TrimEnd();
        if (!string.IsNullOrEmpty(body.Agent))
            return $"Use the {body.Agent} subagent for this task: {prompt}";
        return prompt;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static int Utf8Length(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
