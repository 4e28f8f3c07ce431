using Microsoft.Extensions.Options;

namespace Sandcastle.Sandbox;

/// <summary>Refuses configured default and tenant limits out of their usable range at start, naming the setting.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options) =>
        (SandboxLimitRanges.Problem(options.DefaultLimits, member => $"{SandboxOptions.SectionName}:{nameof(SandboxOptions.DefaultLimits)}:{member}")
            ?? options.Tenants.Problem(options.DefaultLimits, $"{SandboxOptions.SectionName}:{nameof(SandboxOptions.Tenants)}")) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
}
