using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Policy;

/// <summary>Reports every invalid <see cref="ImagePolicyOptions"/> value at once.</summary>
internal sealed class ImagePolicyOptionsValidator : IValidateOptions<ImagePolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, ImagePolicyOptions options)
    {
        const string Section = ImagePolicyOptions.SectionName;
        var failures = new List<string>();
        for (var i = 0; i < options.Allowed.Count; i++)
        {
            if (!ImageGlob.IsValid(options.Allowed[i]))
                failures.Add($"{Section}:Allowed:{i} ('{options.Allowed[i]}') must be 1-{ImagePolicy.MaxPatternLength} characters of lower-case letters, digits, '.', '_', '-', '/', ':' and '*'.");
        }
        for (var i = 0; i < options.AllowedPrivateRegistries.Count; i++)
        {
            var registry = options.AllowedPrivateRegistries[i];
            if (string.IsNullOrWhiteSpace(registry) || registry.Contains('/') || registry.Any(char.IsWhiteSpace))
                failures.Add($"{Section}:AllowedPrivateRegistries:{i} must be a host or host:port, without a path.");
        }
        if (options.ResolveTimeout < TimeSpan.FromMilliseconds(10) || options.ResolveTimeout > TimeSpan.FromSeconds(30))
            failures.Add($"{Section}:ResolveTimeout must be between 10 ms and 30 seconds.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
