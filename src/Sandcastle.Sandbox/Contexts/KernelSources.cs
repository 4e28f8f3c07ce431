namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// The kernel scripts, embedded in this assembly, and the request that starts one. The script runs as the
/// snippet, so it is mounted read-only at /run/sandcastle inside: no mount of its own. The JavaScript kernel
/// runs under a bash launcher because it needs a node flag (<c>--expose-internals</c>) that NODE_OPTIONS refuses.
/// </summary>
internal static class KernelSources
{
    private static readonly Lazy<string> PythonKernel = new(() => Read("python_kernel.py"));
    private static readonly Lazy<string> JavaScriptKernel = new(() => Read("js_kernel.sh") + Read("js_kernel.js"));

    public static ExecRequest StartRequest(SandboxLanguage language, string token, SandboxLimits limits, SandboxOptions options)
    {
        var environment = new Dictionary<string, string> { ["SANDCASTLE_KERNEL_TOKEN"] = token };
        var request = language switch
        {
            SandboxLanguage.Python => ExecRequest.ForCode(SandboxLanguage.Python, PythonKernel.Value),
            SandboxLanguage.JavaScript or SandboxLanguage.TypeScript =>
                ExecRequest.ForCode(SandboxLanguage.Bash, JavaScriptKernel.Value),
            _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Code contexts run python, javascript or typescript."),
        };
        if (language is SandboxLanguage.JavaScript or SandboxLanguage.TypeScript)
        {
            environment["SANDCASTLE_KERNEL_LANGUAGE"] = SandboxLanguageNames.ToWireName(language);
            environment["SANDCASTLE_KERNEL_ESBUILD"] = options.EsbuildPath;
        }
        return request with { Environment = environment, Limits = limits };
    }

    private static string Read(string name)
    {
        using var stream = typeof(KernelSources).Assembly.GetManifestResourceStream($"Sandcastle.Sandbox.Contexts.Kernels.{name}")
            ?? throw new InvalidOperationException($"The kernel script {name} is not embedded in the sandbox assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
