using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B2O: B2 side by side with metrics and traces off, on at their defaults, on with every instrument
/// (<c>Scheduler:Metrics:Detailed</c>, the defaults before issue 14), on without Orleans' meter, and on with every
/// trace and metric pushed over OTLP. One one-silo cluster per variant, all on the same Redis, stay up for the whole
/// workload and each run submits B2's jobs to each of them in turn (off, on, lean, otlp), so they see the same machine
/// load; the overhead of a run is one minus the ratio of its throughput to the same run's throughput with everything
/// off, and the CPU overhead the ratio of the API's and the silo's CPU time per job to the same.
/// </summary>
public sealed class ObservabilityOverhead(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    /// <summary>How often the tool scrapes every process's <c>/metrics</c> while metrics are on, as a Prometheus would.</summary>
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(5);

    public override string Id => "B2O";
    public override string Description =>
        $"B2 ({Options.Size(10_000)} jobs via REST, simulated runtime, 1 silo, {SimulatedSlots} slots) with metrics and traces off, " +
        $"on (defaults, /metrics scraped every {ScrapeInterval.TotalSeconds:0} s), on with every instrument (detailed), on without Orleans' meter (lean), and on with every " +
        "trace and metric pushed over OTLP/HTTP; runs interleaved";
    public override string Target => "throughput overhead of metrics and traces (on vs off) <= 5 %";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var jobs = Options.Size(10_000);
        await using var collector = OtlpSink.Start();
        var variants = new (string Name, Dictionary<string, string> Environment)[]
        {
            ("off", new(Simulated) { ["Scheduler__Metrics__Enabled"] = "false", ["Scheduler__Tracing__Enabled"] = "false" }),
            ("on", new(Simulated)),
            // The defaults before the per-message and per-request instruments were dropped (issue 14).
            ("detailed", new(Simulated) { ["Scheduler__Metrics__Detailed"] = "true" }),
            // Without Orleans' own meter, to tell what its per-message and per-activation recording costs.
            ("lean", new(Simulated) { ["Scheduler__Metrics__IncludeOrleans"] = "false" }),
            ("otlp", new(Simulated)
            {
                ["Scheduler__Metrics__OtlpEndpoint"] = $"{collector.BaseAddress}v1/metrics",
                ["Scheduler__Metrics__OtlpProtocol"] = "HttpProtobuf",
                ["Scheduler__Metrics__OtlpExportInterval"] = "00:00:15",
            }),
        };
        var clusters = new List<(string Name, SchedulerCluster Cluster, ApiDriver Api)>();
        using var scraping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scrapes = new List<Task>();
        try
        {
            foreach (var (name, environment) in variants)
            {
                var cluster = await Host.StartClusterAsync(silos: 1, SimulatedSlots, environment);
                var api = new ApiDriver(cluster.Api.BaseAddress);
                clusters.Add((name, cluster, api));
                Say($"{name}: warming up");
                await WarmUpUntilSteadyAsync(api, cancellationToken);
                if (name != "off")
                    scrapes.Add(ScrapeAsync(api.Http, cluster, scraping.Token));
            }

            var runs = new List<RunFigures>();
            for (var run = 1; run <= Options.Runs; run++)
            {
                var figures = new RunFigures();
                foreach (var (name, cluster, api) in clusters)
                {
                    var queue = NewQueue(run);
                    var allocatedBefore = name == "off" ? null : await AllocatedAsync(api.Http, cluster, cancellationToken);
                    var cpuBefore = await CpuSnapshotAsync(cluster);
                    var firstSubmit = DateTimeOffset.UtcNow;
                    await api.SubmitAllAsync([.. Enumerable.Range(0, jobs).Select(_ => SimulatedJob(queue))], SubmitConcurrency, cancellationToken);
                    var terminal = await api.WaitForTerminalAsync(queue, jobs, TimeSpan.FromSeconds(60), cancellationToken);
                    var cpuAfter = await CpuSnapshotAsync(cluster);
                    var allocatedAfter = allocatedBefore is null ? null : await AllocatedAsync(api.Http, cluster, cancellationToken);
                    var summaries = await api.ListAsync(queue, cancellationToken);
                    var lastEnd = summaries.Select(s => s.UpdatedAt).DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
                    var latency = summaries.Where(s => s.State.IsTerminal()).Select(s => Ms(s.UpdatedAt - s.CreatedAt)).ToArray();
                    var rate = terminal < jobs ? double.NaN : jobs / (lastEnd - firstSubmit).TotalSeconds;
                    figures.Add($"{name}JobsPerSecond", "jobs/s", rate)
                        .Add($"{name}SubmitToCompleteP99", "ms", Percentiles.Of(latency, 99))
                        .Add($"{name}ApiCpuMsPerJob", "ms", (cpuAfter[0] - cpuBefore[0]) / jobs)
                        .Add($"{name}SiloCpuMsPerJob", "ms", (cpuAfter[1] - cpuBefore[1]) / jobs);
                    // Allocations are what the machine's load cannot blur: the runtime's own count, read from /metrics.
                    if (allocatedBefore is not null && allocatedAfter is not null)
                        figures.Add($"{name}ApiKiBPerJob", "KiB", (allocatedAfter[0] - allocatedBefore[0]) / 1024 / jobs)
                            .Add($"{name}SiloKiBPerJob", "KiB", (allocatedAfter[1] - allocatedBefore[1]) / 1024 / jobs);
                    Say($"run {run} {name}: {rate:0} jobs/s");
                }
                // Throughput swings with the neighbours' load; CPU per job of the API and the silo does much less.
                var off = figures.Values["offJobsPerSecond"].Value;
                var offCpu = figures.Values["offApiCpuMsPerJob"].Value + figures.Values["offSiloCpuMsPerJob"].Value;
                foreach (var (name, _) in variants.Skip(1))
                {
                    var cpu = figures.Values[$"{name}ApiCpuMsPerJob"].Value + figures.Values[$"{name}SiloCpuMsPerJob"].Value;
                    figures.Add($"{name}OverheadPercent", "%", 100 * (1 - figures.Values[$"{name}JobsPerSecond"].Value / off))
                        .Add($"{name}CpuOverheadPercent", "%", 100 * (cpu / offCpu - 1));
                }
                Say($"run {run}: overhead " + string.Join(", ", variants.Skip(1).Select(v =>
                    $"{v.Name} {figures.Values[$"{v.Name}OverheadPercent"].Value:0.0} % ({figures.Values[$"{v.Name}CpuOverheadPercent"].Value:0.0} % CPU)")));
                runs.Add(figures);
            }
            var notes = $"OTLP sink received {collector.Requests} pushes ({collector.Bytes / 1024} KiB)";
            return Result(runs, f => f["onOverheadPercent"].Median <= 5, notes);
        }
        finally
        {
            await scraping.CancelAsync();
            await Task.WhenAll(scrapes);
            foreach (var (_, cluster, api) in clusters)
            {
                api.Dispose();
                await Host.StopClusterAsync(cluster);
            }
        }
    }

    // Bytes the API's and the silo's runtime allocated so far (dotnet_gc_heap_total_allocated_bytes_total in /metrics).
    private static async Task<double[]> AllocatedAsync(HttpClient api, SchedulerCluster cluster, CancellationToken cancellationToken)
    {
        using var silos = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var apiText = await api.GetStringAsync("/metrics", cancellationToken);
        var siloText = await silos.GetStringAsync(new Uri(cluster.Silos[0].BaseAddress, "/metrics"), cancellationToken);
        return [AllocatedBytes(apiText), AllocatedBytes(siloText)];
    }

    private static double AllocatedBytes(string scrape)
    {
        const string Name = "dotnet_gc_heap_total_allocated_bytes_total";
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(Name, StringComparison.Ordinal) || line.Length <= Name.Length || line[Name.Length] is not ('{' or ' '))
                continue;
            var value = line[(line.IndexOf('}') is var close and >= 0 ? close + 1 : Name.Length)..].Trim().Split(' ')[0];
            return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return double.NaN;
    }

    // Every process's /metrics at Prometheus's pace, so that "on" includes serving the scrapes. The silo's port has no
    // access control; the API's client carries the admin key, which implies the metrics scope.
    private static async Task ScrapeAsync(HttpClient api, SchedulerCluster cluster, CancellationToken stopping)
    {
        using var silos = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                (await api.GetAsync("/metrics", stopping)).EnsureSuccessStatusCode();
                foreach (var silo in cluster.Silos)
                    (await silos.GetAsync(new Uri(silo.BaseAddress, "/metrics"), stopping)).EnsureSuccessStatusCode();
                await Task.Delay(ScrapeInterval, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
