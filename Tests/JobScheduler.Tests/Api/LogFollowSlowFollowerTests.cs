using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Api;

/// <summary>A follower that stops reading is dropped; the container's output is never held up for it.</summary>
[Trait("Category", "Docker")]
public sealed class LogFollowSlowFollowerTests : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _root = new();
    private WebApplicationFactory<Program>? _api;

    public Task InitializeAsync()
    {
        _api = _root.WithWebHostBuilder(builder => builder.UseFreeSiloPorts().UseTestAuth()
            .UseSetting("Scheduler:Worker:LogFollowBuffer", "10"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
            await _api.DisposeAsync();
        await _root.DisposeAsync();
    }

    [Fact]
    public async Task Follow_FollowerThatStopsReading_IsDroppedWhileTheContainerPrintsEverything()
    {
        var client = _api!.Services.GetRequiredService<JobSchedulerClient>();
        var jobs = new JobsHttpClient(_api.CreateClient().Authorize());
        var job = await client.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["sh", "-c", "sleep 2; seq 1 5000; sleep 2"] });
        await jobs.WaitUntilAsync(job.Id, j => j.State == JobState.Running, TimeSpan.FromSeconds(60), "to be claimed");

        await using var follow = client.FollowLogsAsync(job.Id).GetAsyncEnumerator();
        Assert.True(await follow.MoveNextAsync());
        Assert.Equal("1", follow.Current.Text);
        // The follower reads nothing more while the container prints its 5,000 lines and ends.
        var done = await jobs.WaitForTerminalAsync(job.Id, TimeSpan.FromSeconds(60));
        var rest = new List<LogLine>();
        while (await follow.MoveNextAsync())
            rest.Add(follow.Current);

        Assert.Equal(JobState.Succeeded, done.State);
        Assert.EndsWith("4999\n5000\n", (await jobs.GetLogsAsync(job.Id)).Stdout, StringComparison.Ordinal);
        Assert.Equal(LogStream.Dropped, rest[^1].Stream);
        Assert.Contains("10 lines", rest[^1].Text, StringComparison.Ordinal);
        Assert.True(rest.Count < 200, $"{rest.Count} lines after the first: the follower was not dropped early");
        Assert.Equal(Enumerable.Range(2, rest.Count - 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rest.SkipLast(1).Select(l => l.Text));
    }
}
