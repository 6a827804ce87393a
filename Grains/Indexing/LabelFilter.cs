using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>A query's label filter: a key and a value, or none.</summary>
internal readonly record struct LabelFilter(string Key, string Value)
{
    /// <summary>The query's label filter, or null when it has none.</summary>
    /// <exception cref="ArgumentException">Only one of the key and the value is given.</exception>
    public static LabelFilter? Of(JobQuery query) => (query.LabelKey, query.LabelValue) switch
    {
        (null, null) => null,
        ({ } key, { } value) => new LabelFilter(key, value),
        // The index keeps one set per key=value pair, not per key, so a key alone cannot be answered;
        // failing says so instead of silently listing more than was asked for.
        _ => throw new ArgumentException("A label filter needs both LabelKey and LabelValue.", nameof(query)),
    };
}
