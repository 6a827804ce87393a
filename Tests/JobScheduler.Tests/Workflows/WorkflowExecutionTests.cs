using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Workflows;

/// <summary>Workflows run end to end in embedded mode: REST API, workflow grain, job grains, worker, real Docker engine.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class WorkflowExecutionTests(EmbeddedApiFixture api)
{
    private const string Image = "busybox:latest";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(40);
    private static readonly RetryPolicy NoRetry = new() { MaxAttempts = 1 };
    private readonly WorkflowsHttpClient _workflows = new(api.CreateClient());
    private readonly JobsHttpClient _jobs = new(api.CreateClient());

    private static WorkflowStepSpec Step(string name, string script, params string[] dependsOn) => new()
    {
        Name = name,
        Job = new JobSpec { Image = Image, Command = ["sh", "-c", script], Retry = NoRetry },
        DependsOn = dependsOn,
    };

    [Fact]
    public async Task Diamond_RunsInDependencyOrder_AndPassesAsResultToB()
    {
        var workflow = await _workflows.StartAsync(new WorkflowSpec
        {
            Steps =
            [
                Step("A", "echo starting; echo 42"),
                // B succeeds only if it received A's last stdout line and exit code.
                Step("B", """test "$JOBSCHEDULER_STEP_A_OUTPUT" = 42 && test "$JOBSCHEDULER_STEP_A_EXIT_CODE" = 0 && echo b-ok""", "A"),
                Step("C", "echo c-ok", "A"),
                Step("D", """test "$JOBSCHEDULER_STEP_B_OUTPUT" = b-ok && test "$JOBSCHEDULER_STEP_C_OUTPUT" = c-ok""", "B", "C"),
            ],
        });
        Assert.Equal(WorkflowState.Running, workflow.State);
        Assert.Equal(["A", "B", "C", "D"], workflow.Steps.Select(s => s.Name));
        Assert.Equal(WorkflowStepState.Running, workflow.Steps[0].State);
        Assert.All(workflow.Steps.Skip(1), s => Assert.Equal(WorkflowStepState.Pending, s.State));

        var done = await _workflows.WaitForEndAsync(workflow.Id, RunTimeout);

        Assert.True(done.State == WorkflowState.Succeeded, string.Join("; ", done.Steps.Select(s => $"{s.Name} {s.State} {s.FailureReason}")));
        Assert.All(done.Steps, s => Assert.Equal(WorkflowStepState.Succeeded, s.State));
        Assert.Equal("42", done.Steps[0].Output);
        Assert.Equal(0, done.Steps[0].ExitCode);
        Assert.NotNull(done.EndedAt);
        var jobs = new Dictionary<string, JobRecord>();
        foreach (var step in done.Steps)
        {
            Assert.Equal($"{done.Id}.{step.Name}", step.JobId);
            jobs[step.Name] = await _jobs.GetAsync(step.JobId!);
            Assert.Equal(done.Id, jobs[step.Name].Spec.Labels["workflow"]);
            Assert.Equal(JobParentKind.Workflow, jobs[step.Name].Parent?.Kind);
        }
        DateTimeOffset Started(string s) => jobs[s].CurrentAttempt!.StartedAt!.Value;
        DateTimeOffset Ended(string s) => jobs[s].CurrentAttempt!.EndedAt!.Value;
        Assert.True(Started("B") >= Ended("A"), "B started before A ended");
        Assert.True(Started("C") >= Ended("A"), "C started before A ended");
        Assert.True(Started("D") >= Ended("B") && Started("D") >= Ended("C"), "D started before B and C ended");
    }

    [Fact]
    public async Task FailFast_CFails_SkipsDLetsRunningBFinishAndFailsTheWorkflow()
    {
        var workflow = await _workflows.StartAsync(new WorkflowSpec
        {
            Steps = [Step("A", "true"), Step("B", "sleep 2", "A"), Step("C", "exit 1", "A"), Step("D", "true", "B", "C")],
        });

        var done = await _workflows.WaitForEndAsync(workflow.Id, RunTimeout);

        Assert.Equal(WorkflowState.Failed, done.State);
        var steps = done.Steps.ToDictionary(s => s.Name);
        Assert.Equal(WorkflowStepState.Succeeded, steps["B"].State);
        Assert.Equal(WorkflowStepState.Failed, steps["C"].State);
        Assert.Equal(1, steps["C"].ExitCode);
        Assert.StartsWith(FailureReasons.NonZeroExit, steps["C"].FailureReason);
        Assert.Equal(WorkflowStepState.Skipped, steps["D"].State);
        Assert.Null(steps["D"].JobId);
        Assert.Contains("'C'", steps["D"].FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continue_FailedBranch_SkipsItsDependantsWhileTheIndependentBranchFinishes()
    {
        var workflow = await _workflows.StartAsync(new WorkflowSpec
        {
            FailurePolicy = WorkflowFailurePolicy.Continue,
            Steps = [Step("bad", "exit 3"), Step("after-bad", "true", "bad"), Step("good", "sleep 1"), Step("after-good", "echo fine", "good")],
        });

        var done = await _workflows.WaitForEndAsync(workflow.Id, RunTimeout);

        Assert.Equal(WorkflowState.Failed, done.State);
        var steps = done.Steps.ToDictionary(s => s.Name, s => s.State);
        Assert.Equal(WorkflowStepState.Failed, steps["bad"]);
        Assert.Equal(WorkflowStepState.Skipped, steps["after-bad"]);
        Assert.Equal(WorkflowStepState.Succeeded, steps["good"]);
        Assert.Equal(WorkflowStepState.Succeeded, steps["after-good"]);
        Assert.Equal("fine", done.Steps[3].Output);
    }

    [Fact]
    public async Task Cancel_WorkflowWithRunningStep_CancelsItsJobAndThePendingSteps()
    {
        var workflow = await _workflows.StartAsync(new WorkflowSpec
        {
            Steps = [Step("long", "sleep 60"), Step("next", "true", "long"), Step("last", "true", "next")],
        });
        var jobId = workflow.Steps[0].JobId!;
        await _jobs.WaitUntilAsync(jobId, j => j.CurrentAttempt?.ContainerId is not null, RunTimeout, "to have a running container");

        var cancelled = await _workflows.CancelAsync(workflow.Id);

        Assert.Equal(WorkflowState.Cancelled, cancelled.State);
        Assert.Equal(WorkflowStepState.Cancelled, cancelled.Steps[1].State);
        Assert.Equal(WorkflowStepState.Cancelled, cancelled.Steps[2].State);
        var done = await _workflows.WaitForEndAsync(workflow.Id, TimeSpan.FromSeconds(10));
        Assert.Equal(WorkflowState.Cancelled, done.State);
        Assert.Equal(WorkflowStepState.Cancelled, done.Steps[0].State);
        Assert.Equal(JobState.Cancelled, (await _jobs.GetAsync(jobId)).State);
        Assert.Null(done.Steps[1].JobId);

        var again = await _workflows.CancelAsync(workflow.Id); // idempotent: a finished workflow is returned unchanged
        Assert.Equal(done.UpdatedAt, again.UpdatedAt);
    }

    [Fact]
    public async Task TypedClient_StartsAWorkflowAndWaitsForIt_AndRejectsACycleBeforeStoringAnything()
    {
        var client = api.Factory.Services.GetRequiredService<JobSchedulerClient>();
        using var timeout = new CancellationTokenSource(RunTimeout);

        var started = await client.StartWorkflowAsync(new WorkflowSpec { Steps = [Step("only", "echo done")] }, timeout.Token);
        var done = await client.WaitForWorkflowAsync(started.Id, cancellationToken: timeout.Token);

        Assert.Equal(WorkflowState.Succeeded, done.State);
        Assert.Equal("done", done.Steps[0].Output);
        var invalid = await Assert.ThrowsAsync<JobValidationException>(() =>
            client.StartWorkflowAsync(new WorkflowSpec { Steps = [Step("x", "true", "y"), Step("y", "true", "x")] }, timeout.Token));
        Assert.Contains("x → y → x", Assert.Single(invalid.Errors["steps"]), StringComparison.Ordinal);
        Assert.Null(await client.GetWorkflowAsync("no-such-workflow", timeout.Token));
    }
}
