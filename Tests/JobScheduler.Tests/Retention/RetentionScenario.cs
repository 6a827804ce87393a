using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Retention;

/// <summary>
/// What a user sees of retention through the API, in either mode: succeeded and failed jobs disappear after the
/// retention (404, not listed, not counted), a dead letter stays.
/// </summary>
internal static class RetentionScenario
{
    /// <summary>The retention the hosts under test are configured with.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromSeconds(2);

    /// <summary>Configuration for a short retention swept often, by its <c>Scheduler:Jobs</c> keys.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Scheduler:Jobs:Retention"] = Retention.ToString(),
        ["Scheduler:Jobs:RetentionSweepInterval"] = "00:00:00.200",
    };

    public static async Task RunAsync(HttpClient http, Func<string> diagnostics)
    {
        var jobs = new JobsHttpClient(http);
        var queues = new QueuesHttpClient(http);
        var queue = QueuesHttpClient.UniqueName("retention");
        var succeeded = await jobs.SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], Queue = queue });
        var failed = await jobs.SubmitAsync(new JobSpec
        {
            Image = "busybox:latest",
            Command = ["false"],
            Queue = queue,
            Retry = new RetryPolicy { MaxAttempts = 1 },
        });
        var deadLetter = await jobs.SubmitAsync(new JobSpec
        {
            Image = "busybox:latest",
            Command = ["false"],
            Queue = queue,
            Retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(100) },
        });

        Assert.Equal(JobState.Succeeded, (await jobs.WaitForTerminalAsync(succeeded.Id, TimeSpan.FromSeconds(60))).State);
        Assert.Equal(JobState.Failed, (await jobs.WaitForTerminalAsync(failed.Id, TimeSpan.FromSeconds(60))).State);
        var dead = await jobs.WaitForTerminalAsync(deadLetter.Id, TimeSpan.FromSeconds(60));
        Assert.Equal(JobState.DeadLettered, dead.State);

        await Eventually.Async(async () => await IsGoneAsync(http, succeeded.Id) && await IsGoneAsync(http, failed.Id),
            Retention + TimeSpan.FromSeconds(20), () => $"the finished jobs are still there after their retention{Environment.NewLine}{diagnostics()}");

        // The dead letter outlives the retention by several sweeps, and stays.
        var pastItsRetention = dead.UpdatedAt + Retention + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        await Continually.Async(async () => !await IsGoneAsync(http, deadLetter.Id),
            pastItsRetention > TimeSpan.Zero ? pastItsRetention : TimeSpan.Zero, "the dead letter was deleted by the retention");

        // Gone everywhere: not listed, not counted; the dead letter is all that is left.
        var listed = await http.GetFromJsonAsync<JobPage>($"/api/v1/jobs?queue={queue}", SchedulerCluster.Json);
        Assert.Equal([deadLetter.Id], listed!.Items.Select(j => j.Id));
        Assert.Equal(1, listed.Total);
        var status = await queues.GetAsync(queue);
        Assert.Equal(0, status.Depth.GetValueOrDefault(JobState.Succeeded));
        Assert.Equal(0, status.Depth.GetValueOrDefault(JobState.Failed));
        Assert.Equal(1, status.Depth.GetValueOrDefault(JobState.DeadLettered));
        var kept = await jobs.GetAsync(deadLetter.Id);
        Assert.Equal(JobState.DeadLettered, kept.State);
        Assert.True(DateTimeOffset.UtcNow - kept.UpdatedAt > Retention, "the dead letter has not yet outlived the retention; the test proves nothing");
        Assert.Equal("", (await jobs.GetLogsAsync(deadLetter.Id)).Stdout);
    }

    private static async Task<bool> IsGoneAsync(HttpClient http, string jobId)
    {
        using var response = await http.GetAsync($"/api/v1/jobs/{jobId}");
        return response.StatusCode == HttpStatusCode.NotFound;
    }
}
