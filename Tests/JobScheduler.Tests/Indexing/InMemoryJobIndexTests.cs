using JobScheduler.Grains.Indexing;

namespace JobScheduler.Tests.Indexing;

public sealed class InMemoryJobIndexTests : JobIndexTests
{
    protected override Task<IJobIndex> CreateIndexAsync() => Task.FromResult<IJobIndex>(new InMemoryJobIndex());
}
