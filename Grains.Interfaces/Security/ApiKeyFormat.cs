using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The shape of an API key, <c>jsk_&lt;id&gt;_&lt;secret&gt;</c>: a public id (16 hex digits) that finds the key
/// and names it in logs, and 32 random bytes (base64url) that prove it. Only the SHA-256 of the whole key is stored.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>The prefix every key starts with, so that a leaked key is easy to recognise and scan for.</summary>
    public const string Prefix = "jsk_";

    private const int IdLength = 16;

    /// <summary>A new key with a fresh id and secret.</summary>
    public static (string Id, string Key) New()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>Reads the id out of a presented key; false when the text is not shaped like a key.</summary>
    public static bool TryGetId(string? key, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (key is null || key.Length < Prefix.Length + IdLength + 2 || !key.StartsWith(Prefix, StringComparison.Ordinal)
            || key[Prefix.Length + IdLength] != '_')
            return false;
        var candidate = key.AsSpan(Prefix.Length, IdLength);
        foreach (var c in candidate)
        {
            if (!char.IsAsciiHexDigitLower(c))
                return false;
        }

        id = candidate.ToString();
        return true;
    }

    /// <summary>SHA-256 of the whole key, the only form in which it is stored or compared.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
