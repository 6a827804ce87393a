using JobScheduler.Client.Api.Shutdown;
using JobScheduler.Grains.Workers;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JobScheduler.Tests.Hosting;

/// <summary>
/// Embedded mode's own defaults (no drain, no readiness delay on stop) are option defaults that configuration overrides,
/// not hand-read keys.
/// </summary>
public sealed class EmbeddedModeDefaultsTests : IAsyncDisposable
{
    private readonly EmbeddedHosts _hosts = new();

    [Fact]
    public void EmbeddedApi_NothingConfigured_StopsAtOnce()
    {
        var services = Host().Services;

        Assert.Equal(TimeSpan.Zero, services.GetRequiredService<IOptions<WorkerOptions>>().Value.DrainTimeout);
        Assert.Equal(TimeSpan.Zero, services.GetRequiredService<IOptions<ShutdownOptions>>().Value.ReadinessDelay);
        Assert.Equal(new ShutdownOptions().RequestDrainTimeout, services.GetRequiredService<IOptions<ShutdownOptions>>().Value.RequestDrainTimeout);
    }

    [Fact]
    public void EmbeddedApi_DrainAndReadinessConfigured_ConfigurationWins()
    {
        var services = Host(
            ($"{WorkerOptions.SectionName}:DrainTimeout", "00:00:07"),
            ($"{ShutdownOptions.SectionName}:ReadinessDelay", "00:00:03")).Services;

        Assert.Equal(TimeSpan.FromSeconds(7), services.GetRequiredService<IOptions<WorkerOptions>>().Value.DrainTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), services.GetRequiredService<IOptions<ShutdownOptions>>().Value.ReadinessDelay);
        Assert.True(services.GetRequiredService<IOptions<WorkerOptions>>().Value.RemoveContainersOfUnknownSilos);
    }

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();

    private WebApplicationFactory<Program> Host(params (string Key, string Value)[] settings) => _hosts.Create(settings);
}
