using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JobScheduler.Grains.Hosting;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Hosting;

/// <summary>Which remote certificates the Orleans TLS trusts, and what its options refuse.</summary>
public sealed class ClusterTlsTrustTests : IDisposable
{
    private readonly TestCertificate _own = new("own");
    private readonly TestCertificate _stranger = new("stranger");

    public void Dispose()
    {
        _own.Dispose();
        _stranger.Dispose();
    }

    [Fact]
    public void IsTrusted_OwnCertificate_True() =>
        Assert.True(ClusterTls.IsTrusted(_own.Certificate, _own.Certificate, [], ca: null, presented: null, DateTimeOffset.UtcNow));

    [Fact]
    public void IsTrusted_StrangerCertificate_False() =>
        Assert.False(ClusterTls.IsTrusted(_stranger.Certificate, _own.Certificate, [], ca: null, presented: null, DateTimeOffset.UtcNow));

    [Theory]
    [InlineData("SHA1")]
    [InlineData("SHA256")]
    public void IsTrusted_PinnedThumbprint_True(string algorithm)
    {
        var thumbprint = _stranger.Certificate.GetCertHashString(new HashAlgorithmName(algorithm)).ToLowerInvariant();
        Assert.True(ClusterTls.IsTrusted(_stranger.Certificate, _own.Certificate, [thumbprint], ca: null, presented: null, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void IsTrusted_OwnCertificateOutsideItsValidity_False() =>
        Assert.False(ClusterTls.IsTrusted(_own.Certificate, _own.Certificate, [], ca: null, presented: null, DateTimeOffset.UtcNow.AddDays(3)));

    [Fact]
    public void IsTrusted_IssuedByConfiguredCa_TrueAndOtherCaFalse()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(10));
        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=silo-7", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var leaf = leafRequest.Create(ca, now.AddHours(-1), now.AddDays(1), [1, 2, 3, 4]);

        Assert.True(ClusterTls.IsTrusted(leaf, _own.Certificate, [], ca, presented: null, now));
        Assert.False(ClusterTls.IsTrusted(leaf, _own.Certificate, [], _stranger.Certificate, presented: null, now));
    }

    [Fact]
    public void Validate_EnabledWithoutCertificateAndBadThumbprint_ReportsEach()
    {
        var result = new ClusterTlsOptionsValidator().Validate(null, new ClusterTlsOptions
        {
            Enabled = true,
            TrustedThumbprints = ["not-hex"],
            CaCertificatePath = "/nonexistent/ca.pem",
            HandshakeTimeout = TimeSpan.Zero,
        });

        var failures = Assert.IsAssignableFrom<IEnumerable<string>>(result.Failures).ToArray();
        Assert.Contains(failures, f => f.Contains("Scheduler:Tls:CertificatePath", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Scheduler:Tls:TrustedThumbprints", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Scheduler:Tls:CaCertificatePath", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Scheduler:Tls:HandshakeTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Disabled_Succeeds() =>
        Assert.True(new ClusterTlsOptionsValidator().Validate(null, new ClusterTlsOptions { CertificatePath = null }).Succeeded);
}
