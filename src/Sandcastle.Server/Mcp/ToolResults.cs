using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Files;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Mcp;

/// <summary>
/// Tool results. Expected failures (unknown sandbox, bad path, missing file, quota...) become results with
/// <c>isError</c> and the server's own message, which says what to do: a model can read and act on it, where a
/// protocol error would only tell it the call broke.
/// </summary>
internal static class ToolResults
{
    public static CallToolResult Text(string text, bool isError = false) =>
        new() { Content = [new TextContentBlock { Text = text }], IsError = isError };

    public static async Task<CallToolResult> GuardAsync(Func<Task<CallToolResult>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            return Text(message, isError: true);
        }
    }

    /// <summary>For handlers that answer with protocol errors (resources): the same messages, as an <see cref="McpException"/> whose text reaches the client.</summary>
    public static async Task<T> GuardResourceAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            throw new McpException(message, e);
        }
    }

    private static string? Describe(Exception exception) => exception switch
    {
        SandboxRequestException or InvalidSandboxIdException or WorkspacePathException or WorkspaceQuotaExceededException => exception.Message,
        FileNotFoundException or DirectoryNotFoundException => exception.Message,
        UnauthorizedAccessException => exception.Message,
        IOException => exception.Message,
        FormatException => exception.Message,
        SandboxUnavailableException => $"The sandbox cannot run right now: {exception.Message}",
        _ => null,
    };
}
