namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// Ways to gain a privilege or a host file from inside: setuid programs, the read-only binds (snippet, /etc),
/// hard links from the workspace to host files.
/// </summary>
public abstract class PrivilegeTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task SetuidRootPrograms_RunWithoutPrivilege()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash("""
            stat -c '%A' /usr/bin/su
            (sleep 2 | /usr/bin/su root -c id >/dev/null 2>&1) &
            for i in $(seq 100); do euid=$(ps -o euid= -C su) && break; sleep 0.02; done
            echo "su euid $((euid))"
            """);
        Assert.StartsWith("-rws", run.Stdout);
        Assert.Contains($"su euid {Engine.SandboxUid}\n", run.Stdout);
    }

    [Fact]
    public async Task TheSnippet_AndTheEtcFiles_AreReadOnly_AndUnchangedOnTheHost()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python("""
            import os
            for path in ["/run/sandcastle/main.py", "/etc/passwd", "/etc/group", "/etc/ld.so.cache"]:
                try:
                    open(path, "a").write("pwned"); print(path, "written")
                except OSError as e:
                    print(path, "refused" if e.errno in (13, 30) else e.strerror)  # EACCES or EROFS
            try:
                os.rename("/run/sandcastle/main.py", "/run/sandcastle/x.py"); print("renamed")
            except OSError as e:
                print("rename", "refused" if e.errno in (13, 30) else e.strerror)
            """);
        Assert.Equal(
            "/run/sandcastle/main.py refused\n/etc/passwd refused\n/etc/group refused\n/etc/ld.so.cache refused\nrename refused\n", run.Stdout);
        var passwd = await File.ReadAllTextAsync(Path.Combine(fixture.DataRoot, "etc", "passwd"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("pwned", passwd);
    }

    [Fact]
    public async Task HardLinksToHostFiles_CannotBeMadeInTheWorkspace()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash("""
            for f in /etc/passwd /usr/bin/python3 /etc/ld.so.cache /tmp; do ln "$f" /workspace/link 2>&1 | grep -o 'Invalid cross-device link\|hard link not allowed for directory'; done
            ls /workspace | wc -l
            """);
        Assert.Equal("Invalid cross-device link\nInvalid cross-device link\nInvalid cross-device link\nhard link not allowed for directory\n0\n", run.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(sandbox.WorkspacePath));
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class PrivilegeTestsWhenForked(ForkingEngineFixture fixture) : PrivilegeTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class PrivilegeTestsWhenLaunched(LaunchingEngineFixture fixture) : PrivilegeTests(fixture), IClassFixture<LaunchingEngineFixture>;
