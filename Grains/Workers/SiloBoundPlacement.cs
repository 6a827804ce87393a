using Orleans.Runtime;

namespace JobScheduler.Grains.Workers;

/// <summary>Places a grain on the silo whose address is its key, and nowhere else.</summary>
[GenerateSerializer, Alias("JobScheduler.SiloBoundPlacement")]
public sealed class SiloBoundPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static SiloBoundPlacement Singleton { get; } = new();
}
