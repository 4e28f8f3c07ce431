using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Sessions;

/// <summary>Configuration of durable sandboxes and their embedded silo, bound from the "Sessions" section.</summary>
public sealed class SessionsOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Idle time after which a sandbox's processes stop and its grain sleeps (files stay).</summary>
    public TimeSpan DefaultSleepAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest timeout one execution may ask for.</summary>
    public TimeSpan MaxExecTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Sandboxes one tenant may hold at once; creating one more is refused.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSandboxesPerTenant { get; set; } = 10_000;

    /// <summary>Code contexts (live interpreters) one sandbox may hold at once; creating one more is refused.</summary>
    [Range(1, 1000)]
    public int MaxContextsPerSandbox { get; set; } = 8;

    /// <summary>Shell sessions one sandbox may hold at once; creating one more is refused.</summary>
    [Range(1, 100_000)]
    public int MaxShellSessionsPerSandbox { get; set; } = 64;

    /// <summary>
    /// Background processes one sandbox may hold, running or finished; past it the oldest finished one is forgotten,
    /// and with all of them running a new one is refused (409). Running ones also hold one of the tenant's
    /// execution permits (Tenancy:MaxConcurrentExecutions) for as long as they run.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxProcessesPerSandbox { get; set; } = 16;

    /// <summary>How long a background process may run before it is stopped (reason "timeout").</summary>
    public TimeSpan MaxProcessLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Characters of output kept per background process (both streams): a ring, oldest output dropped first.</summary>
    [Range(1024, int.MaxValue)]
    public long ProcessLogChars { get; set; } = 256 * 1024;

    /// <summary>
    /// Silo-to-silo port of the embedded silo (loopback, mutual TLS); 0 picks a free one. There is no client
    /// gateway: the server is the silo's only client and calls it in-process.
    /// </summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; }

    /// <summary>The silo's TLS certificate (see <see cref="SiloTlsOptions"/>).</summary>
    public SiloTlsOptions Tls { get; set; } = new();

    /// <summary>The SQLite file holding grain state. Empty: <c>sessions.db</c> under the engine's data root.</summary>
    public string? DatabasePath { get; set; }
}
