namespace JobScheduler.Grains.Interfaces;

/// <summary>Workflows: start, follow and cancel DAGs of job steps.</summary>
public sealed partial class JobSchedulerClient
{
    /// <summary>Validates and starts a workflow under a new id; its root steps are submitted at once.</summary>
    /// <exception cref="JobValidationException">The spec is invalid (errors keyed by JSON path, e.g. <c>steps[1].dependsOn[0]</c>); nothing was stored.</exception>
    public Task<WorkflowRecord> StartWorkflowAsync(WorkflowSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = WorkflowSpecValidator.Validate(spec, _time.GetUtcNow());
        if (errors.Count > 0)
            throw new JobValidationException(errors);
        return grains.GetGrain<IWorkflowGrain>(WorkflowIds.New()).Start(spec, parent: null).WaitAsync(cancellationToken);
    }

    /// <summary>The workflow with every step's state and job id, or null when the id is unknown.</summary>
    public Task<WorkflowRecord?> GetWorkflowAsync(string workflowId, CancellationToken cancellationToken = default) =>
        WorkflowIds.IsWellFormed(workflowId)
            ? grains.GetGrain<IWorkflowGrain>(workflowId).Get().WaitAsync(cancellationToken)
            : Task.FromResult<WorkflowRecord?>(null);

    /// <summary>
    /// Cancels the workflow (pending steps never run, running steps' jobs are cancelled) and returns it afterwards;
    /// a finished workflow is returned unchanged; null when the id is unknown.
    /// </summary>
    public Task<WorkflowRecord?> CancelWorkflowAsync(string workflowId, CancellationToken cancellationToken = default) =>
        WorkflowIds.IsWellFormed(workflowId)
            ? grains.GetGrain<IWorkflowGrain>(workflowId).Cancel().WaitAsync(cancellationToken)
            : Task.FromResult<WorkflowRecord?>(null);

    /// <summary>
    /// One page of workflows, newest first, each with its state, name label, step counts by state and times; with
    /// <see cref="WorkflowQuery.Queues"/>, only those whose steps all run in those queues.
    /// </summary>
    public Task<WorkflowPage> ListWorkflowsAsync(WorkflowQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return grains.GetGrain<IWorkflowIndexGrain>(0).Query(query).WaitAsync(cancellationToken);
    }

    /// <summary>Polls the workflow until it reaches a terminal state, then returns it.</summary>
    /// <exception cref="KeyNotFoundException">No workflow has this id.</exception>
    public async Task<WorkflowRecord> WaitForWorkflowAsync(string workflowId, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(250);
        while (true)
        {
            var workflow = await GetWorkflowAsync(workflowId, cancellationToken) ?? throw new KeyNotFoundException($"No workflow has id '{workflowId}'.");
            if (workflow.State.IsTerminal())
                return workflow;
            await Task.Delay(interval, _time, cancellationToken);
        }
    }
}
