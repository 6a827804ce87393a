using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;
using Orleans.Concurrency;

namespace JobScheduler.Grains.Jobs;

/// <summary>Serves listings from the silo's <see cref="IJobIndex"/>; stateless, so any silo answers locally.</summary>
[StatelessWorker]
public sealed class JobIndexGrain(IJobIndex index) : Grain, IJobIndexGrain
{
    public Task<JobPage> Query(JobQuery query) => index.QueryAsync(query);

    public Task<IReadOnlyList<string>> Queues() => index.QueuesAsync();

    public Task<IReadOnlyDictionary<JobState, long>> CountByState(string queue) => index.CountByStateAsync(queue);
}
