using System.Text;
using System.Text.RegularExpressions;

namespace JobScheduler.Client.Api.Http;

/// <summary>
/// Converts System.Text.Json paths (<c>$.resources.memoryMb</c>, <c>$.command[2]</c>, <c>$['odd.key']</c>) to the
/// field paths the API's validation problems use (<c>resources.memoryMb</c>, <c>command[2]</c>, <c>odd.key</c>),
/// the same style as <see cref="Grains.Interfaces.JobSpecValidator"/>.
/// </summary>
public static partial class JsonPaths
{
    /// <summary>The field name used when an error concerns the whole body (an empty or root path).</summary>
    public const string Body = "body";

    /// <summary>The API field path for <paramref name="jsonPath"/>; <see cref="Body"/> when it is empty or the root.</summary>
    public static string ToFieldPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
            return Body;

        var path = new StringBuilder(jsonPath.Length);
        var rest = jsonPath.StartsWith('$') ? jsonPath[1..] : jsonPath;
        foreach (Match segment in Segment().Matches(rest))
        {
            if (segment.Groups["quoted"].Success)
                Append(path, segment.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal));
            else if (segment.Groups["name"].Success)
                Append(path, segment.Groups["name"].Value);
            else
                path.Append(segment.Value);
        }
        return path.Length == 0 ? Body : path.ToString();
    }

    private static void Append(StringBuilder path, string name)
    {
        if (path.Length > 0)
            path.Append('.');
        // Property names come from the request: keep control characters out of responses and logs.
        foreach (var c in name)
            path.Append(char.IsControl(c) ? '?' : c);
    }

    // One segment: .name, ['quoted name'] or [index].
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[\d+\]")]
    private static partial Regex Segment();
}
