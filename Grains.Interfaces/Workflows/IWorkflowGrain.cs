namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A DAG workflow (key: workflow id, at most <see cref="WorkflowIds.MaxLength"/> characters): runs each step as a job
/// (<see cref="WorkflowIds.StepJobId"/>) once its dependencies succeeded, passing their results on
/// (<see cref="WorkflowStepJob"/>). Its state is persisted before each step is submitted; a reminder re-checks
/// running steps every minute, so a lost <c>IJobParentGrain.OnJobEnded</c> only delays the workflow.
/// </summary>
[Alias("JobScheduler.IWorkflowGrain")]
public interface IWorkflowGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the workflow: its root steps are submitted at once. Idempotent: when the workflow already exists, its
    /// record is returned unchanged. With a <paramref name="parent"/> (a cron schedule that uses the workflow as its
    /// template), the parent's <c>IJobParentGrain.OnJobEnded</c> is called one-way when the workflow ends.
    /// </summary>
    /// <exception cref="JobValidationException">
    /// The spec is invalid (see <see cref="WorkflowSpecValidator"/>), or a step's job asks for what the server or its
    /// queue does not allow (keyed <c>steps[1].job.network</c>); nothing was stored.
    /// </exception>
    /// <exception cref="ArgumentException">The key is not a valid workflow id.</exception>
    [Alias("Start")]
    Task<WorkflowRecord> Start(WorkflowSpec spec, JobParent? parent);

    /// <summary>The workflow, or null when no workflow has this id.</summary>
    [Alias("Get")]
    Task<WorkflowRecord?> Get();

    /// <summary>
    /// Cancels the workflow: it becomes <see cref="WorkflowState.Cancelled"/>, pending steps never run and running
    /// steps' jobs are cancelled. Idempotent; a finished workflow is returned unchanged. Null when unknown.
    /// </summary>
    [Alias("Cancel")]
    Task<WorkflowRecord?> Cancel();
}
