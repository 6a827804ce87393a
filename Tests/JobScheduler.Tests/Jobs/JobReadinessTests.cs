using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Tests.Jobs;

/// <summary>A retried job keeps its place in line: it is ordered by when it first became ready.</summary>
public sealed class JobReadinessTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static JobRecord Job(DateTimeOffset? runAt = null, int retryBase = 0, params DateTimeOffset[] claims) => new()
    {
        Id = "job",
        Spec = new JobSpec { Image = "busybox:latest", Command = ["true"], RunAt = runAt },
        State = JobState.Queued,
        CreatedAt = Created,
        UpdatedAt = Created.AddMinutes(10),
        DueAt = Created.AddMinutes(10),
        RetryBase = retryBase,
        Attempts = [.. claims.Select((claimed, i) => new JobAttempt { Number = i + 1, Worker = "w", ClaimedAt = claimed })],
    };

    [Fact]
    public void RetriedJob_IsReadyFromItsSubmission_NotFromItsFirstClaimOrItsRetryTime()
    {
        Assert.Equal(Created, JobReadiness.FirstReadyAt(Job(claims: [Created.AddMinutes(3), Created.AddMinutes(6)])));
    }

    [Fact]
    public void ScheduledJob_IsReadyFromItsRunTime()
    {
        Assert.Equal(Created.AddHours(1), JobReadiness.FirstReadyAt(Job(runAt: Created.AddHours(1))));
        Assert.Equal(Created, JobReadiness.FirstReadyAt(Job(runAt: Created.AddHours(-1))));
    }

    [Fact]
    public void RequeuedFromDeadLetters_IsReadyFromItsFirstClaimAfterTheRequeue_OrItsRequeueTime()
    {
        var claims = new[] { Created.AddMinutes(1), Created.AddMinutes(2), Created.AddMinutes(30) };
        Assert.Equal(Created.AddMinutes(30), JobReadiness.FirstReadyAt(Job(retryBase: 2, claims: claims)));
        Assert.Equal(Created.AddMinutes(10), JobReadiness.FirstReadyAt(Job(retryBase: 3, claims: claims)));
    }
}
