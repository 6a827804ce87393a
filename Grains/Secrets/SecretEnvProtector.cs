using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace JobScheduler.Grains.Secrets;

/// <summary>
/// Encrypts and decrypts a job's <c>secretEnv</c> with ASP.NET Core Data Protection (authenticated encryption,
/// AES-256-CBC with HMACSHA256 by default, keys rotated every 90 days and kept to decrypt older payloads).
/// </summary>
/// <remarks>
/// It owns a key ring of its own, not the host's <see cref="IDataProtectionProvider"/>, so the secrets' keys and purpose
/// never mix with cookies or antiforgery tokens of the API that may share the process. Each payload is bound to its job
/// id (a purpose), so a sealed value copied into another job's state does not decrypt there.
/// </remarks>
public sealed class SecretEnvProtector(IDataProtectionProvider keyRing)
{
    private const string Purpose = "JobScheduler.SecretEnv.v1";
    private readonly IDataProtector _protector = keyRing.CreateProtector(Purpose);

    /// <summary>The variables of job <paramref name="jobId"/>, encrypted into one opaque string.</summary>
    public string Seal(string jobId, IReadOnlyDictionary<string, string> secretEnv)
    {
        ArgumentNullException.ThrowIfNull(secretEnv);
        var plain = JsonSerializer.SerializeToUtf8Bytes(secretEnv);
        try
        {
            return Convert.ToBase64String(_protector.CreateProtector(jobId).Protect(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Decrypts what <see cref="Seal"/> made for the same job.</summary>
    /// <exception cref="CryptographicException">The key is not in the key ring, or the payload was not sealed for this job.</exception>
    public IReadOnlyDictionary<string, string> Unseal(string jobId, string sealedSecretEnv)
    {
        ArgumentNullException.ThrowIfNull(sealedSecretEnv);
        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(sealedSecretEnv);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("The sealed secret environment is not valid base64.", e);
        }
        var plain = _protector.CreateProtector(jobId).Unprotect(payload);
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(plain)
                ?? throw new CryptographicException("The sealed secret environment holds no variables.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
