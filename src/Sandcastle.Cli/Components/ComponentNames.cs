using System.Text.RegularExpressions;

namespace Sandcastle.Cli.Components;

/// <summary>Component names: <c>name</c> or <c>category/name</c>, letters, digits, '-', '_' and '.'.</summary>
public static partial class ComponentNames
{
    /// <summary>Whether the name can be looked up without leaving a source's folder (no '..', no absolute paths).</summary>
    public static bool IsSafe(string name) => Pattern().IsMatch(name) && !name.Split('/').Any(part => part is "." or "..");

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")]
    private static partial Regex Pattern();
}
