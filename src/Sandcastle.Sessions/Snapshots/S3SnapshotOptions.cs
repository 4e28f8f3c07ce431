namespace Sandcastle.Sessions.Snapshots;

/// <summary>An S3-compatible bucket for snapshots ("Snapshots:S3"); set <see cref="Bucket"/> to use it.</summary>
public sealed class S3SnapshotOptions
{
    public string? Bucket { get; set; }

    /// <summary>The endpoint of an S3-compatible service (MinIO, s3rver, ...); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Key prefix inside the bucket.</summary>
    public string Prefix { get; set; } = "sandcastle/";

    /// <summary>Path-style addressing (http://host/bucket/key), which most self-hosted services need.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
