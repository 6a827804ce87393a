namespace JobScheduler.Grains.Execution;

/// <summary>
/// Serialises an attempt's container start with its cancel, so that a cancel answered to the user means no container
/// runs: either the cancel closes the gate first and the runtime never starts the container, or the start is under
/// way and the cancel waits for it to finish and learns the container's id, to remove it before it answers.
/// </summary>
public sealed class StartGate
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _startFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;

    /// <summary>The container the runtime started or is starting; null while none got that far.</summary>
    public string? ContainerId { get; private set; }

    /// <summary>
    /// Called by the runtime just before it starts <paramref name="containerId"/>: true when it may (then it must call
    /// <see cref="StartFinished"/> once the engine answered), false when the attempt was cancelled first.
    /// </summary>
    public bool TryBeginStart(string containerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        lock (_lock)
        {
            if (_closed)
                return false;
            ContainerId = containerId;
            return true;
        }
    }

    /// <summary>The engine answered the start (or failed to): a cancel waiting in <see cref="CloseAsync"/> proceeds.</summary>
    public void StartFinished() => _startFinished.TrySetResult();

    /// <summary>
    /// Forbids a start from now on. Returns null when no start had begun (none ever will), or the id of the container
    /// that was started, once its start call returned (or <paramref name="limit"/> passed), so the caller removes it.
    /// </summary>
    public async Task<string?> CloseAsync(TimeSpan limit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        string? started;
        lock (_lock)
        {
            _closed = true;
            started = ContainerId;
        }
        if (started is null)
            return null;
        try
        {
            await _startFinished.Task.WaitAsync(limit, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The engine is slow to answer the start: the caller removes the container now, the runtime again after.
        }
        return started;
    }
}
