"""The zygote: a copy of the fork server made before the first request, which forks every spare."""
import os
import socket
import sys

from .child import Child
from .protocol import FORKED, SPARE_ORDER


def zygote(channel, seccomp, tmp_bytes):
    """Forks each spare on the server's word, from memory that never held a request."""
    while True:
        message, fds, _, _ = socket.recv_fds(channel, 16, 4)
        if not message:
            return 0
        (number,) = SPARE_ORDER.unpack(message)
        pid = -1
        try:
            pid = Child(seccomp, tmp_bytes).start(fds)
        except OSError as error:
            print(f"sandcastle: could not fork a spare: {error}", file=sys.stderr, flush=True)
        for fd in fds:
            os.close(fd)
        channel.send(FORKED.pack(number, pid))
