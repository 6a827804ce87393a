using System.Security.Cryptography;
using JobScheduler.Grains.Secrets;

namespace JobScheduler.Grains.Webhooks;

/// <summary>Webhook signing secrets: made in the Standard Webhooks form and kept sealed by the secrets' key ring, bound to their subscription.</summary>
public static class WebhookSecrets
{
    private const string Field = "secret";

    /// <summary>A new secret: <c>whsec_</c> and base64 of 32 random bytes.</summary>
    public static string New() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secret of subscription <paramref name="subscriptionId"/>, sealed.</summary>
    public static string Seal(SecretEnvProtector protector, string subscriptionId, string secret)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return protector.Seal(Purpose(subscriptionId), new Dictionary<string, string> { [Field] = secret });
    }

    /// <summary>The secret <see cref="Seal"/> sealed for the same subscription.</summary>
    /// <exception cref="CryptographicException">The key ring cannot open it.</exception>
    public static string Unseal(SecretEnvProtector protector, string subscriptionId, string sealedSecret)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return protector.Unseal(Purpose(subscriptionId), sealedSecret).TryGetValue(Field, out var secret)
            ? secret
            : throw new CryptographicException("The sealed webhook secret holds no secret.");
    }

    private static string Purpose(string subscriptionId) => "webhook:" + subscriptionId;
}
