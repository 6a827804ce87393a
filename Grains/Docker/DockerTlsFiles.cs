using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.X509;

namespace JobScheduler.Grains.Docker;

/// <summary>
/// The files of <see cref="ContainerOptions.TlsCertPath"/>, Docker's <c>DOCKER_CERT_PATH</c> layout: <c>ca.pem</c>
/// (the CA that signed the engine's certificate), <c>cert.pem</c> and <c>key.pem</c> (the worker's client certificate
/// and its key, PEM).
/// </summary>
internal sealed class DockerTlsFiles : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _client;

    private DockerTlsFiles(X509Certificate2 ca, X509Certificate2 client)
    {
        _ca = ca;
        _client = client;
    }

    /// <summary>Loads the three files; throws when one is missing or unreadable (<see cref="Problem"/> says which).</summary>
    public static DockerTlsFiles Load(string directory)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "ca.pem"));
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(directory, "cert.pem"), Path.Combine(directory, "key.pem"));
        // An ephemeral PEM key cannot be used by SslStream on every platform; a PKCS#12 round trip gives it a usable one.
        var client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        return new DockerTlsFiles(ca, client);
    }

    /// <summary>What is wrong with the directory's files, or null when all three load.</summary>
    public static string? Problem(string directory)
    {
        if (!Directory.Exists(directory))
            return $"names no directory: '{directory}'.";
        var missing = new[] { "ca.pem", "cert.pem", "key.pem" }.Where(f => !File.Exists(Path.Combine(directory, f))).ToList();
        if (missing.Count > 0)
            return $"'{directory}' lacks {string.Join(", ", missing)}.";
        try
        {
            using var files = Load(directory);
            return files._client.HasPrivateKey ? null : $"'{directory}': cert.pem and key.pem do not form a key pair.";
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return $"'{directory}' holds files that do not load as PEM certificates and key: {e.Message}";
        }
    }

    /// <summary>
    /// Credentials that present the client certificate and accept only an engine certificate that chains to
    /// <c>ca.pem</c> and names the endpoint's host.
    /// </summary>
    public CertificateCredentials Credentials() => new(_client) { ServerCertificateValidationCallback = ValidateEngine };

    private bool ValidateEngine(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // A chain error is expected (the CA is not in the machine's store); a missing certificate or a wrong name is not.
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return false;
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.Add(_ca);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var engine = new X509Certificate2(certificate);
        return own.Build(engine);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _client.Dispose();
    }
}
