namespace Sandcastle.Sessions.Sandboxes;

/// <summary>Checks what clients send before it is stored, so a bad name fails at once with a clear message.</summary>
internal static class SettingsValidation
{
    private const int MaxLabels = 64;
    private const int MaxLabelLength = 256;

    public static void Environment(IReadOnlyDictionary<string, string>? environment)
    {
        // Refused as it is set: accepted, it would fail every execution after.
        if (Sandbox.Sandbox.EnvironmentTooLarge(environment) is { } tooLarge)
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, tooLarge);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"Invalid environment variable name '{name}': use letters, digits and '_', not starting with a digit.");
            if (value is null || value.Contains('\0'))
                throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"Environment variable '{name}' needs a value without NUL characters.");
        }
    }

    public static void Labels(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
            return;
        if (labels.Count > MaxLabels)
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"At most {MaxLabels} labels.");
        foreach (var (name, value) in labels)
        {
            if (name.Length is 0 or > MaxLabelLength || value is null || value.Length > MaxLabelLength)
                throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"Label names and values are 1-{MaxLabelLength} characters.");
        }
    }

    public static TimeSpan SleepAfter(TimeSpan sleepAfter) =>
        sleepAfter >= TimeSpan.FromSeconds(1) && sleepAfter <= TimeSpan.FromDays(30)
            ? sleepAfter
            : throw new SandboxRequestException(SandboxErrorKind.BadRequest, "'sleepAfter' must be between 1 second and 30 days.");
}
