using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Sandbox;

/// <summary>Configuration of the sandbox engine, bound from the "Sandbox" section.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>
    /// Where workspaces live. Empty: <c>SANDCASTLE_DATA_DIR</c>, else <c>/var/lib/sandcastle</c> as root and
    /// <c>~/.local/share/sandcastle</c> otherwise.
    /// </summary>
    public string? DataRoot { get; set; }

    /// <summary>
    /// Caches built from the host's packages (matplotlib's font list). Empty: <c>SANDCASTLE_CACHE_DIR</c>, else
    /// <c>&lt;DataRoot&gt;/cache</c>. Must be reachable by the sandbox uid.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The unprivileged uid (and gid) sandboxed code runs as, on the host and inside.</summary>
    [Range(1, int.MaxValue)]
    public int SandboxUid { get; set; } = 10001;

    /// <summary>
    /// Limits for sandboxes that are not given their own. A fresh instance, not <see cref="SandboxLimits.Default"/>:
    /// configuration binds into it, and must not change the shared one.
    /// </summary>
    public SandboxLimits DefaultLimits { get; set; } = new();

    /// <summary>Aggregate limits of each tenant's executions together (a parent cgroup per tenant).</summary>
    public TenantLimits Tenants { get; set; } = new();

    /// <summary>auto (v2 with controllers, else v1, else rlimits), v1, v2 or none.</summary>
    [RegularExpression("^(auto|v1|v2|none)$")]
    public string CgroupMode { get; set; } = "auto";

    /// <summary>
    /// Name of the cgroup, under each controller's root, that holds one cgroup per engine
    /// (<c>engine-&lt;pid&gt;-&lt;start&gt;-&lt;n&gt;</c>), which holds a cgroup per tenant, which holds one per execution.
    /// Engines on one machine may share it: each removes what dead engines left there, never a live one's.
    /// </summary>
    [Required]
    public string CgroupParent { get; set; } = "sandcastle";

    [Required]
    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    [Required]
    public string SetprivPath { get; set; } = "/usr/bin/setpriv";

    /// <summary>A minimal init run as pid 1 inside (reaps orphans). Missing: the program itself is pid 1.</summary>
    public string InitPath { get; set; } = "/usr/bin/tini";

    /// <summary>Joins a networked execution's launcher to the network namespace the engine made for it (util-linux).</summary>
    [Required]
    public string NsenterPath { get; set; } = "/usr/bin/nsenter";

    [Required]
    public string PythonPath { get; set; } = "/usr/bin/python3";

    [Required]
    public string NodePath { get; set; } = "/usr/bin/node";

    /// <summary>esbuild, used inside the sandbox to strip TypeScript types. Installed by scripts/setup.</summary>
    [Required]
    public string EsbuildPath { get; set; } = "/usr/local/lib/sandcastle/node_modules/esbuild/bin/esbuild";

    /// <summary>
    /// Install a seccomp filter that refuses system calls sandboxed programs never need (keyrings, bpf, io_uring,
    /// mounts, ptrace, module loading...). Turn off only to diagnose; without it the namespaces still isolate.
    /// </summary>
    public bool SeccompFilter { get; set; } = true;

    /// <summary>Host directories bound read-only into every sandbox besides /usr (e.g. a custom runtime).</summary>
    public List<string> ExtraReadOnlyPaths { get; set; } = [];

    /// <summary>
    /// Fork executions from the engine's fork server: a long-lived helper in a container of its own that forks each
    /// non-interactive execution into fresh namespaces with the sandbox's workspace, instead of
    /// starting a launcher, bwrap and an interpreter for it. Off: every execution gets its own launcher chain.
    /// </summary>
    public bool ForkServer { get; set; } = true;

    /// <summary>
    /// Give each workspace with a quota a file system of its own, so the kernel enforces the quota in bytes and
    /// entries: a tmpfs for an ephemeral sandbox, a sparse ext4 image for a named one. Needs root, loop devices and
    /// e2fsprogs; without them (or off) a watcher measures the workspace by walking it, as before.
    /// </summary>
    public bool KernelWorkspaceQuota { get; set; } = true;

    /// <summary>
    /// Keep warm Node spares in the fork server: a Node started ahead of time in an execution's namespaces,
    /// unprivileged, that a JavaScript or TypeScript snippet runs in instead of starting its own (about 40 ms less).
    /// Each idle one holds a started Node's memory. Off: every such snippet starts its own Node.
    /// </summary>
    public bool WarmNode { get; set; } = true;

    /// <summary>
    /// Keep native spares for commands in the fork server: cloned by a small C program (built with the engine where a C
    /// compiler is found), which is also their pid 1, instead of forks of the server's Python, for a command exec'd as
    /// it is. Off, or built without a compiler: every command runs in a plain spare, as Python does.
    /// </summary>
    public bool CommandSpares { get; set; } = true;

    /// <summary>
    /// Start warm Nodes (for snippets and `node FILE` commands) in native spares, their pid 1 the same C program (see
    /// <see cref="CommandSpares"/>, which needs to be on), once a run a warm Node serves is replaced, instead of in
    /// forks of the fork server's Python: the same view, privileges and run, with less of the machine's CPU per run.
    /// Off: warm Nodes start from plain spares only.
    /// </summary>
    public bool NativeWarmNode { get; set; } = true;

    /// <summary>
    /// Strips TypeScript's types inside a warm Node, instead of esbuild's command line (type-stripper.cjs, installed
    /// by scripts/setup with sucrase). When the file is missing as the engine starts, TypeScript in a warm Node goes
    /// through esbuild.
    /// </summary>
    public string? TypeStripperPath { get; set; } = "/usr/local/lib/sandcastle/type-stripper.cjs";

    /// <summary>How often a running execution's workspace size is measured against the quota.</summary>
    public TimeSpan DiskQuotaPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
