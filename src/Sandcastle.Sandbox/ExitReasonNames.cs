namespace Sandcastle.Sandbox;

public static class ExitReasonNames
{
    /// <summary>Wire name: exited, timeout, oom, output_limit, disk_quota, cancelled.</summary>
    public static string ToWireName(this ExitReason reason) => reason switch
    {
        ExitReason.Exited => "exited",
        ExitReason.Timeout => "timeout",
        ExitReason.OutOfMemory => "oom",
        ExitReason.OutputLimit => "output_limit",
        ExitReason.DiskQuota => "disk_quota",
        ExitReason.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
