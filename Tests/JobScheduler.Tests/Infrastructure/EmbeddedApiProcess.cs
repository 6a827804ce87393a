using System.Globalization;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// The real API host in embedded mode (a co-hosted silo, in-memory state) as a process, on free loopback ports and with
/// a cluster id of its own (as <see cref="EmbeddedSiloPorts"/> gives an in-process host), for tests that need a real
/// HTTP port: a browser, or anything that must see the host exactly as it runs in production.
/// </summary>
public static class EmbeddedApiProcess
{
    /// <summary>How long <see cref="StartAsync"/> waits for <c>/health/live</c>.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>A process not yet started: its HTTP, silo and gateway ports are free loopback ports.</summary>
    /// <param name="name">For messages, e.g. <c>api-embedded</c>.</param>
    /// <param name="environment">Extra configuration, as <c>Scheduler__Section__Key</c> variables.</param>
    public static HostProcess Create(string name = "api-embedded", IReadOnlyDictionary<string, string>? environment = null)
    {
        var ports = FreePort.Many(3);
        var settings = new Dictionary<string, string>
        {
            ["Scheduler__Cluster__ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Scheduler__Silo__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Scheduler__Silo__GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            settings[key] = value;
        return new HostProcess(name, RepositoryLayout.ApiAssembly, ports[0], settings);
    }

    /// <summary>Creates and starts one (see <see cref="Create"/>); the caller disposes it.</summary>
    public static async Task<HostProcess> StartAsync(string name = "api-embedded", IReadOnlyDictionary<string, string>? environment = null)
    {
        var api = Create(name, environment);
        try
        {
            await api.StartAsync(StartTimeout);
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }
}
