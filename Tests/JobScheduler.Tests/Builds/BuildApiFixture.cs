using JobScheduler.Grains.Builds;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Builds;

/// <summary>
/// The API in embedded mode, with a real Docker engine, configured for builds against a local server: plain http and
/// loopback allowed by the outbound guard (as only tests do), <c>denied.example</c> denied, a 5 s fetch timeout and a
/// 16 KiB Dockerfile cap; and the <see cref="BuildServer"/> itself.
/// </summary>
public sealed class BuildApiFixture : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _root = new();

    /// <summary>The configured factory.</summary>
    public WebApplicationFactory<Program> Factory { get; }

    /// <summary>The local server the Dockerfiles come from.</summary>
    public BuildServer Server { get; private set; } = null!;

    /// <summary>Creates the host.</summary>
    public BuildApiFixture()
    {
        Factory = _root.WithWebHostBuilder(builder => builder.UseFreeSiloPorts().UseTestAuth()
            .UseSetting("Scheduler:Outbound:AllowHttp", "true")
            .UseSetting("Scheduler:Outbound:AllowLoopback", "true")
            .UseSetting("Scheduler:Outbound:DeniedHosts:0", "denied.example")
            .UseSetting("Scheduler:Outbound:Timeout", "00:00:05")
            .UseSetting("Scheduler:Outbound:ConnectTimeout", "00:00:02")
            .UseSetting("Scheduler:Builds:MaxDockerfileBytes", "16384")
            .UseSetting("Scheduler:Builds:Timeout", "00:02:00"));
    }

    /// <summary>A client sending the admin key.</summary>
    public HttpClient CreateClient() => Factory.CreateClient().Authorize();

    /// <summary>How many builds the co-hosted silo's worker has run on the engine.</summary>
    public long BuildCount => Factory.Services.GetRequiredService<ImageBuilder>().BuildCount;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Server = await BuildServer.StartAsync();
        _ = Factory.Server;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _root.DisposeAsync();
        await Server.DisposeAsync();
    }
}
