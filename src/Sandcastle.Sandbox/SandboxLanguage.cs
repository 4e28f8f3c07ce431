namespace Sandcastle.Sandbox;

/// <summary>A language whose snippets the sandbox can run.</summary>
public enum SandboxLanguage
{
    Python,
    JavaScript,
    TypeScript,
    Bash,
}
