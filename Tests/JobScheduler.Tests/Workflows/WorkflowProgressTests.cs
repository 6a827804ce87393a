using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Workflows;

namespace JobScheduler.Tests.Workflows;

/// <summary>The workflow rules without a silo: what starts, what is skipped, when it ends, and that repeats change nothing.</summary>
public sealed class WorkflowProgressTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static WorkflowRecord Diamond(WorkflowFailurePolicy policy) => WorkflowProgress.Create(
        "wf",
        new WorkflowSpec
        {
            FailurePolicy = policy,
            Steps = [WorkflowSpecValidatorTests.Step("a"), WorkflowSpecValidatorTests.Step("b", "a"), WorkflowSpecValidatorTests.Step("c", "a"), WorkflowSpecValidatorTests.Step("d", "b", "c"), WorkflowSpecValidatorTests.Step("e")],
        },
        parent: null,
        Now);

    private static JobOutcome Ended(string step, JobState state, string output = "") => new()
    {
        JobId = $"wf.{step}",
        Parent = new JobParent { Kind = JobParentKind.Workflow, Id = "wf", Step = step },
        State = state,
        ExitCode = state == JobState.Succeeded ? 0 : 1,
        Output = output,
        EndedAt = Now,
    };

    private static WorkflowStepState StateOf(WorkflowRecord workflow, string step) => workflow.Steps.Single(s => s.Name == step).State;

    [Fact]
    public void Create_StartsOnlyRootSteps_WithDerivedJobIds()
    {
        var workflow = Diamond(WorkflowFailurePolicy.FailFast);

        Assert.Equal(["a", "e"], WorkflowProgress.Started(null, workflow).Select(s => s.Name));
        Assert.Equal("wf.a", workflow.Steps[0].JobId);
        Assert.Null(workflow.Steps[1].JobId);
    }

    [Fact]
    public void EndStep_RootSucceeds_StartsBothBranchesAndKeepsItsOutput()
    {
        var before = Diamond(WorkflowFailurePolicy.FailFast);

        var after = WorkflowProgress.EndStep(before, Ended("a", JobState.Succeeded, "42"), Now)!;

        Assert.Equal(["b", "c"], WorkflowProgress.Started(before, after).Select(s => s.Name));
        Assert.Equal("42", after.Steps[0].Output);
        Assert.Null(WorkflowProgress.EndStep(after, Ended("a", JobState.Succeeded), Now)); // a repeat changes nothing
    }

    [Fact]
    public void EndStep_FailFast_SkipsEveryPendingStepAndFailsOnceNothingRuns()
    {
        var workflow = WorkflowProgress.EndStep(Diamond(WorkflowFailurePolicy.FailFast), Ended("a", JobState.Succeeded), Now)!;

        workflow = WorkflowProgress.EndStep(workflow, Ended("c", JobState.DeadLettered), Now)!;

        Assert.Equal(WorkflowStepState.Failed, StateOf(workflow, "c"));
        Assert.Equal(WorkflowStepState.Skipped, StateOf(workflow, "d"));
        Assert.Equal(WorkflowState.Running, workflow.State); // b and e still run
        workflow = WorkflowProgress.EndStep(workflow, Ended("b", JobState.Succeeded), Now)!;
        workflow = WorkflowProgress.EndStep(workflow, Ended("e", JobState.Succeeded), Now)!;
        Assert.Equal(WorkflowState.Failed, workflow.State);
        Assert.True(WorkflowProgress.IsSettled(workflow));
    }

    [Fact]
    public void EndStep_Continue_SkipsOnlyTransitiveDependants()
    {
        var workflow = WorkflowProgress.EndStep(Diamond(WorkflowFailurePolicy.Continue), Ended("a", JobState.Failed), Now)!;

        Assert.Equal(WorkflowStepState.Skipped, StateOf(workflow, "b"));
        Assert.Equal(WorkflowStepState.Skipped, StateOf(workflow, "d"));
        Assert.Equal(WorkflowStepState.Running, StateOf(workflow, "e"));
        workflow = WorkflowProgress.EndStep(workflow, Ended("e", JobState.Succeeded), Now)!;
        Assert.Equal(WorkflowState.Failed, workflow.State);
    }

    [Fact]
    public void Cancel_CancelsPendingSteps_RunningOnesEndCancelledWithTheirJobs()
    {
        var workflow = WorkflowProgress.Cancel(Diamond(WorkflowFailurePolicy.FailFast), Now);

        Assert.Equal(WorkflowState.Cancelled, workflow.State);
        Assert.Equal(WorkflowStepState.Cancelled, StateOf(workflow, "d"));
        Assert.False(WorkflowProgress.IsSettled(workflow));
        workflow = WorkflowProgress.EndStep(workflow, Ended("a", JobState.Cancelled), Now)!;
        workflow = WorkflowProgress.EndStep(workflow, Ended("e", JobState.Succeeded), Now)!;
        Assert.Equal(WorkflowStepState.Cancelled, StateOf(workflow, "a"));
        Assert.Equal(WorkflowStepState.Succeeded, StateOf(workflow, "e"));
        Assert.Equal(WorkflowState.Cancelled, workflow.State);
        Assert.True(WorkflowProgress.IsSettled(workflow));
        Assert.Same(workflow, WorkflowProgress.Cancel(workflow, Now));
    }
}
