using System.Collections.Immutable;

namespace JobScheduler.Grains.Events;

/// <summary>
/// The in-process half of the event seam: whatever appends an event in this process (the job index's scripts, the
/// event log) raises it after the append, and this process's readers (the webhook dispatcher) wake at once instead of
/// at their next poll. The log stays the one source of truth: a reader in another process, or one that misses a signal,
/// finds the event at its next poll, later but never less.
/// </summary>
/// <remarks>Listeners run on the appender's thread, after its write: they must only wake something, never wait or throw.</remarks>
public sealed class EventAppendedSignal
{
    private ImmutableArray<Action> _listeners = [];

    /// <summary>Calls <paramref name="listener"/> after every append in this process until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Action listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ImmutableInterlocked.Update(ref _listeners, l => l.Add(listener));
        return new Subscription(this, listener);
    }

    /// <summary>Tells this process's listeners that an event was appended.</summary>
    public void Raise()
    {
        foreach (var listener in _listeners)
            listener();
    }

    private sealed class Subscription(EventAppendedSignal signal, Action listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                ImmutableInterlocked.Update(ref signal._listeners, l => l.Remove(listener));
        }
    }
}
