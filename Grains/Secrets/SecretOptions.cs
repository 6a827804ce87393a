namespace JobScheduler.Grains.Secrets;

/// <summary>
/// How the key ring that encrypts jobs' <c>secretEnv</c> is itself protected. In cluster mode the key ring lives in
/// Redis (so every silo can decrypt); without a certificate its keys are stored there unencrypted, and whoever can
/// read Redis can read them and decrypt every stored secret. With a certificate they are encrypted with its public key.
/// </summary>
public sealed class SecretOptions
{
    /// <summary>The configuration section: <c>Scheduler:Secrets</c>.</summary>
    public const string SectionName = "Scheduler:Secrets";

    /// <summary>
    /// Path of a PKCS#12 (<c>.pfx</c>) file whose certificate encrypts the key ring's keys at rest (it needs its private
    /// key to decrypt them). Default: none (keys stored unencrypted). Every silo must be given the same certificate.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>. Default: none (a file without a password).</summary>
    public string? CertificatePassword { get; set; }
}
