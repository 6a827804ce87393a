using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
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
        await using var engine = await StartEngineAsync();

        var result = await engine.Runtime().RunAsync(Launch(["echo", "over mutual TLS"]), NoOpStarted, CancellationToken.None);

        Assert.Null(result.FailureReason);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("over mutual TLS\n", result.Logs.Stdout);
    }

    [Fact]
    public async Task Client_CertificateFromAnotherAuthority_IsRefusedByTheEngine()
    {
        using var stranger = TestPki.CreateAuthority("stranger");
        await using var engine = await StartEngineAsync(clientAuthority: stranger);

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => engine.Client.System.PingAsync());
        Assert.Contains("bad certificate", error.InnerException?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_EngineCertificateFromAnotherAuthority_IsNotTrusted()
    {
        using var stranger = TestPki.CreateAuthority("stranger");
        await using var engine = await StartEngineAsync(trustedAuthority: stranger);

        var error = await Assert.ThrowsAsync<AuthenticationException>(() => engine.Client.System.PingAsync());
        Assert.Contains("RemoteCertificateValidationCallback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_EngineCertificateNotTrusted_FailsTheAttemptAsDockerUnavailable()
    {
        using var stranger = TestPki.CreateAuthority("stranger");
        await using var engine = await StartEngineAsync(trustedAuthority: stranger);

        var result = await engine.Runtime().RunAsync(Launch(["echo", "never"]), NoOpStarted, CancellationToken.None);

        Assert.Equal($"docker-unavailable: {engine.Endpoint}", result.FailureReason);
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
    /// A private engine that requires mutual TLS, and the product's Docker client wired to it by configuration; see
    /// <see cref="WritePki"/> for the two authorities.
    /// </summary>
    private async Task<TlsEngine> StartEngineAsync(X509Certificate2? clientAuthority = null, X509Certificate2? trustedAuthority = null)
    {
        var pki = WritePki(clientAuthority, trustedAuthority);
        var engine = await PrivateDockerEngine.StartAsync(docker.Client, DockerEngineFixture.Image, pki.EngineArguments);
        return new TlsEngine(pki.Endpoint, engine, Services(pki.Endpoint, pki.ClientDirectory));
    }

    /// <summary>
    /// One CA signs the engine's certificate; the client's comes from <paramref name="clientAuthority"/> (default: that
    /// CA), and the client trusts <paramref name="trustedAuthority"/> (default: that CA).
    /// </summary>
    private Pki WritePki(X509Certificate2? clientAuthority, X509Certificate2? trustedAuthority)
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

    private sealed record TlsEngine(string Endpoint, PrivateDockerEngine Engine, ServiceProvider Services) : IAsyncDisposable
    {
        public IDockerClient Client => Services.GetRequiredService<IDockerClient>();

        public DockerContainerRuntime Runtime() => DockerTestRuns.Runtime(Client, Services.GetRequiredService<IOptions<ContainerOptions>>().Value);

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Engine.DisposeAsync();
        }
    }
}
