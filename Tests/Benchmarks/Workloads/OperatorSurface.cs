using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B9: the operator surface over a full store. 100,000 jobs pending in Redis; then, per run, how long an event takes from
/// its transition to an event-stream client, and how long the job listing and a job's record take to answer.
/// </summary>
public sealed partial class OperatorSurface(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    private const int LiveJobs = 300;
    private const int PageSamples = 200;

    public override string Id => "B9";
    public override string Description =>
        $"{Options.Size(100_000)} jobs pending in Redis; {Options.Size(LiveJobs)} jobs run while an SSE client follows their queue; " +
        "the UI's jobs and job pages (server-rendered, signed in) and the API reads behind them timed; simulated runtime, 1 silo";
    public override string Target => "event to SSE client p99 <= 100 ms; jobs page and job detail page p95 <= 300 ms";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var cluster = await Host.StartClusterAsync(silos: 1, SimulatedSlots, Simulated);
        using var api = new ApiDriver(cluster.Api.BaseAddress);
        await WarmUpAsync(api, q => SimulatedJob(q), 500, cancellationToken);

        var backlog = Options.Size(100_000);
        var later = DateTimeOffset.UtcNow + TimeSpan.FromHours(3);
        var pending = await api.SubmitAllAsync([.. Enumerable.Range(0, backlog).Select(_ => SimulatedJob("b9-backlog", later))], SubmitConcurrency, cancellationToken);
        Say($"{backlog} jobs pending");

        var runs = new List<RunFigures>();
        for (var run = 1; run <= Options.Runs; run++)
        {
            var figures = new RunFigures();
            var latencies = await EventLatenciesAsync(api, NewQueue(run), Options.Size(LiveJobs), cancellationToken);
            figures.Add("eventToClientP50", "ms", Percentiles.Of(latencies, 50))
                .Add("eventToClientP99", "ms", Percentiles.Of(latencies, 99))
                .Add("eventToClientMax", "ms", latencies.DefaultIfEmpty(double.NaN).Max())
                .Add("eventsMeasured", "events", latencies.Count);

            var listing = await TimeAsync(api.Http, _ => "api/v1/jobs?pageSize=50", cancellationToken);
            var record = await TimeAsync(api.Http, i => $"api/v1/jobs/{pending[i * 97 % pending.Length].Id}", cancellationToken);
            figures.Add("jobListP95", "ms", Percentiles.Of(listing, 95))
                .Add("jobGetP95", "ms", Percentiles.Of(record, 95));

            // The web UI's pages as a browser first gets them: the server-rendered HTML of a signed-in session.
            using var browser = await SignedInBrowserAsync(cluster.Api.BaseAddress, cancellationToken);
            var jobsPage = await TimeAsync(browser, _ => "jobs", cancellationToken);
            var detailPage = await TimeAsync(browser, i => $"jobs/{pending[i * 89 % pending.Length].Id}", cancellationToken);
            figures.Add("jobsPageP95", "ms", Percentiles.Of(jobsPage, 95))
                .Add("jobDetailPageP95", "ms", Percentiles.Of(detailPage, 95));
            runs.Add(figures);
            Say($"run {run}: event p99 {figures.Values["eventToClientP99"].Value:0.0} ms, jobs page p95 {figures.Values["jobsPageP95"].Value:0.0} ms, " +
                $"job page p95 {figures.Values["jobDetailPageP95"].Value:0.0} ms (API: list {figures.Values["jobListP95"].Value:0.0}, get {figures.Values["jobGetP95"].Value:0.0})");
        }
        await Host.StopClusterAsync(cluster);
        return Result(runs, f => f["eventToClientP99"].Median <= 100 && f["jobsPageP95"].Median <= 300 && f["jobDetailPageP95"].Median <= 300,
            notes: "event latency = arrival at the client minus the event's time (the transition's, set just before its write), same clock");
    }

    /// <summary>Runs <paramref name="jobs"/> jobs (4 at a time) while one stream client follows their queue; each event's delay.</summary>
    private static async Task<List<double>> EventLatenciesAsync(ApiDriver api, string queue, int jobs, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/events?queue={queue}");
        using var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var latencies = new List<double>(jobs * 3);
        var expected = jobs * 3;
        var started = new TaskCompletionSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var item in SseParser.Create(body).EnumerateAsync(stop.Token))
            {
                var arrived = DateTimeOffset.UtcNow;
                if (item.EventType == "ready")
                {
                    started.TrySetResult();
                    continue;
                }
                if (item.EventType != "job")
                    continue;
                var e = JsonSerializer.Deserialize<SchedulerEvent>(item.Data, SchedulerCluster.Json)!;
                latencies.Add((arrived - e.At).TotalMilliseconds);
                if (latencies.Count >= expected)
                    return;
            }
        }, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        await api.SubmitAllAsync([.. Enumerable.Range(0, jobs).Select(_ => SimulatedJob(queue))], 4, cancellationToken);
        if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken)) != reading)
            await stop.CancelAsync();
        await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return latencies;
    }

    /// <summary>A client that signs in at <c>/signin</c> as a browser does (form post with the antiforgery token) and keeps the session cookie.</summary>
    private static async Task<HttpClient> SignedInBrowserAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        var browser = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var form = await browser.GetStringAsync("signin", cancellationToken);
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var signIn = await browser.PostAsync("signin", new FormUrlEncodedContent(
        [
            KeyValuePair.Create("_handler", "signin"),
            KeyValuePair.Create("__RequestVerificationToken", token),
            KeyValuePair.Create("Input.Key", TestAuth.AdminKey),
        ]), cancellationToken);
        if (signIn.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in to the UI answered {(int)signIn.StatusCode}, not a redirect.");
        return browser;
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex AntiforgeryToken();

    private static async Task<List<double>> TimeAsync(HttpClient client, Func<int, string> path, CancellationToken cancellationToken)
    {
        var times = new List<double>(PageSamples);
        for (var i = 0; i < PageSamples; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path(i), cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            response.EnsureSuccessStatusCode();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }
}
