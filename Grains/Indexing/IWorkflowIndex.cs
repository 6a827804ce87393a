using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The workflow listing's index: written by the workflow grain after each persisted change, read by
/// <see cref="IWorkflowIndexGrain"/>. Redis sorted sets in cluster mode; memory in embedded mode.
/// </summary>
public interface IWorkflowIndex
{
    /// <summary>Records the workflow's current summary (idempotent: the latest record wins, whatever was recorded before).</summary>
    Task RecordAsync(WorkflowSummary workflow);

    /// <summary>One page of workflows matching the query, newest (by <see cref="WorkflowSummary.CreatedAt"/>) first.</summary>
    Task<WorkflowPage> QueryAsync(WorkflowQuery query);
}
