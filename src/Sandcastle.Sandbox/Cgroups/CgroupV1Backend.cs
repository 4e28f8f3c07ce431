namespace Sandcastle.Sandbox.Cgroups;

/// <summary>cgroup v1: separate memory, pids, cpu and cpuacct hierarchies under /sys/fs/cgroup.</summary>
internal sealed class CgroupV1Backend(string mountRoot, string parent, string engine) : ICgroupBackend
{
    public string Name => "v1";

    /// <summary>The hierarchies this backend uses (cpu and cpuacct where mounted).</summary>
    private IEnumerable<string> Controllers =>
        new[] { "memory", "pids", "cpu", "cpuacct" }.Where(c => Directory.Exists(Path.Combine(mountRoot, c)));

    public IReadOnlyList<string> EngineDirectories =>
        [.. Controllers.Select(c => Path.Combine(mountRoot, c, parent, engine))];

    /// <summary>The parent's directory in each hierarchy, where the engines' directories are.</summary>
    public static IEnumerable<string> ParentDirectories(string mountRoot, string parent) =>
        new[] { "memory", "pids", "cpu", "cpuacct" }.Select(c => Path.Combine(mountRoot, c, parent));

    public bool EnforcesMemory => true;

    public static bool IsUsable(string mountRoot) =>
        Directory.Exists(Path.Combine(mountRoot, "memory")) && Directory.Exists(Path.Combine(mountRoot, "pids"))
        && File.Exists(Path.Combine(mountRoot, "memory", "memory.limit_in_bytes"));

    /// <summary>Each group's CPU quota: v1 refuses a child a quota above its parent's (v2 takes the lower of the two).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> _groupCpuCores = new(StringComparer.Ordinal);

    public ICgroup CreateGroup(string group, SandboxLimits aggregate)
    {
        var cgroup = Create(group, aggregate, null);
        _groupCpuCores[group] = aggregate.CpuCores;
        return cgroup;
    }

    public ICgroup Create(string name, SandboxLimits limits, string? group = null)
    {
        var path = group is null ? name : Path.Combine(group, name);
        var hierarchies = _hierarchies ??= Hierarchies.Find(mountRoot);
        var memory = MakeDirectory("memory", path);
        var pids = MakeDirectory("pids", path);
        var cpu = hierarchies.Cpu ? MakeDirectory("cpu", path) : null;
        var cpuacct = hierarchies.SeparateCpuacct ? MakeDirectory("cpuacct", path) : cpu;
        var controls = _memoryControls ??= new MemoryControls(
            File.Exists(Path.Combine(memory, "memory.memsw.limit_in_bytes")), File.Exists(Path.Combine(memory, "memory.kmem.tcp.limit_in_bytes")));
        var cpuCap = group is not null && _groupCpuCores.TryGetValue(group, out var cores) ? cores : double.MaxValue;
        var cgroup = new CgroupV1(memory, pids, cpu, cpuacct, limits, cpuCap, controls);
        try
        {
            cgroup.Apply(limits);
            return cgroup;
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }
    }

    // Found at the first cgroup made, and the same for every other (what the kernel mounted and offers).
    private Hierarchies? _hierarchies;
    private MemoryControls? _memoryControls;

    /// <summary>Whether cpu is mounted, and cpuacct as a hierarchy of its own (not cpu's under another name, as "cpu,cpuacct" often is).</summary>
    private sealed record Hierarchies(bool Cpu, bool SeparateCpuacct)
    {
        public static Hierarchies Find(string mountRoot) => new(
            Directory.Exists(Path.Combine(mountRoot, "cpu")),
            Directory.Exists(Path.Combine(mountRoot, "cpuacct")) && !SameDirectory(mountRoot, "cpu", "cpuacct"));

        private static bool SameDirectory(string mountRoot, string a, string b) =>
            Path.GetFullPath(new DirectoryInfo(Path.Combine(mountRoot, a)).ResolveLinkTarget(true)?.FullName ?? Path.Combine(mountRoot, a))
            == Path.GetFullPath(new DirectoryInfo(Path.Combine(mountRoot, b)).ResolveLinkTarget(true)?.FullName ?? Path.Combine(mountRoot, b));
    }

    /// <summary>Whether the kernel accounts swap (memsw) and offers the TCP buffer limit.</summary>
    private sealed record MemoryControls(bool Memsw, bool TcpLimit);

