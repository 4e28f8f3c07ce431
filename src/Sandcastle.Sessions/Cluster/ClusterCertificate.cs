using Sandcastle.Sessions.Hosting;

namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// The certificate a cluster's nodes share: each node pins it (same bytes) for every silo-to-silo connection, both
/// ways, so only a process holding this file (root-only, 0600) can join the cluster or call its grains.
/// </summary>
public static class ClusterCertificate
{
    /// <summary>Writes a new certificate to <paramref name="path"/>; false if the file already exists (it is never overwritten).</summary>
    public static bool TryCreate(string path)
    {
        if (File.Exists(path))
            return false;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        SiloCertificate.Create(path);
        return true;
    }
}
