using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Execute;

/// <summary>The JSON body of POST /execute, as the seed's worker takes it plus Sandcastle's optional fields.</summary>
/// <param name="Question">What to answer, in plain language (required).</param>
/// <param name="Language">python (default), javascript, typescript or bash; common aliases too.</param>
/// <param name="MaxTokens">Reply token limit of each model call (default 2048).</param>
/// <param name="Timeout">Run time limit of each program in milliseconds (default 30000).</param>
/// <param name="MaxAttempts">Generate-and-run attempts, the first included (default 2).</param>
/// <param name="SandboxId">Run in this persistent sandbox (its files stay) instead of a fresh one.</param>
/// <param name="Stream">Answer as Server-Sent Events (as <c>Accept: text/event-stream</c> does).</param>
/// <param name="Role">Instructions for the system prompt's role section (an agent's body).</param>
/// <param name="Model">The model id to answer with instead of the configured one.</param>
/// <param name="Network">Where the programs may connect: <c>{"allow": ["pypi.org", ...]}</c>, within the server's ceiling.</param>
public sealed record ExecuteRequestBody(
    string? Question,
    string? Language,
    long? MaxTokens,
    long? Timeout,
    long? MaxAttempts,
    string? SandboxId,
    bool? Stream,
    string? Role,
    string? Model,
    NetworkBody? Network = null);
