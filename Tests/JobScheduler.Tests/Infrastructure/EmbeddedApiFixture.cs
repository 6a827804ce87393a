using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// The API host (<c>Client.Api</c>'s <see cref="Program"/>) in embedded mode, started once per collection, with the
/// co-hosted silo on free loopback ports so that it never collides with another test host or a developer's silo.
/// </summary>
public sealed class EmbeddedApiFixture : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _root = new();

    /// <summary>The configured factory; its server starts on first use.</summary>
    public WebApplicationFactory<Program> Factory { get; }

    /// <summary>Creates the host with ports chosen for this run.</summary>
    public EmbeddedApiFixture()
    {
        Factory = _root.WithWebHostBuilder(builder => builder.UseFreeSiloPorts().UseTestAuth().UseInMemoryUiApi());
    }

    /// <summary>A client for the in-memory server, sending the admin key (<see cref="TestAuth.AdminKey"/>).</summary>
    public HttpClient CreateClient() => Factory.CreateClient().Authorize();

    /// <summary>A client for the in-memory server that sends no credentials.</summary>
    public HttpClient CreateAnonymousClient() => Factory.CreateClient();

    /// <summary>Starts the host (and its silo) before the first test, so no test pays for, or times, the start-up.</summary>
    public Task InitializeAsync()
    {
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    /// <summary>Stops the host and the silo.</summary>
    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}
