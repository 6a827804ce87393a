using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Faults;

namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B5: 3 silos with the fault tests' settings (short lease, fast failure detection), 500 container jobs running or
/// queued, <c>kill -9</c> of one silo once a tenth have finished; then how long until every job is terminal, how many
/// were lost (the API no longer knows them, or they never end) and how many completed twice. The killed silo's jobs
/// (an attempt on its worker that had not ended at the kill) are timed on their own: kill → that attempt recorded
/// lost (its <c>endedAt</c>) and kill → the job terminal (its <c>updatedAt</c>); the target is on them.
/// </summary>
public sealed class SiloKillRecovery(BenchmarkOptions options, BenchmarkHost host) : Workload(options, host)
{
    private const string JobIdLabel = "jobscheduler.job-id";

    public override string Id => "B5";
    public override string Description => $"{Options.Size(500)} container jobs on 3 silos x {FaultSettings.WorkerSlots} slots, kill -9 of one silo ({FaultSettings.Describe()})";
    public override string Target =>
        $"the killed silo's jobs terminal within lease + 5 s = {TerminalLimit.TotalSeconds:0} s of the kill (median of the runs' max), 0 lost, 0 duplicates";

    // The issue's target: the lease, then 5 s to notice, retry and finish.
    private static TimeSpan TerminalLimit => FaultSettings.Lease + TimeSpan.FromSeconds(5);

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
            var killedAt = DateTimeOffset.UtcNow;
            victim.Kill();
            var sinceKill = Stopwatch.StartNew();
            Say($"run {run}: killed silo-2 with kill -9, waiting for {jobs} jobs");

            var terminal = await api.WaitForTerminalAsync(queue, jobs, stallLimit, cancellationToken);
            var recovered = sinceKill.Elapsed;
            var records = await api.GetAllAsync(submitted.Select(j => j.Id), 16, cancellationToken);
            var unknown = jobs - records.Count;
            var notTerminal = records.Values.Count(r => !r.State.IsTerminal());
            var duplicates = records.Values.Count(r => r.Attempts.Count(a => a.ExitCode == 0) > 1);
            var figures = new RunFigures()
                .Add("secondsToAllTerminalAfterKill", "s", terminal >= jobs ? recovered.TotalSeconds : double.NaN)
                .Add("lost", "jobs", unknown + notTerminal)
                .Add("stuckNotTerminal", "jobs", notTerminal)
                .Add("duplicateCompletions", "jobs", duplicates)
                .Add("succeeded", "jobs", records.Values.Count(r => r.State == JobState.Succeeded));
            AddKilledSiloFigures(figures, cluster, victim, killedAt, records.Values);
            runs.Add(figures);
            Say($"run {run}: {terminal}/{jobs} terminal {recovered.TotalSeconds:0} s after the kill, {notTerminal} stuck, {duplicates} duplicates; " +
                $"the killed silo's {figures.Values["killedSiloJobs"].Value:0} jobs terminal at most {figures.Values["killedSiloTerminalMax"].Value:0.0} s after the kill " +
                $"(attempts recorded lost at most {figures.Values["killedSiloAttemptLostMax"].Value:0.0} s after it)");

            await Host.StopClusterAsync(cluster);
            await RemoveContainersAsync(submitted.Select(j => j.Id).ToHashSet(StringComparer.Ordinal));
        }
        return Result(runs,
            f => f["lost"].Max == 0 && f["duplicateCompletions"].Max == 0 && f["killedSiloTerminalMax"].Runs == runs.Count &&
                 f["killedSiloTerminalMax"].Median <= TerminalLimit.TotalSeconds,
            notes: "lost = acknowledged jobs that the API no longer knows or that stay non-terminal (no progress for " +
                   $"{stallLimit.TotalSeconds:0} s); duplicates = jobs with two attempts that exited 0; the killed silo's jobs = jobs with an " +
                   "attempt on the killed silo's worker (its worker id, 127.0.0.1:<silo port>@<generation>) not ended at the kill; " +
                   "attemptLost = that attempt's endedAt - kill, terminal = the job's updatedAt (its terminal transition) - kill, " +
                   $"seconds (silo clock against the tool's, same machine); target: median over runs of killedSiloTerminalMax <= lease {FaultSettings.Lease.TotalSeconds:0} s + 5 s");
    }

    // The jobs the kill took from under a worker: an attempt of theirs ran (or was claimed) on the killed silo and had
    // not ended when it died. The attempt's end is when the scheduler recorded it lost (lease-lost, normally); the job's
    // last update, once terminal, is when it finished elsewhere (or was dead-lettered).
    private static void AddKilledSiloFigures(RunFigures figures, Tests.Infrastructure.SchedulerCluster cluster, Tests.Infrastructure.HostProcess victim,
        DateTimeOffset killedAt, IEnumerable<JobRecord> records)
    {
        var killed = records
            .Select(r => (Job: r, Attempt: r.Attempts.FirstOrDefault(a => cluster.SiloOf(a.Worker) == victim && (a.EndedAt is null || a.EndedAt > killedAt))))
            .Where(k => k.Attempt is not null)
            .ToArray();
        var lost = killed.Where(k => k.Attempt!.EndedAt is not null).Select(k => (k.Attempt!.EndedAt!.Value - killedAt).TotalSeconds).ToArray();
        var terminal = killed.Where(k => k.Job.State.IsTerminal()).Select(k => (k.Job.UpdatedAt - killedAt).TotalSeconds).ToArray();
        var allTerminal = terminal.Length == killed.Length;
        figures.Add("killedSiloJobs", "jobs", killed.Length)
            .Add("killedSiloAttemptsLeaseLost", "jobs", killed.Count(k => k.Attempt!.FailureReason == FailureReasons.LeaseLost))
            .Add("killedSiloAttemptLostP50", "s", Percentiles.Of(lost, 50))
            .Add("killedSiloAttemptLostMax", "s", lost.Length == killed.Length && lost.Length > 0 ? lost.Max() : double.NaN)
            .Add("killedSiloTerminalP50", "s", Percentiles.Of(terminal, 50))
            // NaN (no figure for the run) when one of them never became terminal: it is counted in lost.
            .Add("killedSiloTerminalMax", "s", allTerminal && terminal.Length > 0 ? terminal.Max() : double.NaN)
            .Add("killedSiloNotTerminal", "jobs", killed.Length - terminal.Length);
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
