using System.Globalization;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.ForkServers;

namespace Sandcastle.Sandbox.Isolation;

/// <summary>
/// Builds the command line that runs a program isolated:
/// <c>sh</c> (joins the cgroup, sets rlimits) → <c>setpriv</c> (drops to the sandbox uid, no capabilities,
/// no_new_privs) → <c>bwrap</c> (new user, pid, net, ipc, uts, mount and cgroup namespaces; read-only root; a networked execution's net
/// namespace is the engine's, entered by <c>nsenter</c> first)
/// → <c>tini</c> as pid 1 (reaps orphans) → the program. With a seccomp filter, the shell opens it on fd 3 for bwrap.
/// </summary>
internal sealed class BubblewrapCommandBuilder(
    SandboxOptions options, SandboxHostPaths paths, MatplotlibFontCache fontCache, bool dropPrivileges, string? seccompFilter)
{
    /// <summary>The descriptor the launcher opens the compiled seccomp filter on; bwrap reads and closes it.</summary>
    private const string SeccompDescriptor = "3";

    /// <summary>The environment every program starts from; the request's variables are added on top.</summary>
    internal static readonly KeyValuePair<string, string>[] BaseEnvironment =
    [
        new("PATH", "/usr/local/bin:/usr/bin:/bin"),
        new("HOME", "/tmp"),
        new("USER", "sandbox"),
        new("LANG", "C.UTF-8"),
        new("LC_ALL", "C.UTF-8"),
        new("TERM", "dumb"),
        // Output must reach the caller as it is printed, not when a pipe buffer fills.
        new("PYTHONUNBUFFERED", "1"),
        new("PYTHONDONTWRITEBYTECODE", "1"),
        new("MPLBACKEND", "Agg"),
        new("MPLCONFIGDIR", MatplotlibFontCache.MountDirectory),
    ];

    /// <param name="workspace">
    /// Host directory mounted read-write at /workspace (for a fork server: the directory of all sandboxes; it also
    /// gets the volumes directory, a shared mount, so volumes mounted after it started reach it).
    /// </param>
    /// <param name="snippetDirectory">Host directory mounted read-only at /run/sandcastle, if any.</param>
    /// <param name="workingDirectory">Absolute path inside the sandbox.</param>
    /// <param name="program">The program and its arguments, as seen inside.</param>
    /// <param name="forkServer">
    /// Start the fork server: it keeps CAP_SYS_ADMIN, CAP_NET_ADMIN and CAP_SETPCAP inside its container's user namespace
    /// (to give each execution its own namespaces) and applies the seccomp filter to each execution itself.
    /// </param>
    public LaunchPlan Build(
        ICgroup cgroup,
        SandboxLimits limits,
        string workspace,
        string? snippetDirectory,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        IReadOnlyList<string> program,
        bool forkServer = false,
        string? networkNamespace = null)
    {
        var args = new List<string>(96);
        // 0. A networked execution joins the namespace the engine made with the proxy's door in it.
        if (networkNamespace is not null)
            args.AddRange([options.NsenterPath, "--net=" + networkNamespace, "--"]);
        var seccomp = forkServer ? null : seccompFilter;

        // 1. Join the cgroup before anything forks, so every descendant is inside it and counted.
        var script = (seccomp is null ? "" : $"exec {SeccompDescriptor}<\"$1\" || exit 125; shift; ")
            + "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; "
            + string.Concat(cgroup.UlimitArguments.Select(u => $"ulimit {u} || exit 125; "))
            // Every signal at its default, as a program expects to start: .NET starts this shell with SIGPIPE
            // ignored, and an ignored signal survives exec (`yes | head -1` would print "Broken pipe").
            + "exec /usr/bin/env --default-signal -- \"$@\"";
        args.AddRange(["/bin/sh", "-c", script, "sandcastle-launch"]);
        if (seccomp is not null)
            args.Add(seccomp);
        args.AddRange(cgroup.ProcsFiles);
        args.Add("--");

        // 2. Drop to the sandbox uid before creating the user namespace, so files it writes are owned by it on the host.
        // Unprivileged, we already are an ordinary uid and bwrap's user namespace is all we need.
        if (dropPrivileges)
        {
            var uid = options.SandboxUid.ToString(CultureInfo.InvariantCulture);
            args.AddRange([options.SetprivPath, $"--reuid={uid}", $"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]);
        }

        // 3. The namespaces and the file system view.
        args.AddRange([options.BubblewrapPath, "--unshare-all", "--unshare-user"]);
        if (networkNamespace is not null)
            args.Add("--share-net");
        args.AddRange(["--die-with-parent", "--new-session", "--as-pid-1", "--hostname", "sandcastle",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin"]);
        foreach (var etc in RuntimeEtcFiles)
            args.AddRange(["--ro-bind-try", etc, etc]);
        args.AddRange(["--ro-bind", paths.PasswdFile, "/etc/passwd", "--ro-bind", paths.GroupFile, "/etc/group"]);
        foreach (var extra in options.ExtraReadOnlyPaths)
            args.AddRange(["--ro-bind", extra, extra]);
        // /dev/shm (POSIX semaphores and shared memory, e.g. Python's multiprocessing) gets its own capped tmpfs,
        // as /tmp does; /dev itself is made read-only below, or it would be a writable tmpfs with no size limit.
        var tmpSize = limits.TmpBytes.ToString(CultureInfo.InvariantCulture);
        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--size", tmpSize, "--tmpfs", "/dev/shm",
            "--size", tmpSize, "--tmpfs", "/tmp"]);
        // The fork server sees every sandbox's directory and gives each execution its own workspace only.
        args.AddRange(forkServer
            ? ["--bind", workspace, ForkServerFiles.SandboxesMountPoint, "--bind", paths.VolumesDirectory, ForkServerFiles.VolumesMountPoint, "--dir", "/workspace",
                "--ro-bind", fontCache.HostDirectory, ForkServerFiles.FontsMountPoint]
            : ["--bind", workspace, "/workspace"]);
        foreach (var file in fontCache.ReadyFiles())
            args.AddRange(["--ro-bind", file, $"{MatplotlibFontCache.MountDirectory}/{Path.GetFileName(file)}"]);
        if (snippetDirectory is not null)
            args.AddRange(["--ro-bind", snippetDirectory, SnippetCommand.MountPoint]);
        args.AddRange(["--chdir", workingDirectory, "--clearenv"]);
        foreach (var (name, value) in BaseEnvironment)
            args.AddRange(["--setenv", name, value]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            args.AddRange(["--setenv", name, value]);
        args.AddRange(forkServer ? ["--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_NET_ADMIN", "--cap-add", "CAP_SETPCAP"] : ["--cap-drop", "ALL"]);
        args.AddRange(["--disable-userns", "--remount-ro", "/dev", "--remount-ro", "/"]);
        if (seccomp is not null)
            args.AddRange(["--seccomp", SeccompDescriptor]);

        // 4. pid 1 inside.
        if (File.Exists(options.InitPath))
            args.AddRange([options.InitPath, "--"]);
        args.AddRange(program);
        return new LaunchPlan(args);
    }

    /// <summary>
    /// The few /etc files the runtimes read, and the public CA certificates (HTTPS through the egress proxy checks
    /// them inside). No resolver files: names are resolved by the proxy, never inside.
    /// </summary>
    private static readonly string[] RuntimeEtcFiles =
        ["/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime", "/etc/matplotlibrc", "/etc/fonts", "/etc/mime.types", "/etc/ssl", "/etc/ca-certificates"];
}
