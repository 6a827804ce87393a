using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Job ids: time-ordered random ids for ordinary submissions, and ids derived from the
/// idempotency key otherwise, so that every submission with one key reaches the same job grain.
/// </summary>
public static partial class JobIds
{
    /// <summary>A new unique id (a version-7 GUID: sortable by creation time).</summary>
    public static string New() => Guid.CreateVersion7().ToString("N");

    /// <summary>The id that every submission with <paramref name="idempotencyKey"/> gets.</summary>
    public static string FromIdempotencyKey(string idempotencyKey) =>
        "k" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..31];

    /// <summary>
    /// The id that every submission with <paramref name="idempotencyKey"/> by <paramref name="actor"/> gets: keys are
    /// scoped to who submits, so reusing another principal's key never reaches their job. Without an actor, as
    /// <see cref="FromIdempotencyKey(string)"/>.
    /// </summary>
    public static string FromIdempotencyKey(string idempotencyKey, string? actor) =>
        FromIdempotencyKey(actor is null ? idempotencyKey : $"{actor}\n{idempotencyKey}");

    /// <summary>True when <paramref name="id"/> has the shape of a job id (and is safe as a Redis key part).</summary>
    public static bool IsWellFormed(string? id) => id is not null && Shape().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,128}$")]
    private static partial Regex Shape();
}
