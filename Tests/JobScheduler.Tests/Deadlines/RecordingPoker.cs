using System.Collections.Concurrent;
using JobScheduler.Grains.Deadlines;

namespace JobScheduler.Tests.Deadlines;

/// <summary>
/// Stands in for the job grains: records every poke and, like a job grain that reconciles, clears the job's
/// deadline (as a job that reached a terminal state would). Can fail or hold chosen pokes.
/// </summary>
internal sealed class RecordingPoker(IJobDeadlines deadlines) : IJobPoker
{
    private readonly ConcurrentQueue<string> _pokes = new();
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Jobs whose poke throws, leaving their deadline as the claim moved it.</summary>
    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every poke waits for this task before it completes.</summary>
    public Task? Gate { get; set; }

    /// <summary>Every poke so far (failed ones included), in the order they began.</summary>
    public IReadOnlyList<string> Pokes => [.. _pokes];

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int CountOf(string jobId) => _pokes.Count(p => p == jobId);

    public async Task PokeAsync(string jobId)
    {
        _pokes.Enqueue(jobId);
        var inFlight = Interlocked.Increment(ref _inFlight);
        int max;
        while (inFlight > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, max) != max)
        {
        }
        try
        {
            if (Gate is { } gate)
                await gate;
            if (Failing.Contains(jobId))
                throw new TimeoutException($"Poke of {jobId} timed out (test).");
            await deadlines.ClearAsync(jobId);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
