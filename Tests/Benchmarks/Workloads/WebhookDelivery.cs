using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B10: webhook delivery. A local receiver (HttpListener on loopback, answering 204 at once); per run, N jobs submitted
/// at once through the REST API, each with a notify target for every event (<c>"*"</c>: Queued, Running, Succeeded), so
/// 3N deliveries through the event stream's consumer group, the delivery store and the outbound guard. Figures: delivery
/// throughput, and the added latency from each event's time (set at its transition, just before its write) to its
/// arrival at the receiver, same clock, under that burst and with one job at a time. Cluster mode, 1 silo, simulated
/// runtime, default webhook settings.
/// </summary>
public sealed class WebhookDelivery(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    private const int Jobs = 1_000;
    private const int EventsPerJob = 3;
    private const int PacedJobs = 50;

    public override string Id => "B10";
    public override string Description =>
        $"{Options.Size(Jobs)} jobs submitted at once, each with notify [{{url, events: [\"*\"]}}] to a local receiver ({EventsPerJob} deliveries per job); " +
        $"then {Options.Size(PacedJobs)} such jobs one at a time (latency without a backlog); " +
        "cluster mode (Redis), 1 silo, simulated runtime, default Scheduler:Webhooks settings (PollInterval 1 s, woken by each event; Concurrency 16)";
    public override string Target => "none set in BENCHMARKS.md (recorded: deliveries/s and event -> receiver p50/p99)";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        using var receiver = new Receiver(port);
        var environment = new Dictionary<string, string>(Simulated)
        {
            ["Scheduler__Outbound__AllowHttp"] = "true",
            ["Scheduler__Outbound__AllowLoopback"] = "true",
        };
        var cluster = await Host.StartClusterAsync(silos: 1, SimulatedSlots, environment);
        using var api = new ApiDriver(cluster.Api.BaseAddress);
        await WarmUpAsync(api, q => Notified(q, receiver.Url), 200, cancellationToken);
        await receiver.WaitForAsync(200 * EventsPerJob, TimeSpan.FromSeconds(60), cancellationToken);

        var runs = new List<RunFigures>();
        var jobs = Options.Size(Jobs);
        for (var run = 1; run <= Options.Runs; run++)
        {
            var queue = NewQueue(run);
            receiver.Reset(queue);
            var clock = Stopwatch.StartNew();
            await api.SubmitAllAsync([.. Enumerable.Range(0, jobs).Select(_ => Notified(queue, receiver.Url))], SubmitConcurrency, cancellationToken);
            var submitted = clock.Elapsed;
            var all = await receiver.WaitForAsync(jobs * EventsPerJob, TimeSpan.FromSeconds(300), cancellationToken);
            var elapsed = receiver.LastArrival - receiver.FirstEvent;
            var latencies = receiver.Latencies();
            var figures = new RunFigures()
                .Add("deliveriesPerSecond", "deliveries/s", receiver.Count / elapsed.TotalSeconds)
                .Add("eventToReceiverP50", "ms", Percentiles.Of(latencies, 50))
                .Add("eventToReceiverP99", "ms", Percentiles.Of(latencies, 99))
                .Add("eventToReceiverMax", "ms", latencies.DefaultIfEmpty(double.NaN).Max())
                .Add("submitSeconds", "s", submitted.TotalSeconds)
                .Add("deliveriesReceived", "deliveries", receiver.Count)
                .Add("deliveriesExpected", "deliveries", jobs * EventsPerJob)
                .Add("duplicates", "deliveries", receiver.Duplicates);
            // The added latency without a backlog: jobs one at a time, each followed until its three events arrived.
            receiver.Reset(queue + "-paced");
            var paced = Options.Size(PacedJobs);
            for (var i = 0; i < paced; i++)
            {
                await api.SubmitAsync(Notified(queue + "-paced", receiver.Url), cancellationToken);
                await receiver.WaitForAsync((i + 1) * EventsPerJob, TimeSpan.FromSeconds(30), cancellationToken);
            }
            var pacedLatencies = receiver.Latencies();
            figures.Add("pacedEventToReceiverP50", "ms", Percentiles.Of(pacedLatencies, 50))
                .Add("pacedEventToReceiverP99", "ms", Percentiles.Of(pacedLatencies, 99));
            runs.Add(figures);
            Say($"run {run}: {receiver.Count}/{jobs * EventsPerJob} deliveries{(all ? "" : " (timed out)")} in {elapsed.TotalSeconds:0.00} s = " +
                $"{figures.Values["deliveriesPerSecond"].Value:0} deliveries/s; event -> receiver p50 {figures.Values["eventToReceiverP50"].Value:0.0} ms, " +
                $"p99 {figures.Values["eventToReceiverP99"].Value:0.0} ms (submits took {submitted.TotalSeconds:0.00} s); one job at a time: " +
                $"p50 {figures.Values["pacedEventToReceiverP50"].Value:0.0} ms, p99 {figures.Values["pacedEventToReceiverP99"].Value:0.0} ms");
        }
        await Host.StopClusterAsync(cluster);
        return Result(runs, _ => true,
            notes: "throughput = deliveries / (last arrival - first event's time); latency = arrival at the receiver - the event's time, same clock");
    }

    private static JobSpec Notified(string queue, string url) =>
        SimulatedJob(queue) with { Notify = [new JobNotifyTarget { Url = url, Events = [WebhookEvents.All], Secret = Receiver.Secret }] };

    /// <summary>A loopback receiver that answers 204 at once and records each delivery's arrival and its event's time.</summary>
    private sealed class Receiver : IDisposable
    {
        public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwABCDEFGHIJK=";
        private readonly HttpListener _listener = new();
        private readonly Task _serving;
        private ConcurrentDictionary<string, (DateTimeOffset Event, DateTimeOffset Arrived)> _received = new(StringComparer.Ordinal);
        private string _queue = "";
        private int _duplicates;

        public Receiver(int port)
        {
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string Url { get; }
        public int Count => _received.Count;
        public int Duplicates => _duplicates;
        public DateTimeOffset FirstEvent => _received.Values.Min(r => r.Event);
        public DateTimeOffset LastArrival => _received.Values.Max(r => r.Arrived);

        public List<double> Latencies() => [.. _received.Values.Select(r => (r.Arrived - r.Event).TotalMilliseconds)];

        /// <summary>Counts only the deliveries of <paramref name="queue"/>'s jobs from now on (null: every queue).</summary>
        public void Reset(string? queue)
        {
            _received = new(StringComparer.Ordinal);
            _queue = queue ?? "";
            _duplicates = 0;
        }

        public async Task<bool> WaitForAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var deadline = Stopwatch.StartNew();
            while (_received.Count < count)
            {
                if (deadline.Elapsed > timeout)
                    return false;
                await Task.Delay(20, cancellationToken);
            }
            return true;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(() => Handle(context));
            }
        }

        private void Handle(HttpListenerContext context)
        {
            var arrived = DateTimeOffset.UtcNow;
            using (var body = JsonDocument.Parse(context.Request.InputStream))
            {
                var data = body.RootElement.GetProperty("data");
                var queue = data.TryGetProperty("queue", out var q) ? q.GetString() : null;
                if (_queue.Length == 0 || queue == _queue)
                {
                    var at = body.RootElement.GetProperty("timestamp").GetDateTimeOffset();
                    if (!_received.TryAdd(context.Request.Headers["webhook-id"] + "/" + data.GetProperty("jobId").GetString(), (at, arrived)))
                        Interlocked.Increment(ref _duplicates);
                }
            }
            context.Response.StatusCode = 204;
            context.Response.Close();
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        }
    }
}
