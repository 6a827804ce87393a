using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using Orleans.Concurrency;

namespace JobScheduler.Grains.Workflows;

/// <summary>Serves the workflow listing from the silo's <see cref="IWorkflowIndex"/>; stateless, so any silo answers locally.</summary>
[StatelessWorker]
public sealed class WorkflowIndexGrain(IWorkflowIndex index) : Grain, IWorkflowIndexGrain
{
    public Task<WorkflowPage> Query(WorkflowQuery query) => index.QueryAsync(query);
}
