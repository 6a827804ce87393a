using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>A query's page, clamped to what the index serves: page ≥ 1, 1 ≤ size ≤ <see cref="JobQuery.MaxPageSize"/>.</summary>
internal readonly record struct PageWindow(int Page, int PageSize)
{
    /// <summary>How many matching rows come before this page.</summary>
    public long Offset => (long)(Page - 1) * PageSize;

    /// <summary>Clamps the query's paging rather than rejecting it: a listing should always answer.</summary>
    public static PageWindow Of(JobQuery query) =>
        new(Math.Max(1, query.Page), Math.Clamp(query.PageSize, 1, JobQuery.MaxPageSize));

    /// <summary>An empty page that still reports how many rows match.</summary>
    public JobPage Empty(long total) => new() { Page = Page, PageSize = PageSize, Total = total };
}
