using System.Globalization;
using Microsoft.AspNetCore.Hosting;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>Ports for the silo an embedded API host co-hosts.</summary>
public static class EmbeddedSiloPorts
{
    /// <summary>
    /// Puts the co-hosted silo on free loopback ports, so that a test host never collides with another test host or a
    /// developer's silo on the defaults, and gives it a cluster id of its own: an embedded worker removes its cluster's
    /// containers whose silo it does not know, which would otherwise be those of the test hosts running beside it.
    /// Its worker runs 4 slots, as configured, so that no test depends on the CPUs of the machine's engine (a test of
    /// the automatic slots sets <c>Scheduler:Worker:Slots</c> to empty after this).
    /// </summary>
    public static IWebHostBuilder UseFreeSiloPorts(this IWebHostBuilder builder)
    {
        var ports = FreePort.Many(2);
        return builder
            .UseSetting("Scheduler:Cluster:ClusterId", $"test-{Guid.NewGuid():N}")
            .UseSetting("Scheduler:Silo:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture))
            .UseSetting("Scheduler:Silo:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture))
            .UseSetting("Scheduler:Worker:Slots", "4");
    }
}
