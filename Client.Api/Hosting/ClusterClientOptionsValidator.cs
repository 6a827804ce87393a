using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Hosting;

/// <summary>Reports every invalid <see cref="ClusterClientOptions"/> value at once.</summary>
public sealed class ClusterClientOptionsValidator : IValidateOptions<ClusterClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClusterClientOptions options)
    {
        var failures = new List<string>();
        var section = ClusterClientOptions.SectionName;
        if (options.GrainCallTimeout < TimeSpan.FromSeconds(1) || options.GrainCallTimeout > TimeSpan.FromMinutes(5))
            failures.Add($"{section}:GrainCallTimeout must be between 1 second and 5 minutes; got {options.GrainCallTimeout}.");
        if (options.GatewayListRefreshPeriod < TimeSpan.FromSeconds(1) || options.GatewayListRefreshPeriod > TimeSpan.FromMinutes(10))
            failures.Add($"{section}:GatewayListRefreshPeriod must be between 1 second and 10 minutes; got {options.GatewayListRefreshPeriod}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
