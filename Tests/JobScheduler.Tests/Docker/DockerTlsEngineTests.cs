using System.Security.Authentication;
using Docker.DotNet;
using JobScheduler.Grains.Docker;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static JobScheduler.Tests.Docker.DockerTestRuns;

namespace JobScheduler.Tests.Docker;

/// <summary>
/// A worker reaching an engine that requires mutual TLS (<c>dockerd --tlsverify</c> on a TCP port) through
/// <c>Scheduler:Containers:TlsCertPath</c>: the client built by the product's own wiring runs a container, and neither
/// side accepts a certificate its CA did not sign. Each test owns a private dockerd and a throw-away CA.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerTlsEngineTests(DockerEngineFixture docker) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("js-docker-tls-").FullName;

    [Fact]
    public async Task Runtime_EngineRequiringMutualTls_RunsContainerWithTheClientCertificate()
    {
        var pki = WritePki(clientAuthority: null, trustedAuthority: null);
        await using var engine = await PrivateDockerEngine.StartAsync(docker.Client, DockerEngineFixture.Image, pki.EngineArguments);

        using var services = Services(pki.Endpoint, pki.ClientDirectory);
        var options = services.GetRequiredService<IOptions<ContainerOptions>>().Value;
        var runtime = Runtime(services.GetRequiredService<IDockerClient>(), options);
        var result = await runtime.RunAsync(Launch(["echo", "over mutual TLS"]), NoOpStarted, CancellationToken.None);

        Assert.Null(result.FailureReason);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("over mutual TLS\n", result.Logs.Stdout);
    }

    [Fact]
    public async Task Client_CertificateFromAnotherAuthority_IsRefusedByTheEngine()
    {
        using var stranger = TestPki.CreateAuthority("stranger");
        var pki = WritePki(clientAuthority: stranger, trustedAuthority: null);
        await using var engine = await PrivateDockerEngine.StartAsync(docker.Client, DockerEngineFixture.Image, pki.EngineArguments);

        using var services = Services(pki.Endpoint, pki.ClientDirectory);
        var client = services.GetRequiredService<IDockerClient>();

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.System.PingAsync());
        Assert.Contains("bad certificate", error.InnerException?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_EngineCertificateFromAnotherAuthority_IsNotTrusted()
    {
        using var stranger = TestPki.CreateAuthority("stranger");
        var pki = WritePki(clientAuthority: null, trustedAuthority: stranger);
        await using var engine = await PrivateDockerEngine.StartAsync(docker.Client, DockerEngineFixture.Image, pki.EngineArguments);

        using var services = Services(pki.Endpoint, pki.ClientDirectory);
        var client = services.GetRequiredService<IDockerClient>();

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => client.System.PingAsync());
        Assert.Contains("RemoteCertificateValidationCallback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_EngineCertificateNotTrusted_FailsTheAttemptAsDockerUnavailable()
    {
        using var stranger = TestPki.CreateAuthority("stranger");
        var pki = WritePki(clientAuthority: null, trustedAuthority: stranger);
        await using var engine = await PrivateDockerEngine.StartAsync(docker.Client, DockerEngineFixture.Image, pki.EngineArguments);

        using var services = Services(pki.Endpoint, pki.ClientDirectory);
        var options = services.GetRequiredService<IOptions<ContainerOptions>>().Value;
        var runtime = Runtime(services.GetRequiredService<IDockerClient>(), options);
        var result = await runtime.RunAsync(Launch(["echo", "never"]), NoOpStarted, CancellationToken.None);

        Assert.Equal($"docker-unavailable: {pki.Endpoint}", result.FailureReason);
    }

    [Fact]
    public void Start_TlsCertPathWithoutItsFiles_FailsNamingTheKey()
    {
        using var services = Services("tcp://127.0.0.1:2376", Path.Combine(_directory, "missing"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ContainerOptions>>().Value);
        Assert.Contains("Scheduler:Containers:TlsCertPath", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ServiceProvider Services(string endpoint, string tlsCertPath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scheduler:Containers:DockerEndpoint"] = endpoint,
            ["Scheduler:Containers:TlsCertPath"] = tlsCertPath,
        }).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddDockerContainerRuntime().BuildServiceProvider();
    }

    /// <summary>
    /// One CA signs the engine's certificate; the client's comes from <paramref name="clientAuthority"/> (default: that
    /// CA), and the client trusts <paramref name="trustedAuthority"/> (default: that CA).
    /// </summary>
    private Pki WritePki(System.Security.Cryptography.X509Certificates.X509Certificate2? clientAuthority, System.Security.Cryptography.X509Certificates.X509Certificate2? trustedAuthority)
    {
        using var authority = TestPki.CreateAuthority("jobscheduler-test-ca");
        using var server = TestPki.Issue(authority, "engine", server: true);
        using var client = TestPki.Issue(clientAuthority ?? authority, "worker", server: false);
        var engineDirectory = Directory.CreateDirectory(Path.Combine(_directory, "engine")).FullName;
        var clientDirectory = Directory.CreateDirectory(Path.Combine(_directory, "client")).FullName;
        TestPki.Write(authority, Path.Combine(engineDirectory, "ca.pem"));
        TestPki.Write(server, Path.Combine(engineDirectory, "cert.pem"), Path.Combine(engineDirectory, "key.pem"));
        TestPki.Write(trustedAuthority ?? authority, Path.Combine(clientDirectory, "ca.pem"));
        TestPki.Write(client, Path.Combine(clientDirectory, "cert.pem"), Path.Combine(clientDirectory, "key.pem"));

        var port = FreePort.Next();
        return new Pki(
            $"tcp://127.0.0.1:{port}",
            clientDirectory,
            ["--host", $"tcp://127.0.0.1:{port}", "--tlsverify",
             "--tlscacert", Path.Combine(engineDirectory, "ca.pem"),
             "--tlscert", Path.Combine(engineDirectory, "cert.pem"),
             "--tlskey", Path.Combine(engineDirectory, "key.pem")]);
    }

    private sealed record Pki(string Endpoint, string ClientDirectory, IReadOnlyList<string> EngineArguments);
}
