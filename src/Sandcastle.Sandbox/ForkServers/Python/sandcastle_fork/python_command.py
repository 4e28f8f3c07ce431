"""Which `python3` commands run in the fork server's already-started interpreter instead of a new one.

A command `python3 -c CODE [ARG...]` or `python3 FILE [ARG...]` (found as this interpreter's own executable) is run
by forking pid 1's interpreter, as a Python snippet is: it skips the interpreter's start (most of a raw
`python3 -c`'s time). Only where the result is the program a fresh interpreter would run, with what that interpreter
would have decided at its start; anything else is exec'd as before:
- no option but -c: each one changes the interpreter's start or what it runs (-m, -i, -I, -X ...);
- the variables a fresh interpreter reads as it starts (PYTHON*, the locale, HOME for the user's site directory, TZ)
  are as this interpreter had them;
- FILE is a regular file of Python source: not a directory, a zip application or compiled code, which Python runs
  otherwise, nor one it cannot open (Python's own message is kept), nor anything under /proc (pid 1 reads FILE).
"""
import os
import stat
import sys

from .python_main import MainProgram, file_program

# Besides PYTHON*: what a fresh interpreter (its site, locale and time modules) takes from its environment as it
# starts, and keeps.
STARTUP_VARIABLES = frozenset(("LANG", "LC_ALL", "LC_CTYPE", "HOME", "TZ", "SETUPTOOLS_USE_DISTUTILS"))
# The environment this interpreter started with (the fork server's).
STARTED_ENVIRONMENT = dict(os.environ)
# A zip file's end-of-directory record: within its last 64 KiB and 22 bytes.
ZIP_END = b"PK\x05\x06"
ZIP_END_REACH = 65557


def python_command(path, words, environment, cwd):
    """The program to run in this interpreter for a command exec'ing <path> with <words> in <environment> (from
    child.direct_program), or None when it is to be exec'd."""
    if path != sys.executable or len(words) < 2 or any("\0" in word for word in words):
        return None
    names = {name for name in (*environment, *STARTED_ENVIRONMENT)
             if name.startswith("PYTHON") or name in STARTUP_VARIABLES}
    if any(environment.get(name) != STARTED_ENVIRONMENT.get(name) for name in names):
        return None
    if words[1] == "-c":
        if len(words) < 3:
            return None
        return MainProgram(words[2], "<string>", ["-c", *words[3:]], "", None)
    script = words[1]
    if script.startswith("-") or script.endswith(".pyc"):
        return None
    script_path = script if script.startswith("/") else os.path.join(cwd, script)
    try:
        # pid 1 reads the file: never one of its own /proc files, which the program may not open (pid 1 is not
        # dumpable), nor any other process's, which pid 1 may reach where the program would not.
        if os.path.realpath(script_path).startswith("/proc/"):
            return None
        if not stat.S_ISREG(os.stat(script_path).st_mode):
            return None
        program = file_program(script_path, words[1:])
    except (OSError, ValueError):
        return None
    magic = sys.modules["_frozen_importlib_external"].MAGIC_NUMBER
    if program.source[:2] == magic[:2] or ZIP_END in program.source[-ZIP_END_REACH:]:
        return None
    return program
