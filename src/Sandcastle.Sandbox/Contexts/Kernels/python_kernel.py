# Sandcastle's Python code-context kernel: a persistent interpreter driven over stdin/stdout.
#
# Protocol. Commands arrive as one JSON object per line on the original stdin, which the kernel keeps on a
# private descriptor (fd 0 becomes /dev/null so user code and subprocesses cannot eat commands). User output is
# left on fd 1 and fd 2 untouched, so print(), C extensions and subprocesses all stream as they write.
# The kernel's own messages are framed inside those streams:  RS <token> ':' <json> LF  (a whole message) or
# RS <token> '+' <chunk> LF (a piece of a longer one). The token is random per process and each frame is one
# write of at most PIPE_BUF bytes, so a frame is atomic and never interleaved with other writers' bytes.
# A cell ends with a 'sync' frame on stderr then a 'done' frame on stdout: the host knows both streams are drained.
import ast
import asyncio
import base64
import builtins
import importlib.abc
import importlib.util
import inspect
import io
import json
import linecache
import os
import pprint
import signal
import sys
import traceback
import types

_TOKEN = os.environ.pop("SANDCASTLE_KERNEL_TOKEN", "")
_FRAME_PAYLOAD = 4000  # PIPE_BUF (4096) minus the frame's marker and newline
_KERNEL_FILE = __file__
_CO_COROUTINE = inspect.CO_COROUTINE
_COMPILE_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
# Made once: json.dumps builds a new encoder on every call given any option.
_ENCODE = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":"), default=str).encode
# Values whose only representation is their repr: no _repr_*_ method to look for.
_PLAIN_TYPES = frozenset((int, float, complex, bool, str, bytes, type(None)))


class CellTimeout(BaseException):
    """Raised in user code when its run passes the deadline (BaseException, so `except Exception` cannot hide it)."""


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view):]
        except InterruptedError:
            continue


def _flush_user_streams():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _send(fd, message, flush=True):
    if flush:
        _flush_user_streams()
    payload = _ENCODE(message).encode("ascii")
    head = b"\x1e" + _TOKEN.encode("ascii")
    while len(payload) > _FRAME_PAYLOAD:
        _write_all(fd, head + b"+" + payload[:_FRAME_PAYLOAD] + b"\n")
        payload = payload[_FRAME_PAYLOAD:]
    _write_all(fd, head + b":" + payload + b"\n")


