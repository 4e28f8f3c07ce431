namespace Sandcastle.Generation.Models;

/// <summary>One item of a streamed model reply.</summary>
public abstract record ModelStreamEvent;
