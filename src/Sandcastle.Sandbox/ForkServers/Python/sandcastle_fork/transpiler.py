"""esbuild started ahead of a warm Node's run, so that a TypeScript run does not wait for its start.

A warm spare's pid 1 starts it next to Node, unprivileged and in the same view (the engine's command line: the
snippet on stdin, the module on stdout, errors on the execution's stderr). A TypeScript run hands it the snippet and
takes the module; a JavaScript run kills and reaps it before Node gets its run, so the run never sees it. Started
again if it is gone by then.
"""
import os
import resource
import signal

from .native import drop_privileges, run_reporting


class Transpiler:
    def __init__(self, argv, env, seccomp_filter):
        self.argv = argv
        self.env = env
        self.seccomp_filter = seccomp_filter
        self.pid = 0
        self.stdin = self.stdout = -1

    def start(self, unprivileged=False):
        """Forked from pid 1, which is still privileged unless it says it has dropped its privileges already."""
        stdin_read, self.stdin = os.pipe2(os.O_CLOEXEC)
        self.stdout, stdout_write = os.pipe2(os.O_CLOEXEC)
        self.pid = os.fork()
        if self.pid == 0:
            def become_esbuild():
                resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
                os.chdir("/")
                for handled in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE, signal.SIGXFSZ):
                    signal.signal(handled, signal.SIG_DFL)
                if not unprivileged:
                    drop_privileges(self.seccomp_filter)
                # Its stdin and stdout are pid 1's pipes; its stderr stays the execution's.
                os.dup2(stdin_read, 0)
                os.dup2(stdout_write, 1)
                os.closerange(3, 1 << 20)
                os.execve(self.argv[0], self.argv, self.env)
            os._exit(run_reporting(become_esbuild, "could not start esbuild"))
        os.close(stdin_read)
        os.close(stdout_write)

    def transpile(self, source):
        """esbuild's exit code and the module it wrote; called by pid 1 once it has dropped its privileges."""
        if self.pid == 0 or not self.write(source):
            self.stop()
            self.start(unprivileged=True)
            self.write(source)
            return self.result()[:2]
        code, module, killed = self.result()
        if killed and not module:
            # Killed before its run (from outside, as it was being written to): one started now does the run.
            self.start(unprivileged=True)
            self.write(source)
            return self.result()[:2]
        return code, module

    def result(self):
        chunks = []
        while chunk := os.read(self.stdout, 1 << 16):
            chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        self.close()
        code = os.waitstatus_to_exitcode(status)
        return (code if code >= 0 else 128 - code), b"".join(chunks), os.WIFSIGNALED(status)

    def write(self, source):
        try:
            view = memoryview(source)
            while view:
                view = view[os.write(self.stdin, view):]
            os.close(self.stdin)
            self.stdin = -1
            return True
        except OSError:
            return False  # It ended before its run.

    def stop(self):
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = 0
        self.close()

    def close(self):
        for fd in (self.stdin, self.stdout):
            if fd >= 0:
                os.close(fd)
        self.stdin = self.stdout = -1
