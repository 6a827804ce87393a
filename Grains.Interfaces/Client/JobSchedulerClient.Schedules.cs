namespace JobScheduler.Grains.Interfaces;

// Cron schedules: create, read, replace, delete, pause, resume, trigger and list them.
public sealed partial class JobSchedulerClient
{
    /// <summary>How many next occurrences <see cref="GetScheduleAsync"/> returns unless told otherwise.</summary>
    public const int DefaultNextOccurrences = 5;

    /// <summary>Most next occurrences <see cref="GetScheduleAsync"/> returns.</summary>
    public const int MaxNextOccurrences = 100;

    /// <summary>Validates and creates a schedule with a new id; its first occurrence is the first one after now.</summary>
    /// <exception cref="JobValidationException">The spec is invalid (errors keyed <c>cron</c>, <c>timeZone</c>, <c>job.image</c>, ...); nothing was stored.</exception>
    public Task<ScheduleRecord> CreateScheduleAsync(ScheduleSpec spec, CancellationToken cancellationToken = default) =>
        CreateScheduleAsync(spec, actor: null, quota: null, cancellationToken);

    /// <summary>
    /// Validates and creates a schedule with a new id on behalf of <paramref name="actor"/> (recorded as
    /// <see cref="ScheduleRecord.CreatedBy"/>); with a <paramref name="quota"/>, only while the actor holds fewer
    /// schedules than its maximum. Its first occurrence is the first one after now.
    /// </summary>
    /// <exception cref="JobValidationException">The spec is invalid (errors keyed <c>cron</c>, <c>timeZone</c>, <c>job.image</c>, ...); nothing was stored.</exception>
    /// <exception cref="AdmissionRejectedException">The actor holds <see cref="ScheduleQuota.MaxSchedules"/> schedules already (limit <see cref="ScheduleQuota.Limit"/>); nothing was stored.</exception>
    public async Task<ScheduleRecord> CreateScheduleAsync(ScheduleSpec spec, string? actor, ScheduleQuota? quota = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var result = await grains.GetGrain<IScheduleGrain>(ScheduleIds.New()).Create(spec, actor, quota).WaitAsync(cancellationToken);
        return Accepted(result);
    }

    /// <summary>The schedule with its next <paramref name="nextOccurrences"/> occurrences (0-100), or null when the id is unknown.</summary>
    public Task<ScheduleRecord?> GetScheduleAsync(string scheduleId, int nextOccurrences = DefaultNextOccurrences, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nextOccurrences);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nextOccurrences, MaxNextOccurrences);
        return ScheduleIds.IsWellFormed(scheduleId)
            ? grains.GetGrain<IScheduleGrain>(scheduleId).Get(nextOccurrences).WaitAsync(cancellationToken)
            : Task.FromResult<ScheduleRecord?>(null);
    }

    /// <summary>Replaces the schedule's spec (keeping its id and runs); null when the id is unknown.</summary>
    /// <exception cref="JobValidationException">The spec is invalid; nothing was changed.</exception>
    public async Task<ScheduleRecord?> UpdateScheduleAsync(string scheduleId, ScheduleSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!ScheduleIds.IsWellFormed(scheduleId))
            return null;
        var result = await grains.GetGrain<IScheduleGrain>(scheduleId).Update(spec).WaitAsync(cancellationToken);
        return result is null ? null : Accepted(result);
    }

    /// <summary>Deletes the schedule (jobs it created keep running); false when the id is unknown.</summary>
    public Task<bool> DeleteScheduleAsync(string scheduleId, CancellationToken cancellationToken = default) =>
        ScheduleIds.IsWellFormed(scheduleId)
            ? grains.GetGrain<IScheduleGrain>(scheduleId).Delete().WaitAsync(cancellationToken)
            : Task.FromResult(false);

    /// <summary>Pauses the schedule (idempotent); null when the id is unknown.</summary>
    public Task<ScheduleRecord?> PauseScheduleAsync(string scheduleId, CancellationToken cancellationToken = default) =>
        ScheduleIds.IsWellFormed(scheduleId)
            ? grains.GetGrain<IScheduleGrain>(scheduleId).Pause().WaitAsync(cancellationToken)
            : Task.FromResult<ScheduleRecord?>(null);

    /// <summary>Resumes the schedule from now (idempotent); occurrences during the pause are not run. Null when the id is unknown.</summary>
    public Task<ScheduleRecord?> ResumeScheduleAsync(string scheduleId, CancellationToken cancellationToken = default) =>
        ScheduleIds.IsWellFormed(scheduleId)
            ? grains.GetGrain<IScheduleGrain>(scheduleId).Resume().WaitAsync(cancellationToken)
            : Task.FromResult<ScheduleRecord?>(null);

    /// <summary>
    /// Runs the schedule's job (or workflow) now, whatever its overlap policy and even while paused; the occurrence is
    /// the trigger time, so two triggers start two runs. Returns the run with the job or workflow it started, or null
    /// when the id is unknown.
    /// </summary>
    public Task<ScheduleTriggered?> TriggerScheduleAsync(string scheduleId, CancellationToken cancellationToken = default) =>
        ScheduleIds.IsWellFormed(scheduleId)
            ? grains.GetGrain<IScheduleGrain>(scheduleId).Trigger(_time.GetUtcNow()).WaitAsync(cancellationToken)
            : Task.FromResult<ScheduleTriggered?>(null);

    /// <summary>The schedule's recent runs, newest first (at most <see cref="ScheduleRecord.MaxRuns"/>), or null when the id is unknown.</summary>
    public async Task<IReadOnlyList<ScheduleRun>?> GetScheduleRunsAsync(string scheduleId, CancellationToken cancellationToken = default) =>
        (await GetScheduleAsync(scheduleId, 0, cancellationToken))?.Runs;

    /// <summary>
    /// One page of schedules, newest first (by default the first <see cref="ScheduleQuery.DefaultPageSize"/>); with
    /// <see cref="ScheduleQuery.Queues"/>, only those whose template uses those queues alone. The page is chosen from
    /// the catalog before any schedule is read, so it costs one call per schedule on it. A schedule deleted between
    /// the two is left out of the page (which then holds fewer rows) but may still be in <see cref="SchedulePage.Total"/>.
    /// </summary>
    public async Task<SchedulePage> ListSchedulesAsync(ScheduleQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new ScheduleQuery();
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Page, ScheduleQuery.MaxPage, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, ScheduleQuery.MaxPageSize, nameof(query));
        var page = await grains.GetGrain<IScheduleCatalogGrain>(0).Page(query).WaitAsync(cancellationToken);
        var schedules = await Task.WhenAll(page.Ids.Select(id => grains.GetGrain<IScheduleGrain>(id).Get(0))).WaitAsync(cancellationToken);
        return new SchedulePage
        {
            Items = [.. schedules.OfType<ScheduleRecord>().Select(ScheduleSummary.From)],
            Page = query.Page,
            PageSize = query.PageSize,
            Total = page.Total,
        };
    }

    /// <summary>How many schedules <paramref name="actor"/> created and still exist (what its quota counts).</summary>
    public Task<int> CountSchedulesCreatedByAsync(string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return grains.GetGrain<IScheduleCatalogGrain>(0).CountOwnedBy(actor).WaitAsync(cancellationToken);
    }

    private static ScheduleRecord Accepted(ScheduleWriteResult result) =>
        result.Errors.Count > 0 || result.Schedule is null
            ? throw new JobValidationException(result.Errors)
            : result.Schedule;
}
