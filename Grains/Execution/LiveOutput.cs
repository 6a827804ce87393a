using System.Runtime.CompilerServices;
using System.Threading.Channels;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Execution;

/// <summary>
/// Fans one running attempt's output out to its followers, line by line. The container's output reader calls
/// <see cref="Append"/>, which never waits: each follower has a bounded buffer, and a follower whose buffer is full is
/// dropped (it gets a final <see cref="LogStream.Dropped"/> item) rather than holding the reader up. A follower that
/// joins late gets the lines kept so far (up to <see cref="JobLogs.CapBytes"/> of text per stream), then the live
/// ones: the snapshot and the subscription are taken under the same lock as each append, so nothing is missed or
/// repeated.
/// </summary>
/// <param name="followerBuffer">How many lines a follower may lag behind before it is dropped.</param>
public sealed class LiveOutput(int followerBuffer)
{
    private readonly Lock _lock = new();
    private readonly LogLineSplitter _stdout = new(LogStream.Stdout);
    private readonly LogLineSplitter _stderr = new(LogStream.Stderr);
    private readonly LogLineSplitter _build = new(LogStream.Build);
    private readonly Queue<LogLine> _tail = new();
    private readonly List<Follower> _followers = [];
    private readonly List<LogLine> _scratch = [];
    private long _tailChars;
    private bool _completed;

    /// <summary>How many followers are attached now.</summary>
    public int FollowerCount
    {
        get
        {
            lock (_lock)
                return _followers.Count;
        }
    }

    /// <summary>Takes bytes the container wrote to <paramref name="stream"/> (stdout or stderr), or the build phase's output.</summary>
    public void Append(LogStream stream, ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            if (_completed)
                return;
            (stream switch { LogStream.Stderr => _stderr, LogStream.Build => _build, _ => _stdout }).Append(bytes, _scratch);
            Publish();
        }
    }

    /// <summary>The attempt ended: flushes unfinished lines and ends every follow. Idempotent.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_completed)
                return;
            _stdout.Flush(_scratch);
            _stderr.Flush(_scratch);
            _build.Flush(_scratch);
            Publish();
            _completed = true;
            foreach (var follower in _followers)
                follower.Lines.Writer.TryComplete();
            _followers.Clear();
        }
    }

    /// <summary>
    /// The lines kept so far, then each new line as it is written, until the attempt ends (or the follower falls
    /// <c>followerBuffer</c> lines behind and is dropped) or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async IAsyncEnumerable<LogLine> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LogLine[] backlog;
        Follower? follower = null;
        lock (_lock)
        {
            backlog = [.. _tail];
            if (!_completed)
            {
                follower = new Follower(followerBuffer);
                _followers.Add(follower);
            }
        }
        try
        {
            foreach (var line in backlog)
                yield return line;
            if (follower is null)
                yield break;
            await foreach (var line in follower.Lines.Reader.ReadAllAsync(cancellationToken))
                yield return line;
            if (follower.Dropped)
                yield return new LogLine { Stream = LogStream.Dropped, Text = $"The follower fell more than {followerBuffer} lines behind the container's output and was dropped; follow again to resume from the tail." };
        }
        finally
        {
            if (follower is not null)
            {
                lock (_lock)
                    _followers.Remove(follower);
            }
        }
    }

    // Under _lock: keeps the new lines in the tail and hands them to every follower that has room.
    private void Publish()
    {
        if (_scratch.Count == 0)
            return;
        foreach (var line in _scratch)
        {
            _tail.Enqueue(line);
            _tailChars += line.Text.Length;
            for (var i = _followers.Count - 1; i >= 0; i--)
            {
                var follower = _followers[i];
                if (follower.Lines.Writer.TryWrite(line))
                    continue;
                follower.Dropped = true;
                follower.Lines.Writer.TryComplete();
                _followers.RemoveAt(i);
            }
        }
        while (_tailChars > 2L * JobLogs.CapBytes && _tail.Count > 1)
            _tailChars -= _tail.Dequeue().Text.Length;
        _scratch.Clear();
    }

    private sealed class Follower(int capacity)
    {
        public Channel<LogLine> Lines { get; } = Channel.CreateBounded<LogLine>(
            new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        public volatile bool Dropped;
    }
}
