using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// Reports every invalid <see cref="SiloKubernetesOptions"/> value at once. When Kubernetes hosting is on it also checks
/// what the pod must give the silo: its name and namespace, an advertised address that other pods can reach, and
/// Orleans' id variables equal to <c>Scheduler:Cluster</c> (the API finds silos by the latter).
/// </summary>
/// <param name="configuration">The host's configuration, for the pod's variables and the silo's address and ids.</param>
public sealed class SiloKubernetesOptionsValidator(IConfiguration configuration) : IValidateOptions<SiloKubernetesOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SiloKubernetesOptions options)
    {
        var failures = new List<string>();
        var section = SiloKubernetesOptions.SectionName;
        if (options.MaxAgents is < 1 or > 100)
            failures.Add($"{section}:MaxAgents must be between 1 and 100.");
        if (options.MaxApiRetryAttempts is < 0 or > 1000)
            failures.Add($"{section}:MaxApiRetryAttempts must be between 0 and 1000.");
        if (options.Enabled)
            CheckPodEnvironment(failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckPodEnvironment(List<string> failures)
    {
        var section = SiloKubernetesOptions.SectionName;
        foreach (var (variable, field) in new[] { (SiloKubernetesOptions.PodNameVariable, "metadata.name"), (SiloKubernetesOptions.PodNamespaceVariable, "metadata.namespace") })
        {
            if (string.IsNullOrWhiteSpace(configuration[variable]))
                failures.Add($"{section}:Enabled needs the environment variable {variable} (valueFrom.fieldRef.fieldPath: {field}).");
        }

        var advertisedKey = $"{SiloEndpointOptions.SectionName}:{nameof(SiloEndpointOptions.AdvertisedAddress)}";
        var advertised = configuration[advertisedKey] ?? new SiloEndpointOptions().AdvertisedAddress;
        if (!IPAddress.TryParse(advertised, out var address) || IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            failures.Add($"{advertisedKey} must be the pod's IP when {section}:Enabled is true (Scheduler__Silo__AdvertisedAddress from valueFrom.fieldRef.fieldPath: status.podIP); got '{advertised}'.");

        // Orleans' Kubernetes hosting lets these variables override the silo's ids; the API keeps Scheduler:Cluster's.
        CheckSameId(failures, SiloKubernetesOptions.ClusterIdVariable, "ClusterId");
        CheckSameId(failures, SiloKubernetesOptions.ServiceIdVariable, "ServiceId");
    }

    private void CheckSameId(List<string> failures, string variable, string property)
    {
        var key = $"{ClusterIdentity.SectionName}:{property}";
        var configured = configuration[key] ?? ClusterIdentity.DefaultId;
        if (configuration[variable] is { Length: > 0 } fromPod && !string.Equals(fromPod, configured, StringComparison.Ordinal))
            failures.Add($"{variable} ('{fromPod}') must equal {key} ('{configured}'): the silo would join another cluster than the API's.");
    }
}
