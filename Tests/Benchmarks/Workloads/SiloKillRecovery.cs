using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Faults;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B5: 3 silos with the fault tests' settings (short lease, fast failure detection), 500 container jobs running or
/// queued, <c>kill -9</c> of one silo once a tenth have finished; then how long until every job is terminal, how many
/// were lost (the API no longer knows them, or they never end) and how many completed twice.
/// </summary>
public sealed class SiloKillRecovery(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    private const string JobIdLabel = "jobscheduler.job-id";

    public override string Id => "B5";
    public override string Description => $"{Options.Size(500)} container jobs on 3 silos x {FaultSettings.WorkerSlots} slots, kill -9 of one silo ({FaultSettings.Describe()})";
    public override string Target => "0 lost, 0 duplicates, all terminal within 60 s of the kill plus their run time";

    public override async Task<WorkloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var jobs = Options.Size(500);
        // No progress for this long after the kill means the rest are stuck, not slow.
        var stallLimit = TimeSpan.FromSeconds(Options.Quick ? 30 : 60);
        var runs = new List<RunFigures>();
        for (var run = 1; run <= Options.Runs; run++)
        {
            var cluster = await Host.StartClusterAsync(FaultSettings.Silos, FaultSettings.WorkerSlots, FaultSettings.Environment());
            using var api = new ApiDriver(cluster.Api.BaseAddress);
            var queue = NewQueue(run);
            var submitted = await api.SubmitAllAsync(
                [.. Enumerable.Range(0, jobs).Select(_ => new JobSpec { Image = DockerLimit.Image, Command = DockerLimit.Command, Queue = queue, Network = JobNetworks.None })],
                SubmitConcurrency, cancellationToken);

            await api.WaitForTerminalAsync(queue, Math.Max(1, jobs / 10), TimeSpan.FromSeconds(60), cancellationToken);
            var victim = cluster.Silos[1];
            victim.Kill();
            var sinceKill = Stopwatch.StartNew();
            Say($"run {run}: killed silo-2 with kill -9, waiting for {jobs} jobs");

            var terminal = await api.WaitForTerminalAsync(queue, jobs, stallLimit, cancellationToken);
            var recovered = sinceKill.Elapsed;
            var records = await api.GetAllAsync(submitted.Select(j => j.Id), 16, cancellationToken);
            var unknown = jobs - records.Count;
            var notTerminal = records.Values.Count(r => !r.State.IsTerminal());
            var duplicates = records.Values.Count(r => r.Attempts.Count(a => a.ExitCode == 0) > 1);
            runs.Add(new RunFigures()
                .Add("secondsToAllTerminalAfterKill", "s", terminal >= jobs ? recovered.TotalSeconds : double.NaN)
                .Add("lost", "jobs", unknown + notTerminal)
                .Add("stuckNotTerminal", "jobs", notTerminal)
                .Add("duplicateCompletions", "jobs", duplicates)
                .Add("succeeded", "jobs", records.Values.Count(r => r.State == JobState.Succeeded)));
            Say($"run {run}: {terminal}/{jobs} terminal {recovered.TotalSeconds:0} s after the kill, {notTerminal} stuck, {duplicates} duplicates");

            await Host.StopClusterAsync(cluster);
            await RemoveContainersAsync(submitted.Select(j => j.Id).ToHashSet(StringComparer.Ordinal));
        }
        return Result(runs, f => f["lost"].Max == 0 && f["duplicateCompletions"].Max == 0 && !double.IsNaN(f["secondsToAllTerminalAfterKill"].Max),
            notes: "lost = acknowledged jobs that the API no longer knows or that stay non-terminal (no progress for " +
                   $"{stallLimit.TotalSeconds:0} s); duplicates = jobs with two attempts that exited 0");
    }

    // The killed silo's containers may outlive the cluster; remove this run's.
    private static async Task RemoveContainersAsync(IReadOnlySet<string> jobIds)
    {
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        var labelled = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [JobIdLabel] = true } },
        });
        foreach (var container in labelled.Where(c => c.Labels.TryGetValue(JobIdLabel, out var id) && jobIds.Contains(id)))
            await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
    }
}
