using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// Mutual TLS on the Orleans connections from <see cref="ClusterTlsOptions"/> (<c>Scheduler:Tls</c>): the silo's
/// silo-to-silo and gateway ports, and a client's connections to the gateways. Both sides require a certificate
/// and accept only a trusted one, so a process that reaches the ports without the cluster's certificate can
/// neither join nor call a grain.
/// </summary>
public static class ClusterTls
{
    /// <summary>
    /// Turns TLS on for the silo's inbound (silo and gateway) and outbound (silo) connections when
    /// <c>Scheduler:Tls:Enabled</c> is true; otherwise does nothing. Safe to call twice.
    /// </summary>
    /// <exception cref="OptionsValidationException">TLS is enabled but its options are invalid (every problem is listed).</exception>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (Register(silo.Services, configuration) is not { } tls)
            return silo;
        var certificate = LoadCertificate(tls);
        return silo.UseTls(certificate, options => Configure(options, tls, certificate));
    }

    /// <summary>
    /// Turns TLS on for an Orleans client's gateway connections when <c>Scheduler:Tls:Enabled</c> is true, presenting
    /// the configured certificate; otherwise does nothing. Safe to call twice.
    /// </summary>
    /// <exception cref="OptionsValidationException">TLS is enabled but its options are invalid (every problem is listed).</exception>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (Register(client.Services, configuration) is not { } tls)
            return client;
        var certificate = LoadCertificate(tls);
        return client.UseTls(certificate, options =>
        {
            Configure(options, tls, certificate);
            // The gateways require a client certificate: always present ours.
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        });
    }

    /// <summary>
    /// Whether <paramref name="remote"/> is trusted: <paramref name="own"/>, one of the trusted thumbprints, or issued
    /// by <paramref name="ca"/>; and within its validity period at <paramref name="now"/>.
    /// </summary>
    internal static bool IsTrusted(X509Certificate2 remote, X509Certificate2 own, IReadOnlyCollection<string> thumbprints, X509Certificate2? ca, X509Chain? presented, DateTimeOffset now)
    {
        if (now < remote.NotBefore.ToUniversalTime() || now > remote.NotAfter.ToUniversalTime())
            return false;
        if (remote.RawDataMemory.Span.SequenceEqual(own.RawDataMemory.Span))
            return true;
        var sha1 = remote.GetCertHashString(HashAlgorithmName.SHA1);
        var sha256 = remote.GetCertHashString(HashAlgorithmName.SHA256);
        if (thumbprints.Any(t => string.Equals(t, sha1, StringComparison.OrdinalIgnoreCase) || string.Equals(t, sha256, StringComparison.OrdinalIgnoreCase)))
            return true;
        return ca is not null && IsIssuedBy(remote, ca, presented);
    }

    private static bool IsIssuedBy(X509Certificate2 remote, X509Certificate2 ca, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the peer sent may complete the path to the CA.
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return chain.Build(remote);
    }

    private static ClusterTlsOptions? Register(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var tls = configuration.GetSection(ClusterTlsOptions.SectionName).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        if (!tls.Enabled || services.Any(d => d.ServiceType == typeof(ClusterTlsOptions)))
            return null;
        // The connections are built from these options now, so they are checked now, not at start.
        var result = new ClusterTlsOptionsValidator().Validate(null, tls);
        if (result.Failed)
            throw new OptionsValidationException(ClusterTlsOptions.SectionName, typeof(ClusterTlsOptions), result.Failures);
        services.AddSingleton(tls);
        return tls;
    }

    private static X509Certificate2 LoadCertificate(ClusterTlsOptions tls)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath!, tls.CertificatePassword);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException($"{ClusterTlsOptions.SectionName}:CertificatePath '{tls.CertificatePath}' holds no private key.");
            return certificate;
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"{ClusterTlsOptions.SectionName}:CertificatePath '{tls.CertificatePath}' could not be read as a PKCS#12 (.pfx) file with the given password: {e.Message}", e);
        }
    }

    private static void Configure(TlsOptions options, ClusterTlsOptions tls, X509Certificate2 own)
    {
        var ca = tls.CaCertificatePath is { } path ? X509CertificateLoader.LoadCertificateFromFile(path) : null;
        string[] thumbprints = [.. tls.TrustedThumbprints];
        options.LocalCertificate = own;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.HandshakeTimeout = tls.HandshakeTimeout;
        // Our own decision replaces the platform's: its trust store would admit any publicly issued certificate, and
        // silos are reached by IP, so a host-name mismatch says nothing.
        options.RemoteCertificateValidation = (remote, chain, _) =>
            IsTrusted(remote, own, thumbprints, ca, chain, TimeProvider.System.GetUtcNow());
    }
}
