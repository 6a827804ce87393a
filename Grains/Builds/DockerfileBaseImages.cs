using System.Text.RegularExpressions;

namespace JobScheduler.Grains.Builds;

/// <summary>
/// Reads the base images a Dockerfile builds from: every <c>FROM</c> line's image, with <c>ARG</c>s declared before
/// the first <c>FROM</c> substituted (their defaults, overridden by the build arguments), earlier stages' names and
/// <c>scratch</c> left out. Line continuations and comments are understood; the result is what the image policy checks
/// before anything is built.
/// </summary>
public static partial class DockerfileBaseImages
{
    /// <summary>The base image references, in order, without duplicates.</summary>
    /// <exception cref="FormatException">A <c>FROM</c> without an image, or an image left with an unknown variable.</exception>
    public static IReadOnlyList<string> Parse(string dockerfile, IReadOnlyDictionary<string, string> buildArgs)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(buildArgs);
        var globalArgs = new Dictionary<string, string?>(StringComparer.Ordinal);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var images = new List<string>();
        var seenFrom = false;
        foreach (var instruction in Instructions(dockerfile))
        {
            var match = Instruction().Match(instruction);
            if (!match.Success)
                continue;
            var keyword = match.Groups[1].Value.ToUpperInvariant();
            var rest = match.Groups[2].Value.Trim();
            if (keyword == "ARG" && !seenFrom)
            {
                foreach (var declaration in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = declaration.IndexOf('=', StringComparison.Ordinal);
                    var name = eq < 0 ? declaration : declaration[..eq];
                    var value = eq < 0 ? null : Unquote(declaration[(eq + 1)..]);
                    globalArgs[name] = buildArgs.TryGetValue(name, out var given) ? given : value;
                }
            }
            else if (keyword == "FROM")
            {
                seenFrom = true;
                var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
                if (words.Length == 0)
                    throw new FormatException("a FROM line names no image");
                var image = Substitute(words[0], globalArgs);
                var earlierStage = stages.Contains(image);
                if (words.Length >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                    stages.Add(words[2]);
                if (earlierStage || image.Equals("scratch", StringComparison.OrdinalIgnoreCase))
                    continue;
                if (!images.Contains(image, StringComparer.Ordinal))
                    images.Add(image);
            }
        }
        if (!seenFrom)
            throw new FormatException("the Dockerfile has no FROM line");
        return images;
    }

    // Joins continuation lines (a trailing backslash) and drops comments and blank lines.
    private static IEnumerable<string> Instructions(string dockerfile)
    {
        var current = new System.Text.StringBuilder();
        foreach (var raw in dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
                continue;
            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }
            current.Append(line);
            if (current.Length > 0)
                yield return current.ToString();
            current.Clear();
        }
        if (current.Length > 0)
            yield return current.ToString();
    }

    private static string Substitute(string value, Dictionary<string, string?> args)
    {
        var result = Variable().Replace(value, m =>
        {
            var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[3].Value;
            var fallback = m.Groups[2].Success ? m.Groups[2].Value : null;
            return args.TryGetValue(name, out var found) && !string.IsNullOrEmpty(found) ? found
                : fallback ?? throw new FormatException($"the FROM image uses ${name}, which has no value");
        });
        return result;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'') ? value[1..^1] : value;

    [GeneratedRegex(@"^([A-Za-z]+)(?:\s+(.*))?$")]
    private static partial Regex Instruction();

    // ${NAME}, ${NAME:-default} and $NAME.
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