class Kernel:
    def __init__(self):
        self.commands = os.fdopen(os.dup(0), "rb", buffering=0)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        self.module = types.ModuleType("__main__")
        self.module.__dict__.update({"__builtins__": builtins, "display": self.display})
        sys.modules["__main__"] = self.module
        sys.argv = [""]
        self.cell = 0
        self.shown_figures = set()
        self.in_user_code = False
        self.loop = None
        sys.meta_path.insert(0, _InlineBackendFinder(self))
        os.environ["MPLBACKEND"] = "module://sandcastle_inline"
        signal.signal(signal.SIGALRM, self._on_alarm)

    # ---- the loop -------------------------------------------------------------------------------------
    def serve(self):
        reader = io.BufferedReader(self.commands, 1 << 16)
        _send(1, {"t": "ready", "language": "python", "version": sys.version.split()[0]})
        for line in reader:
            if not line.strip():
                continue
            command = json.loads(line)
            if command.get("op") == "run":
                self.run(int(command["cell"]), command["code"], float(command.get("timeout") or 0))

    def run(self, cell, code, timeout):
        self.cell = cell
        try:
            self.execute(cell, code, timeout)
        except BaseException as error:  # the kernel must outlive anything a cell does
            self.report(error)
        finally:
            # execute's own finally has stopped the timer: it is never left set outside it.
            self.in_user_code = False
            _send(2, {"t": "sync", "cell": cell})
            # Nothing ran since the sync's flush.
            _send(1, {"t": "done", "cell": cell}, flush=False)

    def execute(self, cell, code, timeout):
        filename = f"<cell-{cell}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        tree = compile(code, filename, "exec", ast.PyCF_ONLY_AST | _COMPILE_FLAGS)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        value = None
        try:
            if timeout > 0:
                signal.setitimer(signal.ITIMER_REAL, timeout)
            self.in_user_code = True
            if tree.body:  # a cell that is one expression has nothing else to run
                self.evaluate(compile(tree, filename, "exec", _COMPILE_FLAGS))
            if last is not None:
                expression = ast.Expression(last.value)
                value = self.evaluate(compile(expression, filename, "eval", _COMPILE_FLAGS))
        finally:
            self.in_user_code = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            shown = self.flush_figures()
        if value is not None and not (id(value) in shown):
            self.module.__dict__["_"] = value
            self.display(value)

    def evaluate(self, code):
        result = eval(code, self.module.__dict__)
        if code.co_flags & _CO_COROUTINE:
            if self.loop is None:
                self.loop = asyncio.new_event_loop()
                asyncio.set_event_loop(self.loop)
            result = self.loop.run_until_complete(result)
        return result

    def _on_alarm(self, signum, frame):
        if self.in_user_code:
            self.in_user_code = False
            raise CellTimeout()

    # ---- errors ---------------------------------------------------------------------------------------
    def report(self, error):
        if isinstance(error, CellTimeout):
            _send(1, {"t": "error", "cell": self.cell, "name": "TimeoutError",
                      "message": "The run passed its time limit and was interrupted.", "traceback": []})
            return
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == _KERNEL_FILE:
            tb = tb.tb_next
        lines = "".join(traceback.format_exception(type(error), error, tb)).rstrip("\n").split("\n")
        _send(1, {"t": "error", "cell": self.cell, "name": type(error).__name__, "message": str(error), "traceback": lines})

    # ---- rich display ---------------------------------------------------------------------------------
    def display(self, *objects):
        """Shows objects as results now, as IPython's display() does."""
        for obj in objects:
            _send(1, {"t": "result", "cell": self.cell, "data": self.bundle(obj)})

    def bundle(self, obj):
        if type(obj) in _PLAIN_TYPES:
            return {"text/plain": repr(obj)}
        data = {}
        if not inspect.isclass(obj):
            figure = self.figure_png(obj)
            if figure is not None:
                data["image/png"] = figure
            mimebundle = _call_repr(obj, "_repr_mimebundle_")
            if isinstance(mimebundle, tuple):
                mimebundle = mimebundle[0]
            if isinstance(mimebundle, dict):
                for mime, value in mimebundle.items():
                    data[mime] = _encode(mime, value)
            for method, mime in _REPR_METHODS:
                if mime not in data:
                    value = _call_repr(obj, method)
                    if isinstance(value, tuple):
                        value = value[0]
                    if value is not None:
                        data[mime] = _encode(mime, value)
            if "application/json" not in data and isinstance(obj, (dict, list)):
                try:
                    data["application/json"] = json.dumps(obj, allow_nan=False)
                except (TypeError, ValueError):
                    pass
        if "text/plain" not in data:
            try:
                data["text/plain"] = pprint.pformat(obj) if isinstance(obj, (dict, list, tuple, set)) else repr(obj)
            except Exception as error:
                data["text/plain"] = f"<repr failed: {type(error).__name__}: {error}>"
        return data

    def figure_png(self, obj):
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return None
        from matplotlib.figure import Figure
        if not isinstance(obj, Figure):
            return None
        buffer = io.BytesIO()
        obj.savefig(buffer, format="png", bbox_inches="tight")
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    def flush_figures(self):
        """Shows every open pyplot figure, then closes them all (what Jupyter's inline backend does)."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return set()
        shown = set()
        for number in pyplot.get_fignums():
            figure = pyplot.figure(number)
            try:
                if figure.get_axes() or figure.texts or figure.images:
                    _send(1, {"t": "result", "cell": self.cell, "data": {
                        "image/png": self.figure_png(figure), "text/plain": repr(figure)}})
            except Exception as error:
                sys.stderr.write(f"Could not render figure {number}: {error}\n")
            shown.add(id(figure))
        pyplot.close("all")
        return shown


_REPR_METHODS = [
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
    ("_repr_latex_", "text/latex"),
    ("_repr_json_", "application/json"),
    ("_repr_javascript_", "application/javascript"),
]


def _call_repr(obj, method):
    function = getattr(type(obj), method, None)
    if function is None:
        return None
    try:
        return getattr(obj, method)()
    except Exception:
        return None


def _encode(mime, value):
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, str):
        return value
    if mime.endswith("json"):
        return json.dumps(value, default=str)
    return str(value)


class _InlineBackendFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Makes `module://sandcastle_inline` a matplotlib backend: Agg canvases, and show() displays the figures."""

    def __init__(self, kernel):
        self.kernel = kernel

    def find_spec(self, name, path=None, target=None):
        return importlib.util.spec_from_loader(name, self) if name == "sandcastle_inline" else None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        from matplotlib.backend_bases import FigureManagerBase
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        kernel = self.kernel

        def show(*args, **kwargs):
            kernel.flush_figures()

        module.FigureCanvas = FigureCanvasAgg
        module.FigureManager = FigureManagerBase
        module.show = show


if __name__ == "__main__":
    Kernel().serve()
