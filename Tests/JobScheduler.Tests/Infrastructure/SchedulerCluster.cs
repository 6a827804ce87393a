using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// A cluster-mode deployment as real processes: N silos and one API, on a Redis, with an identity
/// (cluster id, service id, key prefix) of its own so tests sharing a Redis never see each other.
/// Ports stay the same across restarts, as on a real host.
/// </summary>
public sealed class SchedulerCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>JSON as the API writes it: camelCase, enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <param name="redisConnectionString">The Redis every process uses.</param>
    /// <param name="silos">How many silo processes.</param>
    /// <param name="workerSlots">Containers each silo's worker runs at once; null leaves <c>Scheduler:Worker:Slots</c> unset (automatic).</param>
    /// <param name="environment">
    /// Extra configuration for every process (silos and API), e.g. short leases and fast failure detection for fault tests.
    /// </param>
    public SchedulerCluster(string redisConnectionString, int silos, int? workerSlots = 4, IReadOnlyDictionary<string, string>? environment = null)
    {
        ClusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
        RedisConnectionString = redisConnectionString;
        var common = new Dictionary<string, string>
        {
            ["Scheduler__Redis__ConnectionString"] = redisConnectionString,
            ["Scheduler__Redis__KeyPrefix"] = ClusterId,
            ["Scheduler__Cluster__ClusterId"] = ClusterId,
            ["Scheduler__Cluster__ServiceId"] = ClusterId,
        };
        if (workerSlots is { } slots)
            common["Scheduler__Worker__Slots"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            common[key] = value;
        SiloPorts = Enumerable.Range(0, silos).Select(_ => FreePort.Next()).ToArray();
        Silos = SiloPorts.Select((port, i) => new HostProcess($"silo-{i + 1}", RepositoryLayout.SiloAssembly, FreePort.Next(), new Dictionary<string, string>(common)
        {
            ["Scheduler__Silo__SiloPort"] = port.ToString(),
            ["Scheduler__Silo__GatewayPort"] = FreePort.Next().ToString(),
        })).ToArray();
        Api = new HostProcess("api", RepositoryLayout.ApiAssembly, FreePort.Next(), common);
        _common = common;
    }

    private readonly Dictionary<string, string> _common;

    /// <summary>
    /// Another API process of this cluster (same configuration, its own port), not started; the caller starts and
    /// disposes it.
    /// </summary>
    public HostProcess NewApi(string name) => new(name, RepositoryLayout.ApiAssembly, FreePort.Next(), _common);

    /// <summary>The cluster id (also its service id and Redis key prefix).</summary>
    public string ClusterId { get; }

    /// <summary>The Redis it runs on.</summary>
    public string RedisConnectionString { get; }

    /// <summary>Each silo's silo-to-silo port (part of its worker id, <c>127.0.0.1:port@generation</c>).</summary>
    public IReadOnlyList<int> SiloPorts { get; }

    /// <summary>The silo processes.</summary>
    public IReadOnlyList<HostProcess> Silos { get; }

    /// <summary>The API process.</summary>
    public HostProcess Api { get; }

    /// <summary>
    /// The silo a worker id (<c>127.0.0.1:port@generation</c>, as in <see cref="JobScheduler.Grains.Interfaces.JobAttempt.Worker"/>) belongs to,
    /// or null when it is none of this cluster's.
    /// </summary>
    public HostProcess? SiloOf(string? worker)
    {
        for (var i = 0; i < SiloPorts.Count; i++)
            if (worker is not null && worker.StartsWith($"127.0.0.1:{SiloPorts[i]}@", StringComparison.Ordinal))
                return Silos[i];
        return null;
    }

    /// <summary>Starts one silo (again, e.g. after a kill) and waits until it answers.</summary>
    public Task StartSiloAsync(HostProcess silo) => silo.StartAsync(StartTimeout);

    /// <summary>Starts the silos (together), then the API.</summary>
    public async Task StartAsync()
    {
        await Task.WhenAll(Silos.Select(s => s.StartAsync(StartTimeout)));
        await Api.StartAsync(StartTimeout);
    }

    /// <summary>Stops every process gracefully: the API first, then the silos.</summary>
    public async Task StopAsync()
    {
        await Api.StopAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Silos.Select(s => s.StopAsync(TimeSpan.FromSeconds(30))));
    }

    /// <summary>An HTTP client for the API process.</summary>
    public HttpClient CreateApiClient() => new HttpClient { BaseAddress = Api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }.Authorize();

    /// <summary>Every process's output tail, for assertion messages.</summary>
    public string Diagnostics => string.Join(Environment.NewLine, Silos.Select(s => s.OutputTail).Append(Api.OutputTail));

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        foreach (var silo in Silos)
            await silo.DisposeAsync();
    }

    /// <summary>Reads a JSON response body as the API writes it.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;
}
