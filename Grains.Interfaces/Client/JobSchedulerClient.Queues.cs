namespace JobScheduler.Grains.Interfaces;

public sealed partial class JobSchedulerClient
{
    /// <summary>Every queue that has held a job or has settings (and <c>default</c>), with its status, by name.</summary>
    public async Task<IReadOnlyList<QueueStatus>> ListQueuesAsync(CancellationToken cancellationToken = default)
    {
        var names = await grains.GetGrain<IJobIndexGrain>(0).Queues().WaitAsync(cancellationToken);
        var all = names.Append(JobSpec.DefaultQueue).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return await Task.WhenAll(all.Select(name => GetQueueAsync(name, cancellationToken)));
    }

    /// <summary>
    /// The queue's settings, paused flag, running and ready counts, and its jobs counted by state. Queues exist
    /// by name: one that never held a job answers with empty counts.
    /// </summary>
    /// <exception cref="JobValidationException">The name is not a valid queue name.</exception>
    public async Task<QueueStatus> GetQueueAsync(string name, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalidQueueName(name);
        var status = grains.GetGrain<IQueueGrain>(name).GetStatus().WaitAsync(cancellationToken);
        var depth = grains.GetGrain<IJobIndexGrain>(0).CountByState(name).WaitAsync(cancellationToken);
        return (await status) with { Depth = await depth };
    }

    /// <summary>Replaces the queue's settings (concurrency limit, default retry and resources, network access).</summary>
    /// <exception cref="JobValidationException">The name or a setting is invalid; nothing was changed.</exception>
    public async Task<QueueStatus> UpdateQueueAsync(string name, QueueSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ThrowIfInvalidQueueName(name);
        var errors = QueueSettingsValidator.Validate(settings);
        if (errors.Count > 0)
            throw new JobValidationException(errors);
        await grains.GetGrain<IQueueGrain>(name).UpdateSettings(settings).WaitAsync(cancellationToken);
        return await GetQueueAsync(name, cancellationToken);
    }

    /// <summary>Pauses the queue: it hands out no more work until resumed; running jobs go on.</summary>
    /// <exception cref="JobValidationException">The name is not a valid queue name.</exception>
    public Task<QueueStatus> PauseQueueAsync(string name, CancellationToken cancellationToken = default) =>
        SetQueuePausedAsync(name, paused: true, cancellationToken);

    /// <summary>Resumes a paused queue: its waiting jobs are dispatched again.</summary>
    /// <exception cref="JobValidationException">The name is not a valid queue name.</exception>
    public Task<QueueStatus> ResumeQueueAsync(string name, CancellationToken cancellationToken = default) =>
        SetQueuePausedAsync(name, paused: false, cancellationToken);

    private async Task<QueueStatus> SetQueuePausedAsync(string name, bool paused, CancellationToken cancellationToken)
    {
        ThrowIfInvalidQueueName(name);
        await grains.GetGrain<IQueueGrain>(name).SetPaused(paused).WaitAsync(cancellationToken);
        return await GetQueueAsync(name, cancellationToken);
    }

    private static void ThrowIfInvalidQueueName(string name)
    {
        if (!JobSpecValidator.IsValidQueueName(name))
        {
            throw new JobValidationException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["name"] = ["Queue names are 1-63 characters: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit."],
            });
        }
    }
}
