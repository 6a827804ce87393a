namespace JobScheduler.Grains.Interfaces;

/// <summary>The rule for the user a container runs as (a queue's <see cref="QueueSettings.User"/>, the server's default).</summary>
public static class ContainerUser
{
    /// <summary>The longest user or group part accepted.</summary>
    public const int MaxPartLength = 32;

    /// <summary>What <see cref="IsValid"/> accepts, worded for a validation message.</summary>
    public const string Rule =
        "The user must be uid[:gid] (numbers, e.g. 65534:65534 or 0:0) or a user[:group] name of letters, digits, '_', '.' or '-', at most 32 characters each.";

    /// <summary>
    /// True for <c>uid</c>, <c>uid:gid</c>, <c>name</c> or <c>name:group</c>: one colon at most, each part non-empty,
    /// of ASCII letters, digits, <c>_</c>, <c>.</c> or <c>-</c>, and a numeric part within a 31-bit id.
    /// </summary>
    public static bool IsValid(string? user)
    {
        if (string.IsNullOrEmpty(user))
            return false;
        var parts = user.Split(':');
        return parts.Length <= 2 && parts.All(IsValidPart);
    }

    private static bool IsValidPart(string part)
    {
        if (part.Length is 0 or > MaxPartLength || !part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            return false;
        // A numeric id must fit the kernel's ids; a name that starts with '-' would read as an option to some tools.
        return part.All(char.IsAsciiDigit) ? int.TryParse(part, out _) : part[0] != '-';
    }
}
