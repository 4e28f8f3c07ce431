namespace Sandcastle.Server.Execute;

/// <summary>Tokens of all model calls of a request.</summary>
public sealed record ExecuteUsage(long InputTokens, long OutputTokens);
