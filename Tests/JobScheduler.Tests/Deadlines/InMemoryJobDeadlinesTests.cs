using System.Diagnostics;
using JobScheduler.Grains.Deadlines;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Deadlines;

public sealed class InMemoryJobDeadlinesTests(ITestOutputHelper output) : JobDeadlinesTests
{
    protected override Task<IJobDeadlines> CreateAsync() => Task.FromResult<IJobDeadlines>(new InMemoryJobDeadlines());

    // One process holds one store: another "silo" is another thread on the same instance.
    protected override Task<IJobDeadlines> ConnectAnotherAsync(IJobDeadlines store) => Task.FromResult(store);

    [Fact]
    public async Task Claim_HundredThousandOverdue_ClaimsEachOnceQuickly()
    {
        const int jobs = 100_000;
        var deadlines = new InMemoryJobDeadlines();
        for (var i = 0; i < jobs; i++)
            await deadlines.SetAsync($"job-{i:D6}", Now.AddMilliseconds(-i));

        var stopwatch = Stopwatch.StartNew();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<string> batch;
        while ((batch = await deadlines.ClaimOverdueAsync(Now, 500, TimeSpan.FromSeconds(30))).Count > 0)
            claimed.UnionWith(batch);
        stopwatch.Stop();

        output.WriteLine($"claimed {jobs} in {stopwatch.Elapsed.TotalMilliseconds:0} ms ({jobs / stopwatch.Elapsed.TotalSeconds:0} ids/s)");
        Assert.Equal(jobs, claimed.Count);
        Assert.Equal(jobs, deadlines.Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"Claiming took {stopwatch.Elapsed}.");
    }
}
