namespace Sandcastle.Sandbox;

public sealed class WorkspaceQuotaExceededException(string sandboxId, long quotaBytes)
    : IOException($"The workspace of sandbox '{sandboxId}' is over its {quotaBytes} byte quota; delete files to run again.")
{
    public long QuotaBytes { get; } = quotaBytes;
}
