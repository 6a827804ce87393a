using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;

namespace JobScheduler.Grains.Deadlines;

/// <summary>Pokes a job by calling <see cref="IJobProtocolGrain.Reconcile"/>, which is idempotent.</summary>
internal sealed class GrainJobPoker(GrainReferences grains) : IJobPoker
{
    public Task PokeAsync(string jobId) => grains.Get<IJobProtocolGrain>(jobId).Reconcile();
}
