using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sandcastle.Sessions.Hosting;

/// <summary>
/// The silo's TLS identity. Peers are pinned: a remote certificate is accepted only if it is this very certificate
/// (same bytes), not because some authority signed it, so nothing else on the machine, sandboxed code with host
/// networking included, can join the silo or call grains through it.
/// </summary>
internal static class SiloCertificate
{
    private const string SubjectName = "CN=sandcastle-silo";

    /// <summary>The name outbound connections ask for; validation pins the certificate, so it is only a label.</summary>
    public const string TargetHost = "sandcastle-silo";

    /// <summary>The configured certificate, or the install's own (made now if there is none yet).</summary>
    public static X509Certificate2 Load(SiloTlsOptions options, string dataRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
            return X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        var directory = Path.Combine(dataRoot, "silo");
        var path = Path.Combine(directory, "silo.pfx");
        Directory.CreateDirectory(directory);
        // Root-only: the key must stay out of every sandbox's and every other user's reach.
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(path))
            Create(path);
        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
    }

    /// <summary>Accepts exactly <paramref name="pinned"/>; chain and name errors are expected of a self-signed certificate.</summary>
    public static bool IsPinned(X509Certificate2 pinned, X509Certificate2 remote, X509Chain? chain, SslPolicyErrors errors) =>
        remote.RawDataMemory.Span.SequenceEqual(pinned.RawDataMemory.Span);

    /// <summary>Writes a new certificate (key included, mode 0600) to <paramref name="path"/>; an existing file is kept.</summary>
    public static void Create(string path)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(SubjectName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var alternativeNames = new SubjectAlternativeNameBuilder();
        alternativeNames.AddDnsName(TargetHost);
        request.CertificateExtensions.Add(alternativeNames.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        // Created 0600 (not chmod'ed after): the key is never readable by anyone else, not even for a moment.
        using (var file = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            file.Write(certificate.Export(X509ContentType.Pkcs12));
        }
        // Two servers starting at once on one data root: the first one's certificate wins, both use it.
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
