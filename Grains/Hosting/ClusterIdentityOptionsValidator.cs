using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Hosting;

/// <summary>Reports every invalid <see cref="ClusterIdentityOptions"/> value at once.</summary>
internal sealed class ClusterIdentityOptionsValidator : IValidateOptions<ClusterIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterIdentityOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(ClusterIdentityOptions.ClusterId), options.ClusterId);
        Check(failures, nameof(ClusterIdentityOptions.ServiceId), options.ServiceId);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string property, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Any(char.IsWhiteSpace))
            failures.Add($"{ClusterIdentityOptions.SectionName}:{property} must be a non-empty id without spaces; got '{value}'.");
    }
}
