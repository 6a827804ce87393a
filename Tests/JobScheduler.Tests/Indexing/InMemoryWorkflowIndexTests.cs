using JobScheduler.Grains.Indexing;

namespace JobScheduler.Tests.Indexing;

public sealed class InMemoryWorkflowIndexTests : WorkflowIndexTests
{
    protected override Task<IWorkflowIndex> CreateIndexAsync() => Task.FromResult<IWorkflowIndex>(new InMemoryWorkflowIndex());
}
