"""The zygote: a copy of the fork server made before the first request, which forks every spare."""
import os
import socket
import struct
import sys

from .child import Child
from .protocol import FORKED


def zygote(channel, seccomp, tmp_bytes, exec_init):
    """Forks each spare on the server's word, from memory that never held a request."""
    while True:
        message, fds, _, _ = socket.recv_fds(channel, 16, 4)
        if not message:
            return 0
        (number,) = struct.unpack("<I", message)
        pid = -1
        try:
            pid = Child(seccomp, tmp_bytes, exec_init).start(fds)
        except OSError as error:
            print(f"sandcastle: could not fork a spare: {error}", file=sys.stderr, flush=True)
        for fd in fds:
            os.close(fd)
        channel.send(FORKED.pack(number, pid))
