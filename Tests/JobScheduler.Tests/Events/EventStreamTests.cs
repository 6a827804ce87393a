using System.Net;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Security;
using JobScheduler.Tests.Workflows;

namespace JobScheduler.Tests.Events;

/// <summary><c>GET /api/v1/events</c> in embedded mode: what a job, a workflow and a reconnecting client see.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class EventStreamTests(EmbeddedApiFixture api) : IDisposable
{
    private const string Image = "busybox:latest";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = api.CreateClient();
    private readonly JobsHttpClient _jobs = new(api.CreateClient());

    private static JobSpec Later(string queue) => new() { Image = Image, Command = ["true"], Queue = queue, RunAt = DateTimeOffset.UtcNow.AddHours(1) };

    [Fact]
    [Trait("Category", "Docker")]
    public async Task Job_RunToSuccess_StreamGivesEachTransitionInOrder()
    {
        await using var stream = await EventStreamClient.OpenAsync(_http, "api/v1/events?queue=events-run");

        var job = await _jobs.SubmitAsync(new JobSpec { Image = Image, Command = ["true"], Queue = "events-run" });
        var events = await stream.TakeUntilAsync(e => e.JobId == job.Id && e.To == JobState.Succeeded, Timeout);

        Assert.Equal(
            [(null, JobState.Queued), (JobState.Queued, JobState.Running), (JobState.Running, JobState.Succeeded)],
            events.Select(e => (e.From, e.To)));
        Assert.All(events, e => Assert.Equal((SchedulerEventKind.Job, job.Id, "events-run"), (e.Kind, e.JobId, e.Queue)));
        Assert.Equal(job.SubmittedBy, events[0].Actor);
        Assert.Equal([0, 1, 1], events.Select(e => e.Attempt));
        Assert.NotNull(events[1].Worker);
        Assert.Equal(0, events[2].ExitCode);
        Assert.Equal(events.Select(e => e.Id).Order(Comparer<string>.Create((a, b) => EventPosition.Parse(a).CompareTo(EventPosition.Parse(b)))), events.Select(e => e.Id));
    }

    [Fact]
    public async Task Reconnect_WithLastEventId_ResumesWithoutGapOrRepeat()
    {
        const string queue = "events-resume";
        var first = await EventStreamClient.OpenAsync(_http, $"api/v1/events?queue={queue}");
        var start = first.StartId;
        var jobs = new List<JobRecord>();
        for (var i = 0; i < 4; i++)
            jobs.Add(await _jobs.SubmitAsync(Later(queue)));
        var before = await first.TakeAsync(3, Timeout);
        var lastSeen = first.LastId;
        await first.DisposeAsync();

        // Events the client misses while away: the fourth submission's, and four cancellations.
        foreach (var job in jobs)
            await _jobs.CancelAsync(job.Id);
        await using var resumed = await EventStreamClient.OpenAsync(_http, $"api/v1/events?queue={queue}", lastEventId: lastSeen);
        var after = await resumed.TakeAsync(5, Timeout);

        await using var replay = await EventStreamClient.OpenAsync(_http, $"api/v1/events?queue={queue}&after={start}");
        var everything = await replay.TakeAsync(8, Timeout);
        Assert.Equal(everything.Select(e => e.Id), before.Concat(after).Select(e => e.Id));
        Assert.Equal(jobs.Select(j => j.Id).Concat(jobs.Select(j => j.Id)), everything.Select(e => e.JobId));
        Assert.Equal(Enumerable.Repeat<JobState?>(JobState.Scheduled, 4).Concat(Enumerable.Repeat<JobState?>(JobState.Cancelled, 4)), everything.Select(e => e.To));
    }

    [Fact]
    public async Task Filters_ByJobAndState_PassOnlyMatchingEvents()
    {
        var start = (await OpenLiveAsync("api/v1/events?queue=events-filter")).StartId;
        var kept = await _jobs.SubmitAsync(Later("events-filter"));
        var other = await _jobs.SubmitAsync(Later("events-filter"));
        await _jobs.CancelAsync(other.Id);
        await _jobs.CancelAsync(kept.Id);

        await using var byJob = await EventStreamClient.OpenAsync(_http, $"api/v1/events?jobId={kept.Id}&after={start}");
        Assert.Equal([JobState.Scheduled, (JobState?)JobState.Cancelled], (await byJob.TakeAsync(2, Timeout)).Select(e => e.To));
        await using var byState = await EventStreamClient.OpenAsync(_http, $"api/v1/events?queue=events-filter&state=cancelled&after={start}");
        Assert.Equal([other.Id, kept.Id], (await byState.TakeAsync(2, Timeout)).Select(e => e.JobId));
        // Proving that nothing more arrives needs a window without anything happening.
        await Task.Delay(200);
        Assert.Empty(byJob.Drain());
        Assert.Empty(byState.Drain());
    }

    [Fact]
    public async Task Tenant_SeesOnlyItsQueuesEvents()
    {
        var key = await ApiKeysHttp.CreateAsync(_http, "events-tenant", [ApiScopes.Read], ["events-tenant-a"]);
        using var tenant = api.CreateAnonymousClient().Authorize(key.Key);
        await using var stream = await EventStreamClient.OpenAsync(tenant, "api/v1/events");

        var hidden = await _jobs.SubmitAsync(Later("events-tenant-b"));
        var visible = await _jobs.SubmitAsync(Later("events-tenant-a"));
        var seen = await stream.TakeUntilAsync(e => e.JobId == visible.Id, Timeout);

        Assert.DoesNotContain(seen, e => e.JobId == hidden.Id || e.Queue != "events-tenant-a");
        await _jobs.CancelAsync(hidden.Id);
        await _jobs.CancelAsync(visible.Id);
    }

    [Fact]
    [Trait("Category", "Docker")]
    public async Task Workflow_StepsAndWorkflow_EachChangeIsAnEvent()
    {
        var start = (await OpenLiveAsync("api/v1/events?queue=events-none")).StartId;
        var workflows = new WorkflowsHttpClient(api.CreateClient());
        var workflow = await workflows.StartAsync(new WorkflowSpec
        {
            Steps =
            [
                new WorkflowStepSpec { Name = "first", Job = new JobSpec { Image = Image, Command = ["true"], Queue = "events-flow" } },
                new WorkflowStepSpec { Name = "second", Job = new JobSpec { Image = Image, Command = ["true"], Queue = "events-flow" }, DependsOn = ["first"] },
            ],
        });

        await using var stream = await EventStreamClient.OpenAsync(_http, $"api/v1/events?workflowId={workflow.Id}&after={start}");
        var events = await stream.TakeUntilAsync(e => e.Kind == SchedulerEventKind.Workflow && e.WorkflowState == WorkflowState.Succeeded, Timeout);

        var steps = events.Where(e => e.Kind == SchedulerEventKind.Workflow && e.Step is not null).Select(e => (e.Step, e.StepState)).ToList();
        Assert.Equal(
            [("first", WorkflowStepState.Running), ("first", WorkflowStepState.Succeeded), ("second", WorkflowStepState.Running), ("second", WorkflowStepState.Succeeded)],
            steps);
        // The steps' jobs' own transitions come with the workflow's id, so one filter follows the whole DAG.
        Assert.Contains(events, e => e.Kind == SchedulerEventKind.Job && e.Step == "second" && e.To == JobState.Succeeded);
    }

    [Theory]
    [InlineData("after=nope", null, "after")]
    [InlineData("after=12-x", null, "after")]
    [InlineData("", "not-an-id", "Last-Event-ID")]
    [InlineData("state=Bogus", null, "state")]
    [InlineData("queue=Not_A_Queue!", null, "queue")]
    public async Task BadQuery_Answers400NamingTheParameter(string query, string? lastEventId, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/events?{query}");
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Stream_WithoutCredentials_Answers401()
    {
        using var anonymous = api.CreateAnonymousClient();
        using var response = await anonymous.GetAsync("api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<EventStreamClient> OpenLiveAsync(string pathAndQuery)
    {
        var stream = await EventStreamClient.OpenAsync(_http, pathAndQuery);
        await stream.DisposeAsync();
        return stream;
    }

    public void Dispose()
    {
        _http.Dispose();
    }
}
