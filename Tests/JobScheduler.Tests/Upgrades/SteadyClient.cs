using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Upgrades;

/// <summary>
/// A client as a well-behaved user writes one, against one or more API processes: it submits a job at a steady pace,
/// each with an <c>Idempotency-Key</c>, and on 503 or a refused or broken connection retries the same request at the
/// next API; optionally it reads an acknowledged job after each submission. Every answer that a retrying client
/// cannot live with (a 500, a 404 for an acknowledged job, a submission given up) is recorded for the test to assert.
/// </summary>
public sealed class SteadyClient : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    private readonly HttpClient[] _apis;
    private readonly Func<JobSpec> _spec;
    private readonly TimeSpan _interval;
    private readonly bool _read;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentQueue<Task> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _next;
    private int _unavailable;
    private int _connectionErrors;

    /// <param name="apis">The API processes, tried in turn.</param>
    /// <param name="spec">The job to submit, made anew for each submission.</param>
    /// <param name="interval">Time between two submissions.</param>
    /// <param name="read">Whether to read an acknowledged job after each submission.</param>
    public SteadyClient(IReadOnlyList<Uri> apis, Func<JobSpec> spec, TimeSpan interval, bool read = false)
    {
        _apis = [.. apis.Select(api => new HttpClient { BaseAddress = api, Timeout = RequestTimeout }.Authorize())];
        _spec = spec;
        _interval = interval;
        _read = read;
    }

    /// <summary>Every job acknowledged with 202, and when the client got the acknowledgement.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Acknowledged => _acknowledged;

    /// <summary>Answers a retrying client cannot live with.</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;

    /// <summary>How many 503 answers it retried.</summary>
    public int Unavailable => _unavailable;

    /// <summary>How many refused, reset or timed-out connections it retried.</summary>
    public int ConnectionErrors => _connectionErrors;

    /// <summary>Starts submitting.</summary>
    public void Start() => _loop = Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
                _requests.Enqueue(Task.Run(SubmitAndReadAsync));
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    });

    /// <summary>Stops submitting and waits for the requests under way.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await Task.WhenAll(_requests);
    }

    /// <summary>The jobs acknowledged between two instants (by the client's clock).</summary>
    public IReadOnlyList<string> AcknowledgedBetween(DateTimeOffset from, DateTimeOffset to) =>
        [.. _acknowledged.Where(a => a.Value >= from && a.Value < to).Select(a => a.Key)];

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await StopAsync();
        foreach (var api in _apis)
            api.Dispose();
        _stop.Dispose();
    }

    private async Task SubmitAndReadAsync()
    {
        var key = Guid.NewGuid().ToString("N");
        var spec = _spec();
        var id = await RetryAsync($"submit {key}", async http =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/jobs") { Content = JsonContent.Create(spec, options: SchedulerCluster.Json) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Accepted
                ? (response.StatusCode, (await SchedulerCluster.ReadAsync<JobRecord>(response)).Id)
                : (response.StatusCode, await response.Content.ReadAsStringAsync());
        });
        if (id is null)
            return;
        _acknowledged[id] = DateTimeOffset.UtcNow;
        if (!_read)
            return;
        // One snapshot for both the count and the pick: other requests add to the dictionary meanwhile.
        var known = _acknowledged.Keys;
        var some = known.ElementAt(Random.Shared.Next(known.Count));
        await RetryAsync($"read {some}", async http =>
        {
            using var response = await http.GetAsync($"api/v1/jobs/{some}");
            return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? some : await response.Content.ReadAsStringAsync());
        });
    }

    /// <summary>Sends until a success (the value) or an answer a client cannot retry (recorded; null).</summary>
    private async Task<string?> RetryAsync(string what, Func<HttpClient, Task<(HttpStatusCode Status, string Value)>> send)
    {
        var deadline = DateTimeOffset.UtcNow + GiveUpAfter;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var http = _apis[(Interlocked.Increment(ref _next) & int.MaxValue) % _apis.Length];
            try
            {
                var (status, value) = await send(http);
                if ((int)status is >= 200 and < 300)
                    return value;
                if (status != HttpStatusCode.ServiceUnavailable)
                {
                    _unexpected.Enqueue($"{what} at {http.BaseAddress}: {(int)status} {value}");
                    return null;
                }
                Interlocked.Increment(ref _unavailable);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _connectionErrors);
            }
            await Task.Delay(RetryPause);
        }
        _unexpected.Enqueue($"{what}: given up after {GiveUpAfter.TotalSeconds:0} s of 503s and connection errors");
        return null;
    }
}
