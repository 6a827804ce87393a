using System.Security.Cryptography;
using System.Text;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Builds;

/// <summary>
/// The names a build is found by. <see cref="ContentTag"/> hashes what the engine builds (the Dockerfile, the context's
/// bytes, the build arguments and the target), so the same content always gets the same tag and different content never
/// does. <see cref="Recipe"/> hashes the same with the context's URL in place of its bytes: it finds the image built
/// from a context URL before the context is fetched, so that a conditional request can skip fetching it again.
/// </summary>
public static class BuildKeys
{
    /// <summary>The repository every built image is tagged in.</summary>
    public const string Repository = "jobscheduler-build";

    /// <summary>How many hex digits of the SHA-256 the tag keeps (128 bits).</summary>
    public const int TagDigits = 32;

    /// <summary>The image's tag: <c>jobscheduler-build:&lt;sha256 prefix&gt;</c> of Dockerfile, context, arguments and target.</summary>
    public static string ContentTag(byte[] dockerfile, byte[]? context, BuildSpec build)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(build);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, "content-v1");
        Append(hash, dockerfile);
        Append(hash, context ?? []);
        AppendSpec(hash, build);
        return $"{Repository}:{Hex(hash)}";
    }

    /// <summary>The recipe key of a build with a context URL: the Dockerfile, the context URL, the arguments and the target.</summary>
    public static string Recipe(byte[] dockerfile, BuildSpec build)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(build);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, "recipe-v1");
        Append(hash, dockerfile);
        Append(hash, build.ContextUrl ?? "");
        AppendSpec(hash, build);
        return Hex(hash);
    }

    private static void AppendSpec(IncrementalHash hash, BuildSpec build)
    {
        Append(hash, build.Target ?? "");
        foreach (var (name, value) in build.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Append(hash, name);
            Append(hash, value);
        }
    }

    // Each part is length-prefixed, so no two different inputs can run together into the same bytes.
    private static void Append(IncrementalHash hash, string text) => Append(hash, Encoding.UTF8.GetBytes(text));

    private static void Append(IncrementalHash hash, byte[] bytes)
    {
        hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
        hash.AppendData(bytes);
    }

    private static string Hex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset())[..TagDigits];
}
