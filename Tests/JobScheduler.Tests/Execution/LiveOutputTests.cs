using System.Text;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Execution;

public sealed class LiveOutputTests
{
    private static void Write(LiveOutput output, LogStream stream, string text) => output.Append(stream, Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Follow_JoinedLate_GetsKeptLinesThenLiveOnesWithoutGapOrRepeat()
    {
        var output = new LiveOutput(followerBuffer: 100);
        Write(output, LogStream.Stdout, "1\n2\n3");
        var follow = output.FollowAsync().GetAsyncEnumerator();

        Assert.True(await follow.MoveNextAsync());
        Assert.Equal("1", follow.Current.Text);
        Write(output, LogStream.Stdout, "\n4\n");
        Write(output, LogStream.Stderr, "e\n");
        output.Complete();
        var rest = new List<string>();
        while (await follow.MoveNextAsync())
            rest.Add($"{follow.Current.Stream}:{follow.Current.Text}");

        Assert.Equal(["Stdout:2", "Stdout:3", "Stdout:4", "Stderr:e"], rest);
        Assert.Equal(0, output.FollowerCount);
    }

    [Fact]
    public async Task Append_FollowerNeverReading_IsDroppedWithAFinalItemAndTheWriterNeverWaits()
    {
        var output = new LiveOutput(followerBuffer: 10);
        var slow = output.FollowAsync().GetAsyncEnumerator();
        var first = slow.MoveNextAsync();
        Assert.False(first.IsCompleted); // subscribed, waiting for the first line

        // Far more than the follower's buffer: each append returns at once, none waits for the follower.
        for (var i = 0; i < 10_000; i++)
            Write(output, LogStream.Stdout, $"line-{i}\n");
        Assert.Equal(0, output.FollowerCount);

        Assert.True(await first);
        var received = new List<LogLine> { slow.Current };
        while (await slow.MoveNextAsync())
            received.Add(slow.Current);
        Assert.Equal(LogStream.Dropped, received[^1].Stream);
        Assert.Equal(Enumerable.Range(0, received.Count - 1).Select(i => $"line-{i}"), received.SkipLast(1).Select(l => l.Text));
        Assert.True(received.Count <= 12, $"{received.Count} items");

        // A new follower gets the kept tail, ending with the last line written.
        output.Complete();
        var again = new List<LogLine>();
        await foreach (var line in output.FollowAsync())
            again.Add(line);
        Assert.Equal("line-9999", again[^1].Text);
    }

    [Fact]
    public async Task Follow_AfterComplete_GetsTheTailIncludingTheFlushedPartialLine()
    {
        var output = new LiveOutput(followerBuffer: 10);
        Write(output, LogStream.Stdout, "a\npartial");
        output.Complete();
        Write(output, LogStream.Stdout, "ignored\n");

        var lines = new List<string>();
        await foreach (var line in output.FollowAsync())
            lines.Add(line.Text);

        Assert.Equal(["a", "partial"], lines);
    }
}
