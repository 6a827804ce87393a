using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Builds;

/// <summary>Reports every invalid <see cref="BuildOptions"/> value at once.</summary>
internal sealed class BuildOptionsValidator : IValidateOptions<BuildOptions>
{
    public ValidateOptionsResult Validate(string? name, BuildOptions options)
    {
        var failures = new List<string>();
        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromHours(6))
            failures.Add($"{BuildOptions.SectionName}:Timeout must be between 1 second and 6 hours.");
        if (options.MaxDockerfileBytes is < 16 or > 16 * 1024 * 1024)
            failures.Add($"{BuildOptions.SectionName}:MaxDockerfileBytes must be between 16 bytes and 16 MiB.");
        if (options.MaxContextBytes is < 1024 or > 4L * 1024 * 1024 * 1024)
            failures.Add($"{BuildOptions.SectionName}:MaxContextBytes must be between 1 KiB and 4 GiB.");
        if (options.CacheBudget < 0)
            failures.Add($"{BuildOptions.SectionName}:CacheBudget cannot be negative (0 keeps only images in use).");
        if (options.AllowedNetworkMode is not ("default" or "host" or "bridge"))
            failures.Add($"{BuildOptions.SectionName}:AllowedNetworkMode must be 'default', 'bridge' or 'host'.");
        if (options.MaxConcurrentBuilds is < 1 or > 64)
            failures.Add($"{BuildOptions.SectionName}:MaxConcurrentBuilds must be between 1 and 64.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
