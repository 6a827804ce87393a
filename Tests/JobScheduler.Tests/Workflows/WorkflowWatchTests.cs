using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Workflows;

/// <summary>A lost job-ended notification only delays a workflow: its reminder tick reads the step's job and moves on.</summary>
[Collection(EmbeddedApiCollection.Name)]
[Trait("Category", "Docker")]
public sealed class WorkflowWatchTests(EmbeddedApiFixture api)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task ReminderTick_StepJobEndedWithoutNotifying_EndsTheStepAndStartsItsDependant()
    {
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        var workflows = new WorkflowsHttpClient(api.CreateClient());
        var jobs = new JobsHttpClient(api.CreateClient());
        var id = WorkflowIds.New();
        var first = new JobSpec { Image = "busybox:latest", Command = ["echo", "from-a"] };
        // The step's job exists before the workflow, submitted without a parent: it will never notify the workflow,
        // exactly as if its notification were lost. The workflow's own submission finds it (same derived id).
        await grains.GetGrain<IJobGrain>(WorkflowIds.StepJobId(id, "a")).Submit(first, idempotencyKey: null);
        var spec = new WorkflowSpec
        {
            Steps =
            [
                new WorkflowStepSpec { Name = "a", Job = first },
                new WorkflowStepSpec { Name = "b", Job = new JobSpec { Image = "busybox:latest", Command = ["sh", "-c", "test \"$JOBSCHEDULER_STEP_A_OUTPUT\" = from-a"], Retry = new RetryPolicy { MaxAttempts = 1 } }, DependsOn = ["a"] },
            ],
        };
        var workflow = grains.GetGrain<IWorkflowGrain>(id);
        await workflow.Start(spec, parent: null);
        await jobs.WaitForTerminalAsync(WorkflowIds.StepJobId(id, "a"), RunTimeout);
        Assert.Equal(WorkflowStepState.Running, (await workflows.GetAsync(id)).Steps[0].State);

        await workflow.AsReference<IRemindable>().ReceiveReminder("watch", default);

        var done = await workflows.WaitForEndAsync(id, RunTimeout);
        Assert.Equal(WorkflowState.Succeeded, done.State);
        Assert.Equal("from-a", done.Steps[0].Output);
        Assert.Equal(WorkflowStepState.Succeeded, done.Steps[1].State);
    }
}
