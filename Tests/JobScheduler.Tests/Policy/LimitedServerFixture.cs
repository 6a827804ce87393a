using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Policy;

/// <summary>
/// An embedded API host whose server policy is tighter than the defaults: 2048 MiB, one-hour timeouts, Docker Hub's
/// official images plus a listed loopback registry, and schedules at least 5 seconds apart.
/// </summary>
public sealed class LimitedServerFixture : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _root = new();

    /// <summary>Creates the host with its policy and free silo ports.</summary>
    public LimitedServerFixture()
    {
        Factory = _root.WithWebHostBuilder(builder => builder
            .UseFreeSiloPorts()
            .UseTestAuth()
            .UseSetting("Scheduler:Limits:MaxMemoryMb", "2048")
            .UseSetting("Scheduler:Limits:MaxTimeout", "01:00:00")
            .UseSetting("Scheduler:Images:Allowed:0", "docker.io/library/*")
            .UseSetting("Scheduler:Images:Allowed:1", "127.0.0.1:*/**")
            .UseSetting("Scheduler:Images:AllowedPrivateRegistries:0", "127.0.0.1")
            .UseSetting("Scheduler:Schedules:MinCronInterval", "00:00:05"));
    }

    /// <summary>The configured factory.</summary>
    public WebApplicationFactory<Program> Factory { get; }

    /// <summary>A client for the in-memory server.</summary>
    public HttpClient CreateClient() => Factory.CreateAdminClient();

    /// <summary>Starts the host before the first test.</summary>
    public Task InitializeAsync()
    {
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    /// <summary>Stops the host and its silo.</summary>
    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}
