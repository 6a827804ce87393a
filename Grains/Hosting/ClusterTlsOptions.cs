namespace JobScheduler.Grains.Hosting;

/// <summary>
/// TLS on the Orleans connections (<c>Scheduler:Tls</c>): silo to silo, and client (the API) to gateway. Mutual:
/// every side presents a certificate and accepts only a trusted one, so a process without the cluster's certificate
/// cannot join the cluster nor call a grain. Off by default; the ports must then sit on a private network.
/// </summary>
/// <remarks>
/// A remote certificate is trusted when it is this process's own certificate (one certificate shared by the whole
/// deployment is the simplest setup), one of <see cref="TrustedThumbprints"/>, or issued by the CA at
/// <see cref="CaCertificatePath"/>. The operating system's trust store is never used: it would admit any publicly
/// issued certificate. Silos address each other by IP, so the host name in a certificate is not checked.
/// </remarks>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Tls";

    /// <summary>Whether the Orleans connections use TLS. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// This process's certificate and private key, as a PKCS#12 (<c>.pfx</c>) file. Required when enabled. Without an
    /// Extended Key Usage extension, or with both Server and Client Authentication in it. Default: none.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>. Default: none (an unencrypted file).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Thumbprints (SHA-1 or SHA-256, hex) of the other certificates to trust besides this process's own, e.g. the
    /// next certificate during a rotation. Default: none.
    /// </summary>
    public IList<string> TrustedThumbprints { get; set; } = [];

    /// <summary>
    /// A CA certificate (PEM or DER): remote certificates it issued are trusted, so each process may have its own
    /// certificate. Default: none.
    /// </summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Longest a TLS handshake may take before the connection is dropped. Default: 10 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
