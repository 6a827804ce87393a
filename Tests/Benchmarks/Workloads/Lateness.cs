namespace JobScheduler.Benchmarks.Workloads;

/// <summary>
/// B3's measurement, shared with B4: jobs due at times spread evenly over a window, submitted ahead of the window,
/// and how late each started (the attempt's start time minus the job's due time).
/// </summary>
public static class Lateness
{
    public static async Task<RunFigures> MeasureAsync(ApiDriver api, string queue, int jobs, TimeSpan spread, TimeSpan lead, CancellationToken cancellationToken)
    {
        var first = DateTimeOffset.UtcNow + lead;
        var specs = Enumerable.Range(0, jobs)
            .Select(i => new Grains.Interfaces.JobSpec
            {
                Image = DockerLimit.Image,
                Command = DockerLimit.Command,
                Queue = queue,
                RunAt = first + spread * i / jobs,
                Network = Grains.Interfaces.JobNetworks.None,
            }).ToArray();
        var submitted = await api.SubmitAllAsync(specs, 32, cancellationToken);
        var submittedLate = submitted.Count(j => j.CreatedAt > j.Spec.RunAt);

        var waitUntil = first + spread - DateTimeOffset.UtcNow;
        if (waitUntil > TimeSpan.Zero)
            await Task.Delay(waitUntil, cancellationToken);
        var terminal = await api.WaitForTerminalAsync(queue, jobs, TimeSpan.FromSeconds(30), cancellationToken);
        var records = await api.GetAllAsync(submitted.Select(j => j.Id), 32, cancellationToken);

        var lateness = records.Values.Where(r => r.CurrentAttempt?.StartedAt is not null && r.Spec.RunAt is not null)
            .Select(r => (r.CurrentAttempt!.StartedAt!.Value - r.Spec.RunAt!.Value).TotalMilliseconds).ToArray();
        return new RunFigures()
            .Add("latenessP50", "ms", Percentiles.Of(lateness, 50))
            .Add("latenessP99", "ms", Percentiles.Of(lateness, 99))
            .Add("latenessMax", "ms", lateness.DefaultIfEmpty(double.NaN).Max())
            .Add("submittedAfterDue", "jobs", submittedLate)
            .Add("notTerminal", "jobs", jobs - terminal);
    }
}
