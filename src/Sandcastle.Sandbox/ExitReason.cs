namespace Sandcastle.Sandbox;

/// <summary>Why an execution ended.</summary>
public enum ExitReason
{
    /// <summary>The process exited on its own (any exit code) or died of a signal it was not sent by us.</summary>
    Exited,

    /// <summary>The wall-clock limit passed; the tree was killed.</summary>
    Timeout,

    /// <summary>The memory limit was hit and the kernel killed the process.</summary>
    OutOfMemory,

    /// <summary>Output passed the per-stream cap; the tree was killed.</summary>
    OutputLimit,

    /// <summary>The workspace grew past its quota; the tree was killed.</summary>
    DiskQuota,

    /// <summary>The caller cancelled or the sandbox was destroyed.</summary>
    Cancelled,
}
