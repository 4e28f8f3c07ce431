namespace Sandcastle.Generation;

/// <summary>A request's settings with the configured defaults filled in.</summary>
internal sealed record ExecutionPlan(string Model, int MaxTokens, TimeSpan Timeout, int MaxAttempts)
{
    public static ExecutionPlan From(ExecutionRequest request, GenerationOptions settings)
    {
        var timeout = request.Timeout ?? settings.Timeout;
        if (timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(request), timeout, "The timeout must be positive.");
        return new ExecutionPlan(
            string.IsNullOrWhiteSpace(request.Model) ? settings.Model : request.Model,
            Positive(request.MaxTokens ?? settings.MaxTokens, "max tokens"),
            timeout,
            Positive(request.MaxAttempts ?? settings.MaxAttempts, "max attempts"));
    }

    private static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"The {name} must be at least 1.");
}
