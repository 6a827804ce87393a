using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Benchmarks;

/// <summary>The REST API as the benchmark drives it: many submissions at once, queue counts, job records.</summary>
public sealed class ApiDriver : IDisposable
{
    private readonly HttpClient _http;

    public ApiDriver(Uri baseAddress) =>
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        }.Authorize();

    public HttpClient Http => _http;

    /// <summary>Submits one job; throws unless the API answers 202.</summary>
    public async Task<JobRecord> SubmitAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("api/v1/jobs", spec, SchedulerCluster.Json, cancellationToken);
        if ((int)response.StatusCode != 202)
            throw new HttpRequestException($"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<JobRecord>(SchedulerCluster.Json, cancellationToken))!;
    }

    /// <summary>Submits every spec, <paramref name="concurrency"/> at a time; the records in spec order.</summary>
    public async Task<JobRecord[]> SubmitAllAsync(IReadOnlyList<JobSpec> specs, int concurrency, CancellationToken cancellationToken)
    {
        var jobs = new JobRecord[specs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, specs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) => jobs[i] = await SubmitAsync(specs[i], ct));
        return jobs;
    }

    /// <summary>The queue's job counts by state, from the index (<c>GET /api/v1/queues/{name}</c>).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(string queue, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/v1/queues/{Uri.EscapeDataString(queue)}", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        if (body.RootElement.TryGetProperty("depth", out var depth))
            foreach (var state in depth.EnumerateObject())
                counts[state.Name] = state.Value.GetInt64();
        return counts;
    }

    private async Task<IReadOnlyDictionary<string, long>?> TryCountsAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            return await CountsAsync(queue, cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is System.Net.HttpStatusCode.ServiceUnavailable or null)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Polls the queue's counts until <paramref name="expected"/> jobs are terminal; returns how many are, which is
    /// fewer when <paramref name="stallLimit"/> passed with no job finishing (the caller reports the rest as stuck).
    /// </summary>
    public async Task<long> WaitForTerminalAsync(string queue, int expected, TimeSpan stallLimit, CancellationToken cancellationToken)
    {
        long terminal = 0;
        var sinceProgress = Stopwatch.StartNew();
        while (true)
        {
            // 503 (with Retry-After) is the API's answer while a dead silo's grains move: look again.
            if (await TryCountsAsync(queue, cancellationToken) is not { } counts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                if (sinceProgress.Elapsed > stallLimit)
                    return terminal;
                continue;
            }
            var now = TerminalStates.Sum(s => counts.GetValueOrDefault(s.ToString()));
            if (now != terminal)
                sinceProgress.Restart();
            terminal = now;
            if (terminal >= expected || sinceProgress.Elapsed > stallLimit)
                return terminal;
            // Four looks a second are enough: the timings come from the job records, not from this poll.
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>The records of <paramref name="ids"/>, read <paramref name="concurrency"/> at a time; unknown ones left out.</summary>
    public async Task<IReadOnlyDictionary<string, JobRecord>> GetAllAsync(IEnumerable<string> ids, int concurrency, CancellationToken cancellationToken)
    {
        var records = new ConcurrentDictionary<string, JobRecord>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            // A few tries: right after a silo loss the API answers 503 until the job's grain is placed again.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                using var response = await _http.GetAsync($"api/v1/jobs/{Uri.EscapeDataString(id)}", ct);
                if (response.IsSuccessStatusCode)
                {
                    records[id] = (await response.Content.ReadFromJsonAsync<JobRecord>(SchedulerCluster.Json, ct))!;
                    return;
                }
                if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable)
                    return;
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
        });
        return records;
    }

    /// <summary>Every job summary of a queue, paged 500 at a time.</summary>
    public async Task<IReadOnlyList<JobSummary>> ListAsync(string queue, CancellationToken cancellationToken)
    {
        var all = new List<JobSummary>();
        for (var page = 1; ; page++)
        {
            var result = await _http.GetFromJsonAsync<JobPage>(
                $"api/v1/jobs?queue={Uri.EscapeDataString(queue)}&pageSize={JobQuery.MaxPageSize}&page={page}", SchedulerCluster.Json, cancellationToken);
            all.AddRange(result!.Items);
            if (result.Items.Count < JobQuery.MaxPageSize || all.Count >= result.Total)
                return all;
        }
    }

    public void Dispose() => _http.Dispose();

    private static readonly JobState[] TerminalStates =
        [.. Enum.GetValues<JobState>().Where(s => s.IsTerminal())];
}
