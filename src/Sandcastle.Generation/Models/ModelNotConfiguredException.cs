namespace Sandcastle.Generation.Models;

/// <summary>No API key is configured, so no model can be called.</summary>
public sealed class ModelNotConfiguredException() : Exception(
    "No Anthropic API key is configured. " + ApiKeyHelp.WaysToSet)
{
}
