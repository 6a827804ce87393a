using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A place in the event log: an event id <c>&lt;unix ms&gt;-&lt;sequence&gt;</c> (a Redis stream id), ordered by time, then
/// sequence. A reader resumes after one.
/// </summary>
public readonly record struct EventPosition(long Milliseconds, long Sequence) : IComparable<EventPosition>
{
    /// <summary>Before every event.</summary>
    public static EventPosition Start { get; } = new(0, 0);

    /// <summary>Reads <paramref name="text"/> as an event id; false when it is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out EventPosition position)
    {
        position = default;
        if (string.IsNullOrEmpty(text) || text.Length > 41)
            return false;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == text.Length - 1)
            return false;
        if (!long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            return false;
        position = new EventPosition(ms, seq);
        return true;
    }

    /// <summary>Reads an event id, which must be well-formed.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not an event id.</exception>
    public static EventPosition Parse(string text) =>
        TryParse(text, out var position) ? position : throw new FormatException($"'{text}' is not an event id (<unix ms>-<sequence>).");

    /// <inheritdoc />
    public int CompareTo(EventPosition other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    /// <summary>Whether <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    public static bool operator <(EventPosition left, EventPosition right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    public static bool operator >(EventPosition left, EventPosition right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is at or before <paramref name="right"/>.</summary>
    public static bool operator <=(EventPosition left, EventPosition right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is at or after <paramref name="right"/>.</summary>
    public static bool operator >=(EventPosition left, EventPosition right) => left.CompareTo(right) >= 0;

    /// <summary>The event id.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
