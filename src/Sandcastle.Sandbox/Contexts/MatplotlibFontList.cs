namespace Sandcastle.Sandbox.Contexts;

/// <summary>matplotlib's font list file: its name (e.g. <c>fontlist-v330.json</c>) and JSON content.</summary>
public sealed record MatplotlibFontList(string FileName, string Json);
