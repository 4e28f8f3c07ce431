using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Sandcastle.Sessions.Snapshots;

public static class SnapshotServiceCollectionExtensions
{
    /// <summary>The snapshot store: a local directory unless "Snapshots:S3:Bucket" names a bucket.</summary>
    public static IServiceCollection AddSandcastleSnapshots(this IServiceCollection services)
    {
        services.AddOptions<SnapshotOptions>()
            .BindConfiguration(SnapshotOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ISnapshotStore>(sp =>
            sp.GetRequiredService<IOptions<SnapshotOptions>>().Value.S3 is { Bucket.Length: > 0 } s3
                ? new S3SnapshotStore(S3SnapshotStore.CreateClient(s3), s3)
                : ActivatorUtilities.CreateInstance<LocalSnapshotStore>(sp));
        return services;
    }
}
