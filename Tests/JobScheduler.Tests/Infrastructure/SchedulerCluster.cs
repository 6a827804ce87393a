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
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>JSON as the API writes it: camelCase, enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public SchedulerCluster(string redisConnectionString, int silos, int workerSlots = 4)
    {
        ClusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
        RedisConnectionString = redisConnectionString;
        var common = new Dictionary<string, string>
        {
            ["Scheduler__Redis__ConnectionString"] = redisConnectionString,
            ["Scheduler__Redis__KeyPrefix"] = ClusterId,
            ["Scheduler__Cluster__ClusterId"] = ClusterId,
            ["Scheduler__Cluster__ServiceId"] = ClusterId,
            ["Scheduler__Worker__Slots"] = workerSlots.ToString(),
        };
        SiloPorts = Enumerable.Range(0, silos).Select(_ => FreePort.Next()).ToArray();
        Silos = SiloPorts.Select((port, i) => new HostProcess($"silo-{i + 1}", RepositoryLayout.SiloAssembly, FreePort.Next(), new Dictionary<string, string>(common)
        {
            ["Scheduler__Silo__SiloPort"] = port.ToString(),
            ["Scheduler__Silo__GatewayPort"] = FreePort.Next().ToString(),
        })).ToArray();
        Api = new HostProcess("api", RepositoryLayout.ApiAssembly, FreePort.Next(), common);
    }

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
    public HttpClient CreateApiClient() => new() { BaseAddress = Api.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

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
