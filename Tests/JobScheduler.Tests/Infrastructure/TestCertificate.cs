using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>A self-signed certificate for server and client authentication, written to a temporary PKCS#12 file.</summary>
public sealed class TestCertificate : IDisposable
{
    /// <summary>Creates a certificate valid from a day ago for a day, saved as a password-protected .pfx file.</summary>
    public TestCertificate(string subject)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        Password = Guid.NewGuid().ToString("N");
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"jobscheduler-{subject}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(Path, created.Export(X509ContentType.Pkcs12, Password));
        Certificate = X509CertificateLoader.LoadPkcs12FromFile(Path, Password);
    }

    /// <summary>The .pfx file.</summary>
    public string Path { get; }

    /// <summary>The file's password.</summary>
    public string Password { get; }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The configuration that turns Orleans TLS on with this certificate, as environment variables.</summary>
    public IReadOnlyDictionary<string, string> TlsEnvironment => new Dictionary<string, string>
    {
        ["Scheduler__Tls__Enabled"] = "true",
        ["Scheduler__Tls__CertificatePath"] = Path,
        ["Scheduler__Tls__CertificatePassword"] = Password,
    };

    /// <summary>Deletes the file.</summary>
    public void Dispose()
    {
        Certificate.Dispose();
        File.Delete(Path);
    }
}
