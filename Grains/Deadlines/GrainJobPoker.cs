using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Grains.Deadlines;

/// <summary>Pokes a job by calling <see cref="IJobProtocolGrain.Reconcile"/>, which is idempotent.</summary>
internal sealed class GrainJobPoker(IGrainFactory grains) : IJobPoker
{
    public Task PokeAsync(string jobId) => grains.GetGrain<IJobProtocolGrain>(jobId).Reconcile();
}
