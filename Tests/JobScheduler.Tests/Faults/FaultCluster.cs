using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Faults;

/// <summary>
/// One fault test's deployment: <see cref="FaultSettings.Silos"/> silo processes and the API with the fault settings,
/// the jobs it submitted, and clean-up of everything it started (processes, and the containers of its jobs).
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    private const string Image = "busybox:latest";
    private const int ReadConcurrency = 16;
    private readonly ConcurrentDictionary<string, byte> _submitted = new(StringComparer.Ordinal);

    private FaultCluster(SchedulerCluster cluster, JobContainers containers, ITestOutputHelper output)
    {
        Cluster = cluster;
        Containers = containers;
        Output = output;
        // Bounded: a request that takes longer than this counts as a hang.
        Http = new HttpClient { BaseAddress = cluster.Api.BaseAddress, Timeout = TimeSpan.FromSeconds(10) }.Authorize();
        Jobs = new JobsHttpClient(Http);
    }

    /// <summary>The processes.</summary>
    public SchedulerCluster Cluster { get; }

    /// <summary>A client for the API, each request bounded to 10 s.</summary>
    public HttpClient Http { get; }

    /// <summary>The jobs API, typed.</summary>
    public JobsHttpClient Jobs { get; }

    /// <summary>The Docker view of this test's containers.</summary>
    public JobContainers Containers { get; }

    /// <summary>The test's output.</summary>
    public ITestOutputHelper Output { get; }

    /// <summary>Every job this test got a 202 for.</summary>
    public IReadOnlyCollection<string> Submitted => _submitted.Keys.ToArray();

    /// <summary>
    /// Starts a cluster with the fault settings on <paramref name="redis"/> (default: the fixture's Redis), with
    /// <paramref name="silos"/> silos (default <see cref="FaultSettings.Silos"/>) and extra <paramref name="settings"/>.
    /// </summary>
    public static Task<FaultCluster> StartAsync(FaultFixture fixture, ITestOutputHelper output, RedisServer? redis = null, TimeSpan? lease = null,
        int silos = FaultSettings.Silos, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(fixture, output, (redis ?? fixture.Redis).ConnectionString, silos, lease, settings);

    /// <summary>
    /// Starts <paramref name="silos"/> silos and the API with the fault settings plus <paramref name="extra"/>
    /// configuration, on the Redis <paramref name="redisConnectionString"/> names (e.g. sentinels and a service name).
    /// </summary>
    public static async Task<FaultCluster> StartAsync(FaultFixture fixture, ITestOutputHelper output, string redisConnectionString, int silos,
        TimeSpan? lease, IReadOnlyDictionary<string, string>? extra)
    {
        var environment = new Dictionary<string, string>(FaultSettings.Environment(lease));
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            environment[key] = value;
        var cluster = new SchedulerCluster(redisConnectionString, silos, FaultSettings.WorkerSlots, environment);
        var run = new FaultCluster(cluster, new JobContainers(fixture.Docker), output);
        try
        {
            await cluster.StartAsync();
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
        output.WriteLine($"cluster {cluster.ClusterId}: {FaultSettings.Describe(lease)}");
        return run;
    }

    /// <summary>A spec running <paramref name="command"/> in busybox.</summary>
    public static JobSpec Job(params string[] command) => new() { Image = Image, Command = command };

    /// <summary>Submits, expects 202, and remembers the job for the invariants and clean-up.</summary>
    public async Task<JobRecord> SubmitAsync(JobSpec spec)
    {
        var job = await Jobs.SubmitAsync(spec);
        Track(job.Id);
        return job;
    }

    /// <summary>Submits many specs, <see cref="ReadConcurrency"/> at a time.</summary>
    public async Task<IReadOnlyList<JobRecord>> SubmitAllAsync(IReadOnlyList<JobSpec> specs)
    {
        var jobs = new JobRecord[specs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, specs.Count), new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency },
            async (i, _) => jobs[i] = await SubmitAsync(specs[i]));
        return jobs;
    }

    /// <summary>Remembers a job acknowledged outside <see cref="SubmitAsync"/>.</summary>
    public void Track(string jobId) => _submitted.TryAdd(jobId, 0);

    /// <summary>The job, or null when the API does not answer it with 200 (unknown, or unavailable right now).</summary>
    public async Task<JobRecord?> TryGetAsync(string jobId)
    {
        try
        {
            using var response = await Http.GetAsync($"api/v1/jobs/{Uri.EscapeDataString(jobId)}");
            return response.StatusCode == HttpStatusCode.OK
                ? await response.Content.ReadFromJsonAsync<JobRecord>(SchedulerCluster.Json)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads many jobs at once; missing ones are left out.</summary>
    public async Task<IReadOnlyDictionary<string, JobRecord>> ReadAllAsync(IEnumerable<string> jobIds)
    {
        var records = new ConcurrentDictionary<string, JobRecord>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(jobIds, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency }, async (id, _) =>
        {
            if (await TryGetAsync(id) is { } job)
                records[id] = job;
        });
        return records;
    }

    /// <summary>The silo whose worker runs the job's current attempt, or null.</summary>
    public HostProcess? SiloRunning(JobRecord job) =>
        job.State == JobState.Running ? Cluster.SiloOf(job.CurrentAttempt?.Worker) : null;

    /// <summary>Ends the test with <see cref="ClusterInvariants"/> over every submitted job.</summary>
    public Task<IReadOnlyDictionary<string, JobRecord>> AssertInvariantsAsync(TimeSpan budget) =>
        ClusterInvariants.AssertAsync(this, Submitted, budget);

    /// <summary>Kills every process and removes the containers of this test's jobs.</summary>
    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Http.Dispose();
        await Containers.RemoveAsync(Submitted);
    }
}
