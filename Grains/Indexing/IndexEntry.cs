using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>A job's place in an in-memory index set: its creation time and id, both fixed for the job's life.</summary>
internal readonly record struct IndexEntry(long CreatedAtMs, string Id)
{
    /// <summary>Newest first; ties by id descending, which is the order Redis' ZREVRANGE gives equal scores.</summary>
    public static IComparer<IndexEntry> NewestFirst { get; } = Comparer<IndexEntry>.Create((a, b) =>
        a.CreatedAtMs != b.CreatedAtMs ? b.CreatedAtMs.CompareTo(a.CreatedAtMs) : string.CompareOrdinal(b.Id, a.Id));

    public static IndexEntry Of(JobSummary job) => new(job.CreatedAt.ToUnixTimeMilliseconds(), job.Id);
}
