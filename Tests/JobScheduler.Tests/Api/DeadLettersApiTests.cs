using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Api;

/// <summary>
/// The dead-letter list, requeue and delete, end to end with real containers. Every test dead-letters its own jobs
/// in a queue of its own and filters by it, so tests neither see nor disturb each other's dead letters.
/// </summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class DeadLettersApiTests(EmbeddedApiFixture api)
{
    private const string Image = "busybox:latest";
    private const string DeadLetters = "/api/v1/dead-letters";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IndexDeadline = TimeSpan.FromSeconds(10);
    private readonly HttpClient _client = api.CreateClient();
    private readonly JobsHttpClient _jobs = new(api.CreateClient());

    [Fact]
    public async Task List_ByQueue_ShowsTheDeadLetteredJobWithItsLastFailure()
    {
        var queue = UniqueQueue();
        var job = await DeadLetterAsync(queue);

        var page = await WaitForDeadLettersAsync(queue, expected: 1);

        var row = Assert.Single(page.Items);
        Assert.Equal(job.Id, row.Id);
        Assert.Equal(JobState.DeadLettered, row.State);
        Assert.Equal(queue, row.Queue);
        Assert.Equal(2, row.Attempt);
        Assert.Equal(1, row.ExitCode);
        Assert.StartsWith(FailureReasons.NonZeroExit, row.FailureReason);
    }

    [Fact]
    public async Task Requeue_DeadLetteredJob_StartsTheNextAttemptKeepingHistoryAndLeavesTheList()
    {
        var queue = UniqueQueue();
        // Each attempt runs a second, so the requeued job stays off the list long enough to be seen gone.
        var job = await DeadLetterAsync(queue, command: "sleep 1; exit 1");
        await WaitForDeadLettersAsync(queue, expected: 1);

        using var response = await _client.PostAsync($"/api/v1/jobs/{job.Id}/requeue", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requeued = await SchedulerCluster.ReadAsync<JobRecord>(response);
        Assert.Equal(JobState.Queued, requeued.State);
        AssertSameAttempts(job.Attempts, requeued.Attempts.Take(2));
        await WaitForDeadLettersAsync(queue, expected: 0);
        var third = await _jobs.WaitUntilAsync(job.Id, j => j.Attempts.Count >= 3, RunTimeout, "to start its third attempt");
        Assert.Equal(3, third.Attempts[2].Number);
        Assert.True(third.Attempts[2].ClaimedAt >= job.Attempts[1].EndedAt);

        // The requeue gave it a fresh budget of two attempts, numbered on from the old ones.
        var again = await _jobs.WaitUntilAsync(job.Id, j => j.State.IsTerminal() && j.Attempts.Count >= 4, RunTimeout, "to use its fresh budget");
        Assert.Equal(JobState.DeadLettered, again.State);
        Assert.Equal([1, 2, 3, 4], again.Attempts.Select(a => a.Number));
        AssertSameAttempts(job.Attempts, again.Attempts.Take(2));
    }

    [Fact]
    public async Task Requeue_FailedJob_RunsItAgainAsTheNextAttempt()
    {
        var job = await _jobs.SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["sh", "-c", "exit 1"],
            Queue = UniqueQueue(),
            Retry = new RetryPolicy { MaxAttempts = 1 },
        });
        var failed = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);
        Assert.Equal(JobState.Failed, failed.State);

        using var response = await _client.PostAsync($"/api/v1/jobs/{job.Id}/requeue", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JobState.Queued, (await SchedulerCluster.ReadAsync<JobRecord>(response)).State);
        var again = await _jobs.WaitUntilAsync(job.Id, j => j.State.IsTerminal() && j.Attempts.Count == 2, RunTimeout, "to fail its second attempt");
        Assert.Equal(JobState.Failed, again.State);
        Assert.Equal([1, 2], again.Attempts.Select(a => a.Number));
        AssertSameAttempts(failed.Attempts, again.Attempts.Take(1));
    }

    [Fact]
    public async Task Requeue_SucceededJob_Returns409NamingTheState()
    {
        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["true"], Queue = UniqueQueue() });
        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);
        Assert.Equal(JobState.Succeeded, done.State);

        using var response = await _client.PostAsync($"/api/v1/jobs/{job.Id}/requeue", content: null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("Succeeded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Succeeded", problem.GetProperty("state").GetString());
        var after = await _jobs.GetAsync(job.Id);
        Assert.Equal(JobState.Succeeded, after.State);
        Assert.Single(after.Attempts);
    }

    [Fact]
    public async Task Delete_DeadLetteredJob_Returns204AndTheJobIsGone()
    {
        var queue = UniqueQueue();
        var job = await DeadLetterAsync(queue);
        await WaitForDeadLettersAsync(queue, expected: 1);

        using var deleted = await _client.DeleteAsync($"{DeadLetters}/{job.Id}");
        using var get = await _client.GetAsync($"/api/v1/jobs/{job.Id}");
        using var deletedAgain = await _client.DeleteAsync($"{DeadLetters}/{job.Id}");
        using var requeue = await _client.PostAsync($"/api/v1/jobs/{job.Id}/requeue", content: null);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(deletedAgain, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(requeue, HttpStatusCode.NotFound);
        await WaitForDeadLettersAsync(queue, expected: 0);
    }

    [Fact]
    public async Task Delete_JobThatIsNotDeadLettered_Returns404AndKeepsIt()
    {
        var job = await _jobs.SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["true"],
            Queue = UniqueQueue(),
            RunAt = DateTimeOffset.UtcNow.AddDays(1),
        });

        using var deleted = await _client.DeleteAsync($"{DeadLetters}/{job.Id}");
        using var unknown = await _client.DeleteAsync($"{DeadLetters}/{Guid.NewGuid():N}");

        await ProblemAssert.IsProblemAsync(deleted, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(JobState.Scheduled, (await _jobs.GetAsync(job.Id)).State);
        await _jobs.CancelAsync(job.Id);
    }

    [Fact]
    public async Task RequeueAll_ByQueue_RequeuesExactlyThatQueuesDeadLetters()
    {
        var queue = UniqueQueue();
        var other = UniqueQueue();
        var jobs = await Task.WhenAll(DeadLetterAsync(queue), DeadLetterAsync(queue), DeadLetterAsync(other));
        await WaitForDeadLettersAsync(queue, expected: 2);
        await WaitForDeadLettersAsync(other, expected: 1);

        using var response = await _client.PostAsync($"{DeadLetters}/requeue?queue={queue}", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("requeued").GetInt32());
        Assert.Equal(JobState.DeadLettered, (await _jobs.GetAsync(jobs[2].Id)).State);
        foreach (var requeued in jobs[..2])
        {
            // Each starts a third attempt; wait for the fresh budget to run out so no container outlives the test.
            var again = await _jobs.WaitUntilAsync(requeued.Id, j => j.State.IsTerminal() && j.Attempts.Count == 4, RunTimeout, "to run its requeued attempts");
            Assert.Equal([1, 2, 3, 4], again.Attempts.Select(a => a.Number));
        }
        using var none = await _client.PostAsync($"{DeadLetters}/requeue?queue={UniqueQueue()}", content: null);
        Assert.Equal(0, (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requeued").GetInt32());
    }

    // A job that fails both of its two attempts, a moment apart: DeadLettered within seconds.
    private async Task<JobRecord> DeadLetterAsync(string queue, string command = "exit 1")
    {
        var job = await _jobs.SubmitAsync(new JobSpec
        {
            Image = Image,
            Command = ["sh", "-c", command],
            Queue = queue,
            Retry = new RetryPolicy { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(200) },
        });
        var done = await _jobs.WaitForTerminalAsync(job.Id, RunTimeout);
        Assert.Equal(JobState.DeadLettered, done.State);
        return done;
    }

    // The listing index may trail the job grain by a moment.
    private async Task<JobPage> WaitForDeadLettersAsync(string queue, long expected)
    {
        JobPage? page = null;
        await Eventually.Async(async () =>
        {
            using var response = await _client.GetAsync($"{DeadLetters}?queue={queue}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            page = await SchedulerCluster.ReadAsync<JobPage>(response);
            return page.Total == expected;
        }, IndexDeadline, $"{expected} dead letter(s) to be listed in queue {queue}");
        return page!;
    }

    private static void AssertSameAttempts(IEnumerable<JobAttempt> expected, IEnumerable<JobAttempt> actual) =>
        Assert.Equal(
            expected.Select(a => (a.Number, a.ContainerId, a.ExitCode, a.FailureReason, a.EndedAt)),
            actual.Select(a => (a.Number, a.ContainerId, a.ExitCode, a.FailureReason, a.EndedAt)));

    private static string UniqueQueue() => $"dlq-{Guid.NewGuid():N}";
}
