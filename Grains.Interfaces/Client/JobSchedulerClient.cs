namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The typed facade for services that embed an Orleans client: submit, follow, cancel and list
/// jobs without touching grains directly. The REST API is built on this same class.
/// </summary>
/// <param name="grains">The cluster client (or a silo's grain factory).</param>
/// <param name="time">The clock used to validate <see cref="JobSpec.RunAt"/>; the system clock when null.</param>
public sealed partial class JobSchedulerClient(IGrainFactory grains, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Validates and submits a job. With an <paramref name="idempotencyKey"/>, repeated submissions
    /// (concurrent or not) return the same job.
    /// </summary>
    /// <exception cref="JobValidationException">
    /// The spec is invalid, or asks for what the server or its queue does not allow (maxima, image policy, network);
    /// nothing was stored.
    /// </exception>
    public Task<JobRecord> SubmitAsync(JobSpec spec, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SubmitAsync(spec, idempotencyKey, actor: null, cancellationToken);

    /// <summary>
    /// Validates and submits a job on behalf of <paramref name="actor"/> (recorded as <see cref="JobRecord.SubmittedBy"/>).
    /// An <paramref name="idempotencyKey"/> is the actor's own: the same key from another actor makes another job.
    /// </summary>
    /// <exception cref="JobValidationException">
    /// The spec is invalid, or asks for what the server or its queue does not allow (maxima, image policy, network);
    /// nothing was stored.
    /// </exception>
    public async Task<JobRecord> SubmitAsync(JobSpec spec, string? idempotencyKey, string? actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = JobSpecValidator.Validate(spec, _time.GetUtcNow());
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 255 || idempotencyKey.Any(char.IsControl)))
            errors = new Dictionary<string, string[]>(errors) { ["Idempotency-Key"] = ["The key must be 1-255 characters without control characters."] };
        // What the server and the queue allow is checked by the job grain, on the silo whose configuration holds the
        // server's limits: no extra call here, and the grain's JobValidationException reaches the caller as is.
        if (errors.Count > 0)
            throw new JobValidationException(errors);

        var id = idempotencyKey is null ? JobIds.New() : JobIds.FromIdempotencyKey(idempotencyKey, actor);
        return await grains.GetGrain<IJobGrain>(id).Submit(spec, idempotencyKey, actor).WaitAsync(cancellationToken);
    }

    /// <summary>The job, or null when the id is unknown.</summary>
    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        JobIds.IsWellFormed(jobId)
            ? grains.GetGrain<IJobGrain>(jobId).Get().WaitAsync(cancellationToken)
            : Task.FromResult<JobRecord?>(null);

    /// <summary>Cancels the job; returns its record afterwards, or null when the id is unknown.</summary>
    public Task<JobRecord?> CancelAsync(string jobId, CancellationToken cancellationToken = default) =>
        CancelAsync(jobId, actor: null, cancellationToken);

    /// <summary>Cancels the job on behalf of <paramref name="actor"/> (kept in its actions); returns its record afterwards, or null when the id is unknown.</summary>
    public Task<JobRecord?> CancelAsync(string jobId, string? actor, CancellationToken cancellationToken = default) =>
        JobIds.IsWellFormed(jobId)
            ? grains.GetGrain<IJobGrain>(jobId).Cancel(actor).WaitAsync(cancellationToken)
            : Task.FromResult<JobRecord?>(null);

    /// <summary>The latest attempt's output (live while it runs), or null when the id is unknown.</summary>
    public Task<JobLogs?> GetLogsAsync(string jobId, CancellationToken cancellationToken = default) =>
        JobIds.IsWellFormed(jobId)
            ? grains.GetGrain<IJobGrain>(jobId).GetLogs().WaitAsync(cancellationToken)
            : Task.FromResult<JobLogs?>(null);

    /// <summary>Starts a failed or dead-lettered job again (next attempt, fresh retry budget); null when the id is unknown.</summary>
    public Task<JobRecord?> RequeueAsync(string jobId, CancellationToken cancellationToken = default) =>
        RequeueAsync(jobId, actor: null, cancellationToken);

    /// <summary>Requeues a failed or dead-lettered job on behalf of <paramref name="actor"/> (kept in its actions); null when the id is unknown.</summary>
    public Task<JobRecord?> RequeueAsync(string jobId, string? actor, CancellationToken cancellationToken = default) =>
        JobIds.IsWellFormed(jobId)
            ? grains.GetGrain<IJobGrain>(jobId).Requeue(actor).WaitAsync(cancellationToken)
            : Task.FromResult<JobRecord?>(null);

    /// <summary>Deletes a dead-lettered job; false when it is unknown or not dead-lettered.</summary>
    public Task<bool> DeleteDeadLetterAsync(string jobId, CancellationToken cancellationToken = default) =>
        JobIds.IsWellFormed(jobId)
            ? grains.GetGrain<IJobGrain>(jobId).DeleteDeadLetter().WaitAsync(cancellationToken)
            : Task.FromResult(false);

    /// <summary>
    /// Requeues every dead-lettered job matching <paramref name="filter"/> (its state is ignored), page by page.
    /// Returns how many were requeued.
    /// </summary>
    public Task<int> RequeueDeadLettersAsync(JobQuery filter, CancellationToken cancellationToken = default) =>
        RequeueDeadLettersAsync(filter, actor: null, cancellationToken);

    /// <summary>
    /// Requeues every dead-lettered job matching <paramref name="filter"/> on behalf of <paramref name="actor"/>, page by page.
    /// Returns how many were requeued.
    /// </summary>
    public async Task<int> RequeueDeadLettersAsync(JobQuery filter, string? actor, CancellationToken cancellationToken = default)
    {
        var query = filter with { State = JobState.DeadLettered, Page = 1, PageSize = JobQuery.MaxPageSize };
        var requeued = 0;
        while (true)
        {
            // Requeued jobs leave the dead-letter set, so page 1 always holds the next batch.
            var page = await ListAsync(query, cancellationToken);
            if (page.Items.Count == 0)
                return requeued;
            var results = await Task.WhenAll(page.Items.Select(j => RequeueAsync(j.Id, actor, cancellationToken)));
            var progressed = results.Count(r => r is { State: not JobState.DeadLettered });
            requeued += progressed;
            if (progressed == 0)
                return requeued;
        }
    }

    /// <summary>One page of jobs, newest first.</summary>
    public Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken = default) =>
        grains.GetGrain<IJobIndexGrain>(0).Query(query).WaitAsync(cancellationToken);

    /// <summary>Polls the job until it reaches a terminal state, then returns it.</summary>
    /// <exception cref="KeyNotFoundException">No job has this id.</exception>
    public async Task<JobRecord> WaitForCompletionAsync(string jobId, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(250);
        while (true)
        {
            var job = await GetAsync(jobId, cancellationToken) ?? throw new KeyNotFoundException($"No job has id '{jobId}'.");
            if (job.State.IsTerminal())
                return job;
            await Task.Delay(interval, _time, cancellationToken);
        }
    }
}
