using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Webhooks;

namespace JobScheduler.Tests.Webhooks;

/// <summary>The pure rules of webhooks: matching, backoff, validation.</summary>
public sealed class WebhookRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static WebhookSubscription Subscription(string[] events, string? queue = null, string? workflowId = null) => new()
    {
        Id = "wh_0000000000000000", Url = "https://a.example/", Events = events, Queue = queue, WorkflowId = workflowId, CreatedAt = Now, CreatedBy = "test",
    };

    private static SchedulerEvent JobEvent(JobState to, string queue = "q", string? workflowId = null) => new()
    {
        Kind = SchedulerEventKind.Job, At = Now, JobId = "j1", To = to, Queue = queue, WorkflowId = workflowId,
    };

    [Fact]
    public void Matches_StateAndFilters_AllMustHold()
    {
        var failed = Subscription(["failed", "DeadLettered"], queue: "q");
        Assert.True(failed.Matches(JobEvent(JobState.Failed)));
        Assert.True(failed.Matches(JobEvent(JobState.DeadLettered)));
        Assert.False(failed.Matches(JobEvent(JobState.Succeeded)));
        Assert.False(failed.Matches(JobEvent(JobState.Failed, queue: "other")));
        Assert.True(Subscription([WebhookEvents.All], workflowId: "w").Matches(JobEvent(JobState.Queued, workflowId: "w")));
        Assert.False(Subscription([WebhookEvents.All], workflowId: "w").Matches(JobEvent(JobState.Queued)));
    }

    [Fact]
    public void Matches_ScheduleAndWorkflowEvents_NeverMatch() =>
        Assert.False(Subscription([WebhookEvents.All]).Matches(new SchedulerEvent { Kind = SchedulerEventKind.Schedule, At = Now, ScheduleId = "s" }));

    [Fact]
    public void NextAttempt_Failures_DoubleUpToTheCapWithJitter()
    {
        var options = new WebhookOptions { InitialRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(1) };
        Assert.Equal(Now + TimeSpan.FromSeconds(5), WebhookBackoff.NextAttempt(1, Now, Now, options, jitter: 0.999999999)!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(Now + TimeSpan.FromSeconds(10), WebhookBackoff.NextAttempt(2, Now, Now, options, jitter: 0.999999999)!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(Now + TimeSpan.FromSeconds(5), WebhookBackoff.NextAttempt(2, Now, Now, options, jitter: 0)!.Value);
        Assert.Equal(Now + TimeSpan.FromMinutes(1), WebhookBackoff.NextAttempt(30, Now, Now, options, jitter: 0.999999999)!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void NextAttempt_PastTheWindow_DeadLetters()
    {
        var options = new WebhookOptions();
        Assert.Null(WebhookBackoff.NextAttempt(20, Now - TimeSpan.FromHours(24), Now, options, jitter: 0));
        Assert.NotNull(WebhookBackoff.NextAttempt(20, Now - TimeSpan.FromHours(22), Now, options, jitter: 0));
    }

    [Fact]
    public void Validate_BadRequest_NamesEveryField()
    {
        var errors = WebhookRequestValidator.Validate(new WebhookRequest { Url = "not a url", Events = ["Succeeded", "Done", "7"], Queue = "" });
        Assert.Equal(["events[1]", "events[2]", "queue", "url"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(WebhookRequestValidator.Validate(new WebhookRequest { Url = "https://a.example/x", Events = ["*", "failed"] }));
    }

    [Fact]
    public void OptionsValidator_BadValues_ReportsEveryFailure()
    {
        var result = new WebhookOptionsValidator().Validate(null, new WebhookOptions { Concurrency = 0, LogLength = 1, ClaimAfter = TimeSpan.Zero });
        Assert.Equal(3, result.Failures!.Count());
        Assert.True(new WebhookOptionsValidator().Validate(null, new WebhookOptions()).Succeeded);
    }
}
