"""The zygote: a copy of the fork server made before the first request, which forks every spare."""
import os
import socket
import struct
import sys

from .child import Child
from .protocol import FORKED


def zygote(channel, seccomp_filter):
    """Forks each spare on the server's word, from memory that never held a request."""
    while True:
        message, fds, _, _ = socket.recv_fds(channel, 16, 4)
        if not message:
            return 0
        (number,) = struct.unpack("<I", message)
        pid = -1
        try:
            report_read, report_write = os.pipe()
            middle = os.fork()
            if middle == 0:
                # Makes the namespaces and forks their pid 1 (the spare), reports its pid and exits: orphaned, the
                # spare is adopted by the server, a subreaper. Reported with its namespaces made, the engine may open
                # a door into its network namespace (the egress proxy's listener) as soon as it is announced.
                code = 1
                try:
                    code = Child(seccomp_filter).start(fds, report_write)
                finally:
                    os._exit(code)
            os.close(report_write)
            os.waitpid(middle, 0)
            report = os.read(report_read, 4)
            os.close(report_read)
            if len(report) == 4:
                (pid,) = struct.unpack("<i", report)
        except OSError as error:
            print(f"sandcastle: could not fork a spare: {error}", file=sys.stderr, flush=True)
        for fd in fds:
            os.close(fd)
        channel.send(FORKED.pack(number, pid))
