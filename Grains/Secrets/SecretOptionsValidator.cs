using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Secrets;

/// <summary>Reports every invalid <see cref="SecretOptions"/> value at once.</summary>
public sealed class SecretOptionsValidator : IValidateOptions<SecretOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SecretOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.CertificatePath is { } path)
        {
            if (string.IsNullOrWhiteSpace(path))
                failures.Add($"{SecretOptions.SectionName}:CertificatePath is empty; leave it out or name a .pfx file.");
            else if (!File.Exists(path))
                failures.Add($"{SecretOptions.SectionName}:CertificatePath '{path}' does not exist.");
        }
        else if (options.CertificatePassword is not null)
        {
            failures.Add($"{SecretOptions.SectionName}:CertificatePassword is set without {SecretOptions.SectionName}:CertificatePath.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
