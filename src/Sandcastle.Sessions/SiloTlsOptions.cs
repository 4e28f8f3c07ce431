namespace Sandcastle.Sessions;

/// <summary>
/// The certificate the silo presents and demands on its silo port ("Sessions:Tls"). Without a path, the server
/// makes a self-signed one on first start under the data root (<c>silo/silo.pfx</c>, root-only) and accepts only
/// peers presenting that same certificate. A cluster gives every silo the same operator-provided file instead.
/// </summary>
public sealed class SiloTlsOptions
{
    /// <summary>A PKCS#12 file with the certificate and its private key; empty: the per-install one.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password, if it has one.</summary>
    public string? CertificatePassword { get; set; }
}
