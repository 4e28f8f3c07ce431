"""Runs a Python program in the fork server's already-started interpreter, as `python3 path` would."""
import os
import sys

def run_python_main(path):
    """Runs a file as `python3 path` would in a fresh interpreter: as __main__, with its argv and sys.path."""
    import atexit
    import builtins
    import types

    # A fresh interpreter has none of the fork server's own modules: the program's imports must not find them.
    for name in [name for name in sys.modules if name == "sandcastle_fork" or name.startswith("sandcastle_fork.")]:
        del sys.modules[name]
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = builtins
    main.__cached__ = None
    sys.modules["__main__"] = main
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)
    code = 0
    try:
        with open(path, "rb") as file:
            source = file.read()
        exec(compile(source, path, "exec"), main.__dict__)
    except SystemExit as exit_request:
        code = exit_code(exit_request.code)
    except BaseException as error:  # noqa: BLE001 - an uncaught exception, reported as python reports it
        trace = error.__traceback__
        # Hide this function's frame: the traceback starts in the program, as in a fresh interpreter.
        trace = trace.tb_next if trace is not None and trace.tb_frame.f_code is run_python_main.__code__ else trace
        # The default hook prints the exception's own traceback when it has one, not the one it is given.
        error.__traceback__ = trace
        sys.excepthook(type(error), error, trace)
        code = 1
    try:
        threading = sys.modules.get("threading")
        if threading is not None:
            threading._shutdown()
        atexit._run_exitfuncs()
    except SystemExit as exit_request:
        code = exit_code(exit_request.code)
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
    return code


def exit_code(value):
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    try:
        print(value, file=sys.stderr)
    except (OSError, ValueError):
        pass
    return 1
