using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Schedules;

/// <summary>An embedded API host where each principal may hold two schedules (<c>Scheduler:Auth:Quotas:MaxSchedules</c> = 2).</summary>
public sealed class ScheduleQuotaFixture : IAsyncLifetime
{
    /// <summary>The quota the host is configured with.</summary>
    public const int MaxSchedules = 2;

    /// <summary>The Retry-After the host is configured with.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(7);

    private readonly WebApplicationFactory<Program> _root = new();

    /// <summary>Creates the host with the quota and free silo ports.</summary>
    public ScheduleQuotaFixture()
    {
        Factory = _root.WithWebHostBuilder(builder => builder
            .UseFreeSiloPorts()
            .UseTestAuth()
            .UseSetting("Scheduler:Auth:Quotas:MaxSchedules", MaxSchedules.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Scheduler:Auth:Quotas:RetryAfter", RetryAfter.ToString()));
    }

    /// <summary>The configured factory.</summary>
    public WebApplicationFactory<Program> Factory { get; }

    /// <summary>A client sending the admin key.</summary>
    public HttpClient CreateClient() => Factory.CreateAdminClient();

    /// <summary>A client sending no credentials (give it a key with <see cref="TestAuth.Authorize"/>).</summary>
    public HttpClient CreateAnonymousClient() => Factory.CreateClient();

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
