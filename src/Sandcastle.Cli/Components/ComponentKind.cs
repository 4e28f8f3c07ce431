namespace Sandcastle.Cli.Components;

/// <summary>The two Claude Code component types Sandcastle applies to a run.</summary>
public enum ComponentKind
{
    Agent,
    Command,
}
