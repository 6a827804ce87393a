namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The patterns of <see cref="ImagePolicy.Allowed"/>: <c>*</c> matches any characters but '/', <c>**</c> any
/// characters; everything else matches itself.
/// </summary>
public static class ImageGlob
{
    /// <summary>True when <paramref name="pattern"/> is a usable pattern: 1-255 characters of image references and '*'.</summary>
    public static bool IsValid(string? pattern) =>
        !string.IsNullOrEmpty(pattern)
        && pattern.Length <= ImagePolicy.MaxPatternLength
        && pattern.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' or '/' or ':' or '*');

    /// <summary>True when <paramref name="name"/> (an <see cref="ImageName.Repository"/>) matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        // A set-of-states walk (no backtracking): linear in the name for any pattern.
        var current = new bool[pattern.Length + 1];
        var next = new bool[pattern.Length + 1];
        current[0] = true;
        Close(pattern, current);
        foreach (var c in name)
        {
            Array.Clear(next);
            for (var i = 0; i < pattern.Length; i++)
            {
                if (!current[i])
                    continue;
                if (pattern[i] == '*')
                {
                    if (c != '/' || IsDoubleStar(pattern, i))
                        next[i] = true;
                }
                else if (pattern[i] == c)
                {
                    next[i + 1] = true;
                }
            }
            Close(pattern, next);
            (current, next) = (next, current);
        }
        return current[pattern.Length];
    }

    // A star may match nothing: reaching it also reaches what follows it.
    private static void Close(string pattern, bool[] states)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (states[i] && pattern[i] == '*')
                states[IsDoubleStar(pattern, i) ? i + 2 : i + 1] = true;
        }
    }

    // The second star of "**" is never a state of its own: the first one stands for both.
    private static bool IsDoubleStar(string pattern, int i) => i + 1 < pattern.Length && pattern[i + 1] == '*';
}
