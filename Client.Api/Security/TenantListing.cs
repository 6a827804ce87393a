using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Security;

/// <summary>
/// Job listings seen through a principal's queues. A principal allowed on every queue lists as asked; a tenant's
/// listing is limited to its queues: one queue is one filtered query, several are merged newest first.
/// </summary>
public static class TenantListing
{
    /// <summary>The deepest row a multi-queue tenant may page to (page × pageSize); deeper pages need a queue filter.</summary>
    public const int MaxMergedRows = 10_000;

    /// <summary>
    /// One page of <paramref name="query"/> as <paramref name="principal"/> may see it; null when the query names a
    /// queue the principal may not use, or pages deeper than <see cref="MaxMergedRows"/> across several queues.
    /// </summary>
    public static async Task<JobPage?> ListAsync(
        JobSchedulerClient client, JobQuery query, SchedulerPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.Queues is not { } queues)
            return await client.ListAsync(query, cancellationToken);
        if (query.Queue is { } asked)
            return principal.MayUse(asked) ? await client.ListAsync(query, cancellationToken) : null;
        if (queues.Count == 1)
            return await client.ListAsync(query with { Queue = queues.First() }, cancellationToken);

        var needed = (long)query.Page * query.PageSize;
        if (needed > MaxMergedRows)
            return null;
        var perQueue = await Task.WhenAll(queues.Select(queue => FirstRowsAsync(client, query with { Queue = queue }, (int)needed, cancellationToken)));
        var rows = perQueue.SelectMany(p => p.Rows)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return new JobPage { Items = rows, Page = query.Page, PageSize = query.PageSize, Total = perQueue.Sum(p => p.Total) };
    }

    private static async Task<(List<JobSummary> Rows, long Total)> FirstRowsAsync(
        JobSchedulerClient client, JobQuery query, int count, CancellationToken cancellationToken)
    {
        var rows = new List<JobSummary>(Math.Min(count, JobQuery.MaxPageSize));
        long total = 0;
        for (var page = 1; rows.Count < count; page++)
        {
            var batch = await client.ListAsync(query with { Page = page, PageSize = JobQuery.MaxPageSize }, cancellationToken);
            total = batch.Total;
            rows.AddRange(batch.Items);
            if (batch.Items.Count < JobQuery.MaxPageSize)
                break;
        }

        return (rows, total);
    }
}
