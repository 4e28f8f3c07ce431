using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Sandcastle.Sessions.Snapshots;

/// <summary>
/// Snapshots in an S3-compatible bucket, so every node of a cluster reaches every snapshot:
/// <c>&lt;prefix&gt;&lt;tenant&gt;/&lt;id&gt;.tar.gz</c> and its description <c>&lt;id&gt;.json</c>, written after the archive.
/// </summary>
public sealed class S3SnapshotStore(IAmazonS3 s3, S3SnapshotOptions options) : ISnapshotStore, IDisposable
{
    private string Bucket => options.Bucket!;

    /// <summary>A client for <paramref name="options"/>: path-style, and no aws-chunked uploads or optional checksums,
    /// which self-hosted services (s3rver, older MinIO) do not speak.</summary>
    public static IAmazonS3 CreateClient(S3SnapshotOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
            config.ServiceURL = options.ServiceUrl;
        else
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        return options.AccessKey is { Length: > 0 } accessKey
            ? new AmazonS3Client(new BasicAWSCredentials(accessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }

    public async Task<SnapshotInfo> SaveAsync(string tenant, SnapshotInfo snapshot, Func<Stream, CancellationToken, Task> writeArchive, CancellationToken cancellationToken)
    {
        // The archive's length must be known for a plain (unchunked) upload: stage it in a temporary file.
        var staging = Path.Combine(Path.GetTempPath(), $"sandcastle-{snapshot.Id}.tar.gz");
        try
        {
            await using (var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await writeArchive(file, cancellationToken);
            var saved = snapshot with { Size = new FileInfo(staging).Length };
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = Key(tenant, snapshot.Id, ".tar.gz"),
                FilePath = staging,
                ContentType = "application/gzip",
                UseChunkEncoding = false,
            }, cancellationToken);
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = Key(tenant, snapshot.Id, ".json"),
                ContentBody = JsonSerializer.Serialize(saved),
                ContentType = "application/json",
                UseChunkEncoding = false,
            }, cancellationToken);
            return saved;
        }
        finally
        {
            File.Delete(staging);
        }
    }

    public async Task<SnapshotInfo?> GetAsync(string tenant, string snapshotId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(Bucket, Key(tenant, snapshotId, ".json"), cancellationToken);
            return await JsonSerializer.DeserializeAsync<SnapshotInfo>(response.ResponseStream, cancellationToken: cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream?> OpenReadAsync(string tenant, string snapshotId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(Bucket, Key(tenant, snapshotId, ".tar.gz"), cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<List<SnapshotInfo>> ListAsync(string tenant, string sandboxId, CancellationToken cancellationToken)
    {
        var found = new List<SnapshotInfo>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = options.Prefix + SnapshotIds.TenantFolder(tenant) + "/" };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in (page.S3Objects ?? []).Where(o => o.Key.EndsWith(".json", StringComparison.Ordinal)))
            {
                var id = Path.GetFileNameWithoutExtension(item.Key);
                if (SnapshotIds.IsValid(id) && await GetAsync(tenant, id, cancellationToken) is { } info && info.SandboxId == sandboxId)
                    found.Add(info);
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return [.. found.OrderByDescending(s => s.CreatedAt)];
    }

    public async Task<bool> DeleteAsync(string tenant, string snapshotId, CancellationToken cancellationToken)
    {
        var existed = await GetAsync(tenant, snapshotId, cancellationToken) is not null;
        await s3.DeleteObjectAsync(Bucket, Key(tenant, snapshotId, ".json"), cancellationToken);
        await s3.DeleteObjectAsync(Bucket, Key(tenant, snapshotId, ".tar.gz"), cancellationToken);
        return existed;
    }

    private string Key(string tenant, string snapshotId, string extension) =>
        SnapshotIds.IsValid(snapshotId)
            ? $"{options.Prefix}{SnapshotIds.TenantFolder(tenant)}/{snapshotId}{extension}"
            : throw new ArgumentException($"'{snapshotId}' is not a snapshot id.", nameof(snapshotId));

    public void Dispose() => s3.Dispose();
}
