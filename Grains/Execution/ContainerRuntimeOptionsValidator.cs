using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Execution;

/// <summary>Reports every invalid <see cref="ContainerRuntimeOptions"/> value at once.</summary>
internal sealed class ContainerRuntimeOptionsValidator : IValidateOptions<ContainerRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, ContainerRuntimeOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Runtime))
            failures.Add($"{ContainerRuntimeOptions.SectionName}:Runtime must be Docker or Simulated.");
        if (options.SimulatedRunTime < TimeSpan.Zero || options.SimulatedRunTime > TimeSpan.FromHours(1))
            failures.Add($"{ContainerRuntimeOptions.SectionName}:SimulatedRunTime must be between zero and 1 hour.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
