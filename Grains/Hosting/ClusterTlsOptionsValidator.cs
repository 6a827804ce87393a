using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Hosting;

/// <summary>Reports every invalid <see cref="ClusterTlsOptions"/> value at once.</summary>
internal sealed class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        if (!options.Enabled)
            return ValidateOptionsResult.Success;
        var failures = new List<string>();
        var section = ClusterTlsOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
            failures.Add($"{section}:CertificatePath is required when {section}:Enabled is true (a .pfx file with the certificate and its private key).");
        else if (!File.Exists(options.CertificatePath))
            failures.Add($"{section}:CertificatePath '{options.CertificatePath}' does not exist.");
        if (options.CaCertificatePath is { } ca && !File.Exists(ca))
            failures.Add($"{section}:CaCertificatePath '{ca}' does not exist.");
        foreach (var thumbprint in options.TrustedThumbprints)
        {
            if (!IsThumbprint(thumbprint))
                failures.Add($"{section}:TrustedThumbprints: '{thumbprint}' is not a SHA-1 (40) or SHA-256 (64) hex thumbprint.");
        }
        if (options.HandshakeTimeout < TimeSpan.FromMilliseconds(100) || options.HandshakeTimeout > TimeSpan.FromMinutes(5))
            failures.Add($"{section}:HandshakeTimeout must be between 100 ms and 5 minutes.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsThumbprint(string value) =>
        value.Length is 40 or 64 && value.All(char.IsAsciiHexDigit);
}
