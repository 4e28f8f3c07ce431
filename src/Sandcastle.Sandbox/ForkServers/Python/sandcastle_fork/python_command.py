"""Which `python3` commands run in the fork server's already-started interpreter instead of a new one.

A command `python3 -c CODE [ARG...]` or `python3 FILE [ARG...]` (found as this interpreter's own executable) is run
by forking pid 1's interpreter, as a Python snippet is: it skips the interpreter's start (most of a raw
`python3 -c`'s time). Only where the result is the program a fresh interpreter would run, with what that interpreter
would have decided at its start; anything else is exec'd as before:
- no option but -c: each one changes the interpreter's start or what it runs (-m, -i, -I, -X ...);
- the variables a fresh interpreter reads as it starts (PYTHON*, the locale, HOME for the user's site directory, TZ)
  are as this interpreter had them;
- FILE is a regular file of Python source in UTF-8, of at most MAX_SOURCE_BYTES: not a directory, a zip application or
  compiled code, which Python runs otherwise, nor one it cannot open, nor anything of /proc (pid 1 reads FILE, and
  must never read for the program what the program may not read itself);
- the program compiles: a fresh interpreter says in its own words why it does not.
pid 1 reads and compiles the program before it forks, so that none of this can fail in the forked program.
"""
import os
import stat
import sys
import warnings

from .python_main import MainProgram, file_program

# Besides PYTHON*: what a fresh interpreter (its site, locale and time modules) takes from its environment as it
# starts, and keeps.
STARTUP_VARIABLES = frozenset(("LANG", "LC_ALL", "LC_CTYPE", "HOME", "TZ", "SETUPTOOLS_USE_DISTUTILS"))
# The environment this interpreter started with (the fork server's).
STARTED_ENVIRONMENT = dict(os.environ)
# A zip file's end-of-directory record: within its last 64 KiB and 22 bytes.
ZIP_END = b"PK\x05\x06"
ZIP_END_REACH = 65557
# Past this, a fresh interpreter reads the file as it compiles it (and stops at the first error): pid 1 would read
# it whole first.
MAX_SOURCE_BYTES = 4 << 20


def python_command(path, words, environment):
    """The program to run in this interpreter for a command exec'ing <path> with <words> in <environment> (from
    child.direct_program), in the current directory; None when it is to be exec'd."""
    try:
        return program_for(path, words, environment)
    except Exception:  # noqa: BLE001 - whatever cannot be made sure of here is a fresh interpreter's to run
        return None


def program_for(path, words, environment):
    if path != sys.executable or len(words) < 2 or any("\0" in word for word in words):
        return None
    names = {name for name in (*environment, *STARTED_ENVIRONMENT)
             if name.startswith("PYTHON") or name in STARTUP_VARIABLES}
    if any(environment.get(name) != STARTED_ENVIRONMENT.get(name) for name in names):
        return None
    if words[1] == "-c":
        if len(words) < 3:
            return None
        return compiled(MainProgram(words[2], "<string>", ["-c", *words[3:]], "", None))
    script = words[1]
    if script.startswith("-") or script.endswith(".pyc"):
        return None
    # As Python makes __file__ absolute: joined to the working directory, not normalized.
    script_path = script if script.startswith("/") else os.path.join(os.getcwd(), script)
    if os.path.abspath(script_path).startswith("/proc/"):
        return None  # Through pid 1's own /proc links (its cwd, its root), which the program may not follow.
    source = read_source(script_path)
    magic = sys.modules["_frozen_importlib_external"].MAGIC_NUMBER
    if source is None or source[:2] == magic[:2] or ZIP_END in source[-ZIP_END_REACH:]:
        return None
    # compile() lets through bytes a fresh interpreter's reading of the file refuses (in a comment, say); any other
    # encoding is left to it.
    source.decode("utf-8")
    return compiled(file_program(script_path, words[1:], source))


def read_source(path):
    """The file's bytes, if it is a regular file outside /proc, of at most MAX_SOURCE_BYTES; else None. Checked on
    what was opened, not on the name: a name can be swapped for a FIFO or a link meanwhile."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        opened = os.fstat(descriptor)
        if (not stat.S_ISREG(opened.st_mode) or opened.st_dev == os.stat("/proc").st_dev
                or opened.st_size > MAX_SOURCE_BYTES):
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            source = file.read(MAX_SOURCE_BYTES + 1)
        return source if len(source) <= MAX_SOURCE_BYTES else None
    finally:
        os.close(descriptor)


def compiled(program):
    """The program with its code compiled; raises when it does not compile (python_command then leaves it to a fresh
    interpreter, which says why, and says any warnings compiling it: so these are said here only once it compiled)."""
    with warnings.catch_warnings(record=True) as said:
        code = compile(program.code, program.filename, "exec", dont_inherit=True)
    for warning in said:
        warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
    return program._replace(code=code)
