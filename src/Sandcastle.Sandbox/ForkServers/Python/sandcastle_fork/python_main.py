"""Runs a Python program in the fork server's already-started interpreter, as a fresh `python3` would run it."""
import gc
import os
import signal
import sys
from collections import namedtuple

# What a fresh interpreter is given: the program (its source, or its code compiled already), the name its code
# objects carry ("<string>" for -c), sys.argv, sys.path[0], and the main module's __file__ (None for -c).
MainProgram = namedtuple("MainProgram", "code filename argv path0 file")
# The bounds of a C long: an exit status past them is -1 (255), as Python's own exit makes it.
LONG_MIN, LONG_MAX = -(1 << 63), (1 << 63) - 1


def file_program(path, argv, source):
    """`python3 path ARG...` (<argv> as Python gives it: the file's name as typed first): __file__ the absolute path,
    as Python makes it (joined, not normalized); sys.path[0] the directory of the file its links lead to."""
    return MainProgram(source, path, argv, os.path.dirname(os.path.realpath(path)), path)


def run_main(program):
    """Runs a program as __main__, with its argv and sys.path, as a fresh interpreter would; returns its exit code."""
    import atexit
    import builtins
    import types

    # A fresh interpreter has none of the fork server's own modules: the program's imports must not find them.
    for name in [name for name in sys.modules if name == "sandcastle_fork" or name.startswith("sandcastle_fork.")]:
        del sys.modules[name]
    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    main.__annotations__ = {}
    if program.file is None:
        main.__loader__ = sys.modules["_frozen_importlib"].BuiltinImporter
    else:
        main.__file__ = program.file
        main.__cached__ = None
        main.__loader__ = sys.modules["_frozen_importlib_external"].SourceFileLoader("__main__", program.file)
    modules_before = set(sys.modules)
    sys.modules["__main__"] = main
    sys.argv = program.argv
    sys.path[0] = program.path0
    # The program runs this many frames deeper than in a fresh interpreter: it gets as deep a recursion all the same.
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    sys.setrecursionlimit(sys.getrecursionlimit() + depth)
    code = 0
    interrupted = False
    compiled = None
    try:
        compiled = program.code if hasattr(program.code, "co_code") else compile(program.code, program.filename, "exec")
        exec(compiled, main.__dict__)
    except SystemExit as exit_request:
        code = exit_code(exit_request.code)
    except BaseException as error:  # noqa: BLE001 - an uncaught exception, reported as python reports it
        trace = error.__traceback__
        # Hide this function's frame: the traceback starts in the program, as in a fresh interpreter.
        trace = trace.tb_next if trace is not None and trace.tb_frame.f_code is run_main.__code__ else trace
        # The default hook prints the exception's own traceback when it has one, not the one it is given.
        error.__traceback__ = trace
        sys.excepthook(type(error), error, trace)
        code = 1
        interrupted = isinstance(error, KeyboardInterrupt)
        trace = None
    try:
        threading = sys.modules.get("threading")
        if threading is not None:
            threading._shutdown()
        atexit._run_exitfuncs()
    except SystemExit as exit_request:
        code = exit_code(exit_request.code)
    atexit._clear()
    # As a fresh interpreter does as it ends: the program's modules are let go and collected, so that what only they
    # held is finalized (an unclosed file's buffer written, a generator's finally run, a __del__ called).
    for name in [name for name in sys.modules if name not in modules_before]:
        del sys.modules[name]
    sys.modules.pop("__main__", None)
    del main, compiled
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    # Let the output end now rather than after this forked interpreter's memory is torn down.
    for descriptor in (1, 2):
        try:
            os.close(descriptor)
        except OSError:
            pass
    if interrupted:
        # Python ends on an unhandled KeyboardInterrupt by the signal itself, so that its parent sees SIGINT.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    return code


def exit_code(value):
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF if LONG_MIN <= value <= LONG_MAX else 0xFF
    try:
        print(value, file=sys.stderr)
    except (OSError, ValueError):
        pass
    return 1
