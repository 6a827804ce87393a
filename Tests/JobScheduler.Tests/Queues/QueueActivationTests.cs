using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Queues;

/// <summary>Reads of queues that do not exist leave nothing in memory; queues in use stay.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class QueueActivationTests(EmbeddedApiFixture api)
{
    [Fact]
    public async Task Get_UnknownQueues_LeaveNoActivations()
    {
        var queues = new QueuesHttpClient(api.CreateClient());
        var names = Enumerable.Range(0, 200).Select(_ => QueuesHttpClient.UniqueName("ghost")).ToArray();

        foreach (var chunk in names.Chunk(20))
            await Task.WhenAll(chunk.Select(async name => Assert.Equal(0, (await queues.GetAsync(name)).Running)));

        var left = names.Length;
        await Eventually.Async(async () => (left = await ActivationsAsync(names)) == 0, TimeSpan.FromSeconds(15),
            () => $"{left} of {names.Length} unknown queues are still activated");
    }

    [Fact]
    public async Task Get_QueueWithSettings_StaysActivated()
    {
        var queues = new QueuesHttpClient(api.CreateClient());
        var name = QueuesHttpClient.UniqueName("kept");
        await queues.UpdateAsync(name, new QueueSettings { ConcurrencyLimit = 3 });

        var status = await queues.GetAsync(name);

        Assert.Equal(3, status.Settings.ConcurrencyLimit);
        // A queue with settings is a real queue: its activation holds its ready jobs and running counts.
        await Continually.Async(async () => await ActivationsAsync([name]) == 1, TimeSpan.FromSeconds(2), "the configured queue left memory");
    }

    private async Task<int> ActivationsAsync(IEnumerable<string> names)
    {
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var counts = await Task.WhenAll(names.Select(n => management.GetGrainActivationCount((GrainReference)grains.GetGrain<IQueueGrain>(n))));
        return counts.Sum();
    }
}
