namespace JobScheduler.Grains.Interfaces;

/// <summary>The values of <see cref="JobSpec.Network"/>.</summary>
public static class JobNetworks
{
    /// <summary>No network: the container has only a loopback interface. The default.</summary>
    public const string None = "none";

    /// <summary>Docker's bridge network: outbound access. Allowed only in queues that permit it.</summary>
    public const string Bridge = "bridge";
}
