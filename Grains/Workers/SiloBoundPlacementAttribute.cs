using Orleans.Placement;

namespace JobScheduler.Grains.Workers;

/// <summary>Marks a grain keyed by a silo address as living on that silo (see <see cref="SiloBoundPlacementDirector"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloBoundPlacementAttribute() : PlacementAttribute(SiloBoundPlacement.Singleton);
