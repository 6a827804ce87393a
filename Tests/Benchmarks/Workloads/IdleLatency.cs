using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading.Channels;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B7: idle latency. One container job at a time on an idle cluster (1 silo, real Docker engine, B1's job), each
/// beside containers run directly on the engine, alternating, so both see the same engine state: one with the
/// scheduler's default container spec (what the job's container really is: non-root, read-only root; the baseline)
/// and one with the minimal spec (no user, a writable root: B1's Docker-limit spec until 2026-12-02). Submit →
/// container started is the attempt's <c>startedAt</c> (the silo's clock when the engine answered the start) minus
/// the time the tool sent the submit (same machine, same clock); the engine's own create+start is the time from its
/// create call to its start's answer. Submit → <c>Succeeded</c> seen is the time
/// until the event stream (<c>GET /api/v1/events</c>, the fastest wait the API offers) delivers the job's
/// <c>Succeeded</c> event to a client that opened it before the submit.
/// </summary>
public sealed class IdleLatency(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    private const int Slots = 4;
    private const int Jobs = 50;

    public override string Id => "B7";
    public override string Description =>
        $"{Options.Size(Jobs)} busybox `sh -c 'exit 0'` jobs one at a time via REST, 1 silo, {Slots} slots, an SSE client waiting for each; " +
        "each beside one container created and started directly on the engine";
    public override string Target => "submit to container started <= engine create+start + 15 ms at p50, + 40 ms at p99";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var jobs = Options.Size(Jobs);
        var cluster = await Host.StartClusterAsync(silos: 1, Slots, new Dictionary<string, string>());
        using var api = new ApiDriver(cluster.Api.BaseAddress);
        await WarmUpAsync(api, ContainerJob, Slots, cancellationToken);
        // The engine path warms up too (the tool's own Docker client, the image's layers in the page cache).
        for (var i = 0; i < 3; i++)
            await DockerLimit.TimeOneAsync(schedulerSpec: true, cancellationToken);

        var runs = new List<RunFigures>();
        for (var run = 1; run <= Options.Runs; run++)
        {
            var queue = NewQueue(run);
            var engineStart = new List<double>(jobs);
            var engineRun = new List<double>(jobs);
            var minimalSpecStart = new List<double>(jobs);
            var sent = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var seen = new List<double>(jobs);
            var submitAnswered = new List<double>(jobs);
            var notSeen = 0;
            var metricsBefore = await SiloMetrics.ReadAsync(cluster.Silos[0].BaseAddress, cancellationToken);

            await using (var stream = await EventStream.OpenAsync(api.Http, queue, cancellationToken))
            {
                for (var i = 0; i < jobs; i++)
                {
                    minimalSpecStart.Add((await DockerLimit.TimeOneAsync(schedulerSpec: false, cancellationToken)).CreateStartMs);
                    var (createStart, total) = await DockerLimit.TimeOneAsync(schedulerSpec: true, cancellationToken);
                    engineStart.Add(createStart);
                    engineRun.Add(total);

                    var at = DateTimeOffset.UtcNow;
                    var job = await api.SubmitAsync(ContainerJob(queue), cancellationToken);
                    submitAnswered.Add(Ms(DateTimeOffset.UtcNow - at));
                    sent[job.Id] = at;
                    if (await stream.WaitForAsync(job.Id, JobState.Succeeded, TimeSpan.FromSeconds(60), cancellationToken) is { } arrived)
                        seen.Add(Ms(arrived - at));
                    else
                        notSeen++;
                }
            }

            var metricsAfter = await SiloMetrics.ReadAsync(cluster.Silos[0].BaseAddress, cancellationToken);
            var records = await api.GetAllAsync(sent.Keys, 8, cancellationToken);
            var toStart = records.Values.Where(r => r.CurrentAttempt?.StartedAt is not null)
                .Select(r => Ms(r.CurrentAttempt!.StartedAt!.Value - sent[r.Id])).ToArray();
            var toAccepted = records.Values.Select(r => Ms(r.CreatedAt - sent[r.Id])).ToArray();
            var acceptedToStart = records.Values.Where(r => r.CurrentAttempt?.StartedAt is not null)
                .Select(r => Ms(r.CurrentAttempt!.StartedAt!.Value - r.CreatedAt)).ToArray();
            var figures = new RunFigures()
                .Add("submitToStartP50", "ms", Percentiles.Of(toStart, 50))
                .Add("submitToStartP99", "ms", Percentiles.Of(toStart, 99))
                .Add("engineCreateStartP50", "ms", Percentiles.Of(engineStart, 50))
                .Add("engineCreateStartP99", "ms", Percentiles.Of(engineStart, 99))
                .Add("startOverEngineP50", "ms", Percentiles.Of(toStart, 50) - Percentiles.Of(engineStart, 50))
                .Add("startOverEngineP99", "ms", Percentiles.Of(toStart, 99) - Percentiles.Of(engineStart, 99))
                .Add("submitToSucceededSeenP50", "ms", Percentiles.Of(seen, 50))
                .Add("submitToSucceededSeenP99", "ms", Percentiles.Of(seen, 99))
                .Add("engineMinimalSpecCreateStartP50", "ms", Percentiles.Of(minimalSpecStart, 50))
                .Add("engineMinimalSpecCreateStartP99", "ms", Percentiles.Of(minimalSpecStart, 99))
                .Add("engineRunP50", "ms", Percentiles.Of(engineRun, 50))
                .Add("engineRunP99", "ms", Percentiles.Of(engineRun, 99))
                .Add("succeededOverEngineRunP50", "ms", Percentiles.Of(seen, 50) - Percentiles.Of(engineRun, 50))
                .Add("succeededOverEngineRunP99", "ms", Percentiles.Of(seen, 99) - Percentiles.Of(engineRun, 99))
                // Where the time goes before the container: the submit's answer, then the job grain's record to the start.
                .Add("submitAnsweredP50", "ms", Percentiles.Of(submitAnswered, 50))
                .Add("submitToAcceptedP50", "ms", Percentiles.Of(toAccepted, 50))
                .Add("acceptedToStartP50", "ms", Percentiles.Of(acceptedToStart, 50))
                .Add("acceptedToStartP99", "ms", Percentiles.Of(acceptedToStart, 99))
                .Add("notSucceeded", "jobs", jobs - records.Values.Count(r => r.State == JobState.Succeeded))
                .Add("succeededNotSeen", "jobs", notSeen);
            // The silo's own view of the path (its /metrics, mean per call over the run): the submission's due time to
            // the worker's claim, and each engine call between the claim and the start.
            figures.Add("siloDueToClaimMean", "ms", SiloMetrics.MeanMs(metricsBefore, metricsAfter, "jobscheduler_jobs_lateness_seconds", null));
            foreach (var call in new[] { "create", "attach", "start", "remove" })
                figures.Add($"siloDocker{char.ToUpperInvariant(call[0])}{call[1..]}Mean", "ms",
                    SiloMetrics.MeanMs(metricsBefore, metricsAfter, "jobscheduler_docker_call_duration_seconds", $"call=\"{call}\""));
            runs.Add(figures);
            Say($"run {run}: submit->start p50 {figures.Values["submitToStartP50"].Value:0.0} ms (engine {figures.Values["engineCreateStartP50"].Value:0.0}), " +
                $"p99 {figures.Values["submitToStartP99"].Value:0.0} ms (engine {figures.Values["engineCreateStartP99"].Value:0.0}); " +
                $"submit->Succeeded seen p50 {figures.Values["submitToSucceededSeenP50"].Value:0.0} ms (engine run {figures.Values["engineRunP50"].Value:0.0})");
        }
        await Host.StopClusterAsync(cluster);
        return Result(runs, f => f["startOverEngineP50"].Median <= 15 && f["startOverEngineP99"].Median <= 40,
            notes: "submit->start = attempt startedAt (silo clock at the engine's start answer) - submit sent (tool clock, same machine); " +
                   "engine = create call -> start answer of the scheduler's default container spec (user 65534, read-only root, /tmp tmpfs, " +
                   "ulimit, log cap; as B1's Docker limit), with the minimal spec beside it as engineMinimalSpec (no user, writable root; " +
                   "formerly engineB1Spec), run alone just before each job; Succeeded seen = SSE event arrival");
    }

    private static JobSpec ContainerJob(string queue) =>
        new() { Image = DockerLimit.Image, Command = DockerLimit.Command, Queue = queue, Network = JobNetworks.None };

    /// <summary>One event-stream client following a queue; hands each job event, with its arrival time, to a waiter.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly CancellationTokenSource _stop;
        private readonly Channel<(SchedulerEvent Event, DateTimeOffset Arrived)> _events = Channel.CreateUnbounded<(SchedulerEvent, DateTimeOffset)>();
        private Task _reading = Task.CompletedTask;

        private EventStream(HttpResponseMessage response, CancellationTokenSource stop) => (_response, _stop) = (response, stop);

        public static async Task<EventStream> OpenAsync(HttpClient http, string queue, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/events?queue={Uri.EscapeDataString(queue)}");
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            var stream = new EventStream(response, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
            var ready = new TaskCompletionSource();
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            stream._reading = Task.Run(() => stream.ReadAsync(body, ready), CancellationToken.None);
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return stream;
        }

        private async Task ReadAsync(Stream body, TaskCompletionSource ready)
        {
            try
            {
                await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
                {
                    var arrived = DateTimeOffset.UtcNow;
                    if (item.EventType == "ready")
                        ready.TrySetResult();
                    else if (item.EventType == "job")
                        _events.Writer.TryWrite((JsonSerializer.Deserialize<SchedulerEvent>(item.Data, SchedulerCluster.Json)!, arrived));
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Disposed: the run is over.
            }
            finally
            {
                _events.Writer.TryComplete();
            }
        }

        /// <summary>When the event moving <paramref name="jobId"/> into <paramref name="state"/> arrived; null when it did not within <paramref name="limit"/>.</summary>
        public async Task<DateTimeOffset?> WaitForAsync(string jobId, JobState state, TimeSpan limit, CancellationToken cancellationToken)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            try
            {
                while (await _events.Reader.WaitToReadAsync(deadline.Token))
                    while (_events.Reader.TryRead(out var next))
                        if (next.Event.JobId == jobId && next.Event.To == state)
                            return next.Arrived;
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _response.Dispose();
            await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }
    }
}
