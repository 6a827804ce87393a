using System.Collections.Concurrent;
using JobScheduler.Grains.Deadlines;

namespace JobScheduler.Tests.Deadlines;

/// <summary>The behaviour every <see cref="IJobDeadlines"/> must show; each implementation runs it through a subclass.</summary>
public abstract class JobDeadlinesTests
{
    /// <summary>A fixed "now"; deadlines are set relative to it.</summary>
    protected static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan RedeliverAfter = TimeSpan.FromSeconds(30);

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IJobDeadlines> CreateAsync();

    /// <summary>Another client of the same store, as another silo would have (its own connection where there is one).</summary>
    protected abstract Task<IJobDeadlines> ConnectAnotherAsync(IJobDeadlines store);

    [Fact]
    public async Task Claim_MixedDeadlines_ReturnsOnlyOverdueOldestFirst()
    {
        var deadlines = await CreateAsync();
        await deadlines.SetAsync("future", Now.AddMilliseconds(1));
        await deadlines.SetAsync("due-now", Now);
        await deadlines.SetAsync("oldest", Now.AddMinutes(-5));
        await deadlines.SetAsync("older", Now.AddSeconds(-1));

        var claimed = await deadlines.ClaimOverdueAsync(Now, 100, RedeliverAfter);

        Assert.Equal(["oldest", "older", "due-now"], claimed);
    }

    [Fact]
    public async Task Claim_EmptyStore_ReturnsNothing()
    {
        var deadlines = await CreateAsync();

        Assert.Empty(await deadlines.ClaimOverdueAsync(Now, 10, RedeliverAfter));
    }

    [Fact]
    public async Task Claim_MoreOverdueThanMax_ReturnsOldestMaxThenTheRest()
    {
        var deadlines = await CreateAsync();
        for (var i = 0; i < 5; i++)
            await deadlines.SetAsync($"job-{i}", Now.AddSeconds(-10 + i));

        var first = await deadlines.ClaimOverdueAsync(Now, 3, RedeliverAfter);
        var second = await deadlines.ClaimOverdueAsync(Now, 3, RedeliverAfter);

        Assert.Equal(["job-0", "job-1", "job-2"], first);
        Assert.Equal(["job-3", "job-4"], second);
    }

    [Fact]
    public async Task Claim_SameDeadline_OrdersById()
    {
        var deadlines = await CreateAsync();
        foreach (var id in new[] { "b", "c", "a" })
            await deadlines.SetAsync(id, Now.AddSeconds(-1));

        Assert.Equal(["a", "b", "c"], await deadlines.ClaimOverdueAsync(Now, 10, RedeliverAfter));
    }

    [Fact]
    public async Task Claim_ClaimedJob_ComesBackOnlyAfterRedeliverAfter()
    {
        var deadlines = await CreateAsync();
        await deadlines.SetAsync("a", Now.AddSeconds(-1));
        await deadlines.ClaimOverdueAsync(Now, 10, RedeliverAfter);

        var justBefore = await deadlines.ClaimOverdueAsync(Now + RedeliverAfter - TimeSpan.FromMilliseconds(1), 10, RedeliverAfter);
        var after = await deadlines.ClaimOverdueAsync(Now + RedeliverAfter, 10, RedeliverAfter);

        Assert.Empty(justBefore);
        Assert.Equal(["a"], after);
    }

    [Fact]
    public async Task Set_Again_MovesTheDeadline()
    {
        var deadlines = await CreateAsync();
        await deadlines.SetAsync("later", Now.AddSeconds(-5));
        await deadlines.SetAsync("earlier", Now.AddMinutes(5));

        await deadlines.SetAsync("later", Now.AddMinutes(1));
        await deadlines.SetAsync("earlier", Now.AddSeconds(-1));

        // Redelivery an hour out, so "earlier" does not come back within this test.
        Assert.Equal(["earlier"], await deadlines.ClaimOverdueAsync(Now, 10, TimeSpan.FromHours(1)));
        Assert.Empty(await deadlines.ClaimOverdueAsync(Now.AddMinutes(1).AddMilliseconds(-1), 10, TimeSpan.FromHours(1)));
        Assert.Equal(["later"], await deadlines.ClaimOverdueAsync(Now.AddMinutes(1), 10, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Set_AfterClaim_ReplacesTheRedeliveryTime()
    {
        // What a poked job grain does: it sets its real next deadline, which may be sooner than the redelivery.
        var deadlines = await CreateAsync();
        await deadlines.SetAsync("a", Now.AddSeconds(-1));
        await deadlines.ClaimOverdueAsync(Now, 10, RedeliverAfter);

        await deadlines.SetAsync("a", Now.AddSeconds(5));

        Assert.Equal(["a"], await deadlines.ClaimOverdueAsync(Now.AddSeconds(5), 10, RedeliverAfter));
    }

    [Fact]
    public async Task Clear_Job_IsNeverClaimed()
    {
        var deadlines = await CreateAsync();
        await deadlines.SetAsync("done", Now.AddSeconds(-1));
        await deadlines.SetAsync("pending", Now.AddSeconds(-1));

        await deadlines.ClearAsync("done");

        Assert.Equal(["pending"], await deadlines.ClaimOverdueAsync(Now.AddDays(1), 10, RedeliverAfter));
    }

    [Fact]
    public async Task Clear_ClaimedOrUnknownJob_IsHarmless()
    {
        var deadlines = await CreateAsync();
        await deadlines.SetAsync("a", Now.AddSeconds(-1));
        await deadlines.ClaimOverdueAsync(Now, 10, RedeliverAfter);

        await deadlines.ClearAsync("a");
        await deadlines.ClearAsync("never-set");

        Assert.Empty(await deadlines.ClaimOverdueAsync(Now.AddDays(1), 10, RedeliverAfter));
    }

    [Fact]
    public async Task Claim_TwoConcurrentClaimers_NeverTakeTheSameId()
    {
        const int jobs = 5_000;
        var first = await CreateAsync();
        var second = await ConnectAnotherAsync(first);
        await Task.WhenAll(Enumerable.Range(0, jobs).Select(i => first.SetAsync($"job-{i:D5}", Now.AddMilliseconds(-i))));

        var taken = new ConcurrentBag<(int Claimer, string Id)>();
        var claims = new int[2];
        var done = new bool[2];
        await Task.WhenAll(Task.Run(() => ClaimAllAsync(first, 0)), Task.Run(() => ClaimAllAsync(second, 1)));

        var ids = taken.Select(t => t.Id).ToList();
        Assert.Equal(jobs, ids.Count);
        Assert.Equal(jobs, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(taken, t => t.Claimer == 0);
        Assert.Contains(taken, t => t.Claimer == 1);

        async Task ClaimAllAsync(IJobDeadlines claimer, int me)
        {
            var other = 1 - me;
            while (true)
            {
                // Keep within a few claims of the other claimer, so that both take part and their claims overlap
                // however the threads get scheduled (an in-memory claim takes microseconds).
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (Volatile.Read(ref claims[me]) > Volatile.Read(ref claims[other]) + 2 && !Volatile.Read(ref done[other]) && DateTime.UtcNow < deadline)
                    await Task.Yield();
                // Every claim at the same "now": within one redelivery window nothing may come back twice.
                var batch = await claimer.ClaimOverdueAsync(Now, 5, RedeliverAfter);
                Interlocked.Increment(ref claims[me]);
                if (batch.Count == 0)
                {
                    Volatile.Write(ref done[me], true);
                    return;
                }
                foreach (var id in batch)
                    taken.Add((me, id));
            }
        }
    }
}
