using System.Text;
using System.Text.Json;
using Sandcastle.Sandbox.Isolation;

namespace Sandcastle.Sandbox.Pooling;

/// <summary>
/// A Python process started ahead of time that waits for its program: one header line on stdin
/// (working directory, environment), then it runs /run/sandcastle/main.py as <c>__main__</c> the way
/// <c>python3 main.py</c> would (same argv, sys.path, tracebacks without the launcher's frame).
/// </summary>
internal static class PythonLauncher
{
    public const string FileName = "launcher.py";

    public const string Source = """
        import os, sys
        def _read_header():
            data = b""
            while not data.endswith(b"\n"):
                chunk = os.read(0, 1)
                if not chunk:
                    os._exit(0)
                data += chunk
            return data
        import json as _json
        _header = _json.loads(_read_header())
        os.chdir(_header["cwd"])
        os.environ.update(_header["env"])
        _path = "/run/sandcastle/main.py"
        sys.argv = [_path]
        sys.path[0] = "/run/sandcastle"
        with open(_path, "rb") as _file:
            _source = _file.read()
        _globals = {"__name__": "__main__", "__file__": _path, "__builtins__": __builtins__, "__doc__": None,
                    "__spec__": None, "__loader__": None, "__package__": None, "__cached__": None}
        try:
            exec(compile(_source, _path, "exec"), _globals)
        except SyntaxError as _error:
            import traceback
            traceback.print_exception(type(_error), _error, None)
            sys.exit(1)
        except Exception as _error:
            import traceback
            traceback.print_exception(type(_error), _error, _error.__traceback__.tb_next)
            sys.exit(1)
        """;

    /// <summary>Whether a request can run in a pre-started interpreter exactly as it would in a fresh one.</summary>
    public static bool CanRun(ExecRequest request) =>
        request is { Language: SandboxLanguage.Python, Code: not null, Command: null }
        && (request.Environment is null || !request.Environment.Keys.Any(k => k.StartsWith("PYTHON", StringComparison.Ordinal)));

    /// <summary>Puts the program where the launcher reads it, and returns the bytes for its stdin.</summary>
    public static ReadOnlyMemory<byte> Prepare(string snippetDirectory, string code, string workingDirectory, ExecRequest request)
    {
        var file = Path.Combine(snippetDirectory, SnippetCommand.FileName(SandboxLanguage.Python));
        File.WriteAllText(file, code, new UTF8Encoding(false));
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["cwd"] = workingDirectory,
            ["env"] = request.Environment ?? new Dictionary<string, string>(),
        });
        var stdin = request.Stdin ?? ReadOnlyMemory<byte>.Empty;
        var bytes = new byte[header.Length + 1 + stdin.Length];
        header.CopyTo(bytes, 0);
        bytes[header.Length] = (byte)'\n';
        stdin.Span.CopyTo(bytes.AsSpan(header.Length + 1));
        return bytes;
    }
}
