using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// Embedded-mode API hosts that a test class starts with settings of their own (free silo ports, the test keys), each
/// disposed with the class: for tests that need a host configured differently from the shared fixture's.
/// </summary>
public sealed class EmbeddedHosts : IAsyncDisposable
{
    private readonly List<WebApplicationFactory<Program>> _hosts = [];

    /// <summary>A host with <paramref name="settings"/> (configuration keys) on top of the test defaults; started on first use.</summary>
    public WebApplicationFactory<Program> Create(params (string Key, string Value)[] settings)
    {
        var root = new WebApplicationFactory<Program>();
        var host = root.WithWebHostBuilder(builder =>
        {
            builder.UseFreeSiloPorts().UseTestAuth();
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        });
        _hosts.Add(root);
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        // The derived host first, then the factory it came from.
        foreach (var host in Enumerable.Reverse(_hosts))
            await host.DisposeAsync();
    }
}
