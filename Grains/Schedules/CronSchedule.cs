using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// A cron expression read in a time zone, over Cronos: 5 fields (<see cref="CronFormat.Standard"/>), 6 fields with
/// seconds first (<see cref="CronFormat.IncludeSeconds"/>), or a macro (<c>@hourly</c>, <c>@daily</c>, <c>@every_second</c>, ...).
/// </summary>
/// <remarks>
/// Daylight saving time follows Cronos: an occurrence inside a skipped (spring-forward) hour runs once, at the first
/// valid instant after the gap; in a repeated (fall-back) hour an expression that fires once in the hour runs once (in
/// the first instance of the hour), while one that repeats within the hour (every 15 minutes, every second) runs in
/// both instances. Occurrences carry the zone's offset at that instant.
/// </remarks>
public sealed class CronSchedule
{
    /// <summary>Longest expression accepted.</summary>
    public const int MaxExpressionLength = 256;

    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone) => (_expression, Zone) = (expression, zone);

    /// <summary>The time zone the expression is read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Parses <paramref name="cron"/> in <paramref name="timeZone"/>, or says, per field path (<c>cron</c>, <c>timeZone</c>), what is wrong.</summary>
    public static bool TryParse(string? cron, string? timeZone, [NotNullWhen(true)] out CronSchedule? schedule, out IReadOnlyDictionary<string, string> errors)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var expression = ParseExpression(cron, problems);
        var zone = FindZone(timeZone, problems);
        errors = problems;
        schedule = expression is not null && zone is not null ? new CronSchedule(expression, zone) : null;
        return schedule is not null;
    }

    /// <summary>Parses or throws <see cref="ArgumentException"/>; for values already validated.</summary>
    public static CronSchedule Parse(string cron, string timeZone) =>
        TryParse(cron, timeZone, out var schedule, out var errors)
            ? schedule
            : throw new ArgumentException(string.Join(" ", errors.Values), nameof(cron));

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone, inclusive: false);

    /// <summary>The occurrences from <paramref name="from"/> to <paramref name="to"/>, both included, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Between(DateTimeOffset from, DateTimeOffset to, int limit) =>
        from > to ? [] : _expression.GetOccurrences(from, to, Zone, fromInclusive: true, toInclusive: true).Take(limit).ToList();

    /// <summary>The next <paramref name="count"/> occurrences strictly after <paramref name="after"/> (fewer when the expression runs out).</summary>
    public IReadOnlyList<DateTimeOffset> NextOccurrences(DateTimeOffset after, int count)
    {
        var result = new List<DateTimeOffset>(count);
        var cursor = after;
        while (result.Count < count && Next(cursor) is { } next)
        {
            result.Add(next);
            cursor = next;
        }
        return result;
    }

    /// <summary>
    /// The shortest time between two consecutive occurrences among the first <paramref name="occurrences"/> after
    /// <paramref name="after"/>, or null when fewer than two occur.
    /// </summary>
    public TimeSpan? ShortestGap(DateTimeOffset after, int occurrences)
    {
        TimeSpan? shortest = null;
        var previous = Next(after);
        for (var i = 1; i < occurrences && previous is { } p && Next(p) is { } next; i++)
        {
            if (shortest is null || next - p < shortest)
                shortest = next - p;
            previous = next;
        }
        return shortest;
    }

    private static CronExpression? ParseExpression(string? cron, Dictionary<string, string> problems)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            problems["cron"] = "A cron expression is required (5 fields, 6 with seconds first, or a macro such as @hourly).";
            return null;
        }
        if (cron.Length > MaxExpressionLength)
        {
            problems["cron"] = $"A cron expression is at most {MaxExpressionLength} characters.";
            return null;
        }

        var text = cron.Trim();
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        CronFormat format;
        if (text.StartsWith('@'))
            format = text.Equals("@every_second", StringComparison.OrdinalIgnoreCase) ? CronFormat.IncludeSeconds : CronFormat.Standard;
        else if (fields == 5)
            format = CronFormat.Standard;
        else if (fields == 6)
            format = CronFormat.IncludeSeconds;
        else
        {
            problems["cron"] = $"Expected 5 fields (minute hour day-of-month month day-of-week) or 6 (with seconds first); got {fields}.";
            return null;
        }

        try
        {
            return CronExpression.Parse(text, format);
        }
        catch (CronFormatException e)
        {
            problems["cron"] = e.Message;
        }
        catch (MissingSeedException)
        {
            problems["cron"] = "Hashed fields ('H') are not supported; write the value explicitly.";
        }
        return null;
    }

    private static TimeZoneInfo? FindZone(string? timeZone, Dictionary<string, string> problems)
    {
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            problems["timeZone"] = "A time zone is required (an IANA id such as 'Europe/Berlin', or 'UTC').";
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        // A zoneinfo directory ('America', 'posix') is no zone: reading it fails with SecurityException or an I/O error.
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException
            or UnauthorizedAccessException or IOException or ArgumentException)
        {
            problems["timeZone"] = $"Unknown time zone '{new string(timeZone.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray())}'; use an IANA id such as 'Europe/Berlin' or 'America/New_York'.";
            return null;
        }
    }
}
