using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace JobScheduler.Grains.Workers;

/// <summary>
/// Activates a silo-bound grain on the silo named by its key. When that silo is gone the activation
/// fails rather than landing elsewhere: a worker that ran somewhere else would not own the containers.
/// </summary>
internal sealed class SiloBoundPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(key);
        }
        catch (FormatException e)
        {
            throw new OrleansException($"Grain {target.GrainIdentity} must be keyed by a silo address.", e);
        }

        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new SiloUnavailableException($"Silo {key} of worker {target.GrainIdentity} is not active.");
    }
}