    private string MakeDirectory(string controller, string path)
    {
        var directory = Path.Combine(mountRoot, controller, parent, engine, path);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private sealed class CgroupV1(string memory, string pids, string? cpu, string? cpuacct, SandboxLimits limits, double cpuCap, MemoryControls controls) : ICgroup
    {
        public IReadOnlyList<string> ProcsFiles { get; } =
            [.. new[] { memory, pids, cpu, cpuacct }.OfType<string>().Distinct().Select(d => Path.Combine(d, "cgroup.procs"))];

        public IReadOnlyList<string> UlimitArguments { get; } = [CgroupFiles.FileSizeUlimit(limits.MaxFileSizeBytes), "-c 0"];

        /// <summary>
        /// The pids controller's count first: one number, where a v1 cgroup.procs read builds, sorts and later frees a
        /// pid list, and the clean-up asks after every execution, once or more. The count also includes zombies not
        /// reaped yet, which cgroup.procs does not list: past zero, the list decides.
        /// </summary>
        public IReadOnlyList<int> ReadPids() =>
            CgroupFiles.ReadLong(Path.Combine(pids, "pids.current")) == 0 ? [] : CgroupFiles.ReadPids(Path.Combine(pids, "cgroup.procs"));

        // Until the first Apply both memory limits are the kernel's "unlimited": no need to read which is lower.
        private bool _limited;

        public void Apply(SandboxLimits limits)
        {
            var bytes = limits.MemoryBytes.ToString();
            var limit = Path.Combine(memory, "memory.limit_in_bytes");
            // Without memsw the tree could swap instead of being OOM-killed at the limit. The kernel keeps
            // memory <= memory+swap at every step, so which one moves first depends on the direction.
            var memsw = Path.Combine(memory, "memory.memsw.limit_in_bytes");
            var raising = controls.Memsw && _limited && CgroupFiles.ReadLong(memsw) is { } current && current < limits.MemoryBytes;
            _limited = true;
            if (!controls.Memsw)
                CgroupFiles.Write(limit, bytes);
            else if (raising)
            {
                CgroupFiles.Write(memsw, bytes);
                CgroupFiles.Write(limit, bytes);
            }
            else
            {
                CgroupFiles.Write(limit, bytes);
                CgroupFiles.Write(memsw, bytes);
            }
            // cgroup v1 charges TCP socket buffers to the cgroup only once this limit is set (and then apart from
            // memory.limit_in_bytes): unset, connections written to and never read pin host memory without bound.
            var tcp = Path.Combine(memory, "memory.kmem.tcp.limit_in_bytes");
            if (controls.TcpLimit)
                CgroupFiles.Write(tcp, TcpBufferBytes(limits.MemoryBytes).ToString());
            CgroupFiles.Write(Path.Combine(pids, "pids.max"), limits.MaxProcesses.ToString());
            if (cpu is not null)
            {
                // The kernel's default period, which no cgroup made here changes: only the quota is written.
                const int period = 100_000;
                CgroupFiles.Write(Path.Combine(cpu, "cpu.cfs_quota_us"), ((long)(Math.Min(limits.CpuCores, cpuCap) * period)).ToString());
            }
        }

        /// <summary>A quarter of the memory limit (at least 1 MiB): the tree's total stays within 1.25 times its limit.</summary>
        internal static long TcpBufferBytes(long memoryBytes) => Math.Max(1024 * 1024, memoryBytes / 4);

        public CgroupStats ReadStats()
        {
            var cpuNanoseconds = cpuacct is null ? null : CgroupFiles.ReadLong(Path.Combine(cpuacct, "cpuacct.usage"));
            return new CgroupStats(
                cpuNanoseconds is { } ns ? TimeSpan.FromTicks(ns / 100) : null,
                CgroupFiles.ReadLong(Path.Combine(memory, "memory.max_usage_in_bytes")),
                CgroupFiles.ReadKey(Path.Combine(memory, "memory.oom_control"), "oom_kill") ?? 0,
                CgroupFiles.ReadLong(Path.Combine(memory, "memory.usage_in_bytes")));
        }

        public void Dispose()
        {
            foreach (var directory in new[] { memory, pids, cpu, cpuacct }.OfType<string>().Distinct())
                CgroupFiles.Remove(directory);
        }
    }
}
