using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Shutdown;

/// <summary>Reports every invalid <see cref="ShutdownOptions"/> value at once.</summary>
internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        var failures = new List<string>();
        if (options.ReadinessDelay < TimeSpan.Zero || options.ReadinessDelay > Longest)
            failures.Add($"{ShutdownOptions.SectionName}:ReadinessDelay must be between 0 and 5 minutes.");
        if (options.RequestDrainTimeout < TimeSpan.Zero || options.RequestDrainTimeout > Longest)
            failures.Add($"{ShutdownOptions.SectionName}:RequestDrainTimeout must be between 0 and 5 minutes.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
