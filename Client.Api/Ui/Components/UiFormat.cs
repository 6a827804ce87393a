using System.Globalization;

namespace JobScheduler.Client.Api.Ui.Components;

/// <summary>How the UI writes times and durations: UTC, to the second, the same on every page.</summary>
public static class UiFormat
{
    /// <summary>A time as <c>2026-12-01 16:05:09</c> (UTC); an em dash for none.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>A duration as <c>1h 02m</c>, <c>3m 05s</c> or <c>4.2s</c>; an em dash for none.</summary>
    public static string Duration(TimeSpan? span) => span switch
    {
        null => "—",
        { TotalHours: >= 1 } s => $"{(int)s.TotalHours}h {s.Minutes:00}m",
        { TotalMinutes: >= 1 } s => $"{(int)s.TotalMinutes}m {s.Seconds:00}s",
        { } s => string.Create(CultureInfo.InvariantCulture, $"{s.TotalSeconds:0.0}s"),
    };

    /// <summary>How long ago <paramref name="at"/> was, from <paramref name="now"/> (<c>12s ago</c>).</summary>
    public static string Ago(DateTimeOffset? at, DateTimeOffset now) => at is { } value ? $"{Duration(now - value)} ago" : "—";
}
