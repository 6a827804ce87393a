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
public sealed class SecretEnvProtector
{
    private const string Purpose = "JobScheduler.SecretEnv.v1";
    private readonly Func<IDataProtectionProvider>? _reopen;
    private volatile IDataProtector _protector;

    /// <summary>A protector over a key ring that never changes underneath it (e.g. an in-memory one).</summary>
    public SecretEnvProtector(IDataProtectionProvider keyRing)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        _protector = keyRing.CreateProtector(Purpose);
    }

    /// <summary>
    /// A protector over a shared key ring that other processes add keys to: <paramref name="openKeyRing"/> reads it,
    /// and is called again when a payload names a key this process has not seen.
    /// </summary>
    /// <remarks>
    /// Data Protection re-reads its repository for an unknown key only in the first two minutes of a key ring's life
    /// (then once a day). Silos that started together on an empty ring may each have created a key; without the
    /// re-read, one could not decrypt what another encrypted until the next daily refresh.
    /// </remarks>
    public SecretEnvProtector(Func<IDataProtectionProvider> openKeyRing)
    {
        ArgumentNullException.ThrowIfNull(openKeyRing);
        _reopen = openKeyRing;
        _protector = openKeyRing().CreateProtector(Purpose);
    }

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
        byte[] plain;
        try
        {
            plain = _protector.CreateProtector(jobId).Unprotect(payload);
        }
        catch (CryptographicException) when (_reopen is not null)
        {
            // Perhaps a key another process created after this one read the ring: read it again, once.
            var reopened = _reopen().CreateProtector(Purpose);
            _protector = reopened;
            plain = reopened.CreateProtector(jobId).Unprotect(payload);
        }
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
