namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Serves the workflow listing from the silo's workflow index (Redis sorted sets in cluster mode, memory in embedded
/// mode), which every workflow grain updates when it persists a change. Stateless: any silo answers. Key 0.
/// </summary>
[Alias("JobScheduler.IWorkflowIndexGrain")]
public interface IWorkflowIndexGrain : IGrainWithIntegerKey
{
    /// <summary>One page of workflows matching the query, newest first.</summary>
    [Alias("Query")]
    Task<WorkflowPage> Query(WorkflowQuery query);
}
