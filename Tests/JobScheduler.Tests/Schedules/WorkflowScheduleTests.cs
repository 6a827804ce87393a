using System.Net;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using JobScheduler.Tests.Workflows;

namespace JobScheduler.Tests.Schedules;

/// <summary>A workflow as the template of a cron schedule: each occurrence starts one workflow, whose end the run records.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class WorkflowScheduleTests(EmbeddedApiFixture api)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(40);
    private readonly HttpClient _http = api.CreateClient();
    private SchedulesHttpClient Schedules => new(_http);
    private WorkflowsHttpClient Workflows => new(_http);

    private static WorkflowSpec TwoSteps(string last) => new()
    {
        Steps =
        [
            Step("first", "echo 42"),
            Step("second", last, "first"),
        ],
    };

    private static WorkflowStepSpec Step(string name, string script, params string[] dependsOn) => new()
    {
        Name = name,
        Job = new JobSpec { Image = "busybox:latest", Command = ["sh", "-c", script], Retry = new RetryPolicy { MaxAttempts = 1 } },
        DependsOn = dependsOn,
    };

    [Fact]
    public async Task EverySecond_StartsOneWorkflowPerRun_AndTheRunShowsItsEnd()
    {
        var workflow = TwoSteps("""test "$JOBSCHEDULER_STEP_FIRST_OUTPUT" = 42""");
        var schedule = await Schedules.CreateAsync(new ScheduleSpec { Cron = "* * * * * *", Workflow = workflow, Overlap = OverlapPolicy.Skip });
        ScheduleRun[] seen = [];
        ScheduleRun? done = null;
        try
        {
            await Eventually.Async(async () =>
            {
                seen = await Schedules.RunsAsync(schedule.Id);
                done = seen.LastOrDefault(r => r is { WorkflowId: not null, State: JobState.Succeeded });
                return done is not null;
            }, RunTimeout, () => $"a run's workflow to succeed; runs: {string.Join("; ", seen.Select(r => $"{r.WorkflowId} {r.State} {r.Skipped}"))}");
        }
        finally
        {
            await Schedules.DeleteAsync(schedule.Id);
        }

        Assert.Null(done!.JobId);
        Assert.Equal(ScheduleIds.JobIdFor(schedule.Id, done.Occurrence), done.WorkflowId);
        var started = await Workflows.GetAsync(done.WorkflowId!);
        Assert.Equal(WorkflowState.Succeeded, started.State);
        Assert.Equal(new JobParent { Kind = JobParentKind.Schedule, Id = schedule.Id }, started.Parent);
        Assert.All(started.Steps, s => Assert.Equal(WorkflowIds.StepJobId(started.Id, s.Name), s.JobId));
        // Overlap Skip holds for workflows too: no two of its workflows ran at once.
        var spans = await Task.WhenAll(seen.Where(r => r.WorkflowId is not null && r.State is not JobState.Queued)
            .Select(async r => await Workflows.GetAsync(r.WorkflowId!)));
        var ordered = spans.OrderBy(w => w.CreatedAt).ToArray();
        for (var i = 1; i < ordered.Length; i++)
            Assert.True(ordered[i].CreatedAt >= ordered[i - 1].EndedAt, $"workflow {ordered[i].Id} started before {ordered[i - 1].Id} ended");
    }

    [Fact]
    public async Task Trigger_Answers202WithTheWorkflow_AndAFailedStepFailsTheRun()
    {
        var schedule = await Schedules.CreateAsync(new ScheduleSpec { Cron = "0 3 1 1 *", Workflow = TwoSteps("exit 4") });
        try
        {
            using var response = await _http.PostAsync($"/api/v1/schedules/{schedule.Id}/trigger", null);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var workflow = await SchedulerCluster.ReadAsync<WorkflowRecord>(response);
            Assert.Equal($"{WorkflowsHttpClient.Route}/{Uri.EscapeDataString(workflow.Id)}", response.Headers.Location?.OriginalString);

            var ended = await Workflows.WaitUntilAsync(workflow.Id, w => w.State.IsTerminal(), RunTimeout, "to end");
            Assert.Equal(WorkflowState.Failed, ended.State);
            ScheduleRun? run = null;
            await Eventually.Async(async () =>
            {
                run = (await Schedules.RunsAsync(schedule.Id)).Single();
                return run.State == JobState.Failed;
            }, TimeSpan.FromSeconds(10), () => $"the run to show the workflow failed (last seen: {run?.State})");
            Assert.Equal(ScheduleRunKind.Manual, run!.Kind);
            Assert.Contains("second", run.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await Schedules.DeleteAsync(schedule.Id);
        }
    }
}
