namespace JobScheduler.Grains.Interfaces;

/// <summary>A DAG workflow (key: workflow id): runs each step as a job once its dependencies succeeded.</summary>
[Alias("JobScheduler.IWorkflowGrain")]
public interface IWorkflowGrain : IJobParentGrain
{
}
