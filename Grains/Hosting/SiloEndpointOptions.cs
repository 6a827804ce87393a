namespace JobScheduler.Grains.Hosting;

/// <summary>Where a silo listens (<c>Scheduler:Silo</c>). Several silos on one host need different ports.</summary>
public sealed class SiloEndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduler:Silo";

    /// <summary>Silo-to-silo port. Default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (the API) connect to. Default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at. Default: 127.0.0.1.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
