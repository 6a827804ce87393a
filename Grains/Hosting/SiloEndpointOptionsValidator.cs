using System.Net;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Hosting;

/// <summary>Reports every invalid <see cref="SiloEndpointOptions"/> value at once.</summary>
internal sealed class SiloEndpointOptionsValidator : IValidateOptions<SiloEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloEndpointOptions options)
    {
        var failures = new List<string>();
        var section = SiloEndpointOptions.SectionName;
        if (options.SiloPort is < 1 or > 65535)
            failures.Add($"{section}:SiloPort must be between 1 and 65535; got {options.SiloPort}.");
        if (options.GatewayPort is < 1 or > 65535)
            failures.Add($"{section}:GatewayPort must be between 1 and 65535; got {options.GatewayPort}.");
        if (options.SiloPort == options.GatewayPort)
            failures.Add($"{section}:SiloPort and {section}:GatewayPort must differ; both are {options.SiloPort}.");
        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
            failures.Add($"{section}:AdvertisedAddress must be an IP address (other silos and clients connect to it); got '{options.AdvertisedAddress}'.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
