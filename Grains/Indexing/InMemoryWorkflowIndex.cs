using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The workflow index in memory (embedded mode: one process, nothing survives a restart): newest-first sets of ids,
/// one of every workflow and one per state, behind one lock.
/// </summary>
/// <remarks>
/// A page costs O(offset + page size); a tenant's page (and its total) walks the set once, checking each workflow's
/// queues: a few milliseconds at 100,000 workflows.
/// </remarks>
public sealed class InMemoryWorkflowIndex : IWorkflowIndex
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, WorkflowSummary> _summaries = new(StringComparer.Ordinal);
    private readonly SortedSet<IndexEntry> _all = new(IndexEntry.NewestFirst);
    private readonly Dictionary<WorkflowState, SortedSet<IndexEntry>> _byState = [];

    /// <inheritdoc />
    public Task RecordAsync(WorkflowSummary workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var entry = new IndexEntry(workflow.CreatedAt.ToUnixTimeMilliseconds(), workflow.Id);
        lock (_lock)
        {
            if (_summaries.TryGetValue(workflow.Id, out var known) && known.State != workflow.State)
                _byState[known.State].Remove(entry);
            _all.Add(entry);
            if (!_byState.TryGetValue(workflow.State, out var set))
                _byState[workflow.State] = set = new SortedSet<IndexEntry>(IndexEntry.NewestFirst);
            set.Add(entry);
            _summaries[workflow.Id] = workflow;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<WorkflowPage> QueryAsync(WorkflowQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, WorkflowQuery.MaxPageSize);
        var skip = (long)(page - 1) * size;
        var allowed = query.Queues is { } queues ? new HashSet<string>(queues, StringComparer.Ordinal) : null;
        lock (_lock)
        {
            IEnumerable<IndexEntry> entries = query.State is { } state ? _byState.GetValueOrDefault(state) ?? [] : _all;
            var items = new List<WorkflowSummary>(size);
            long total = 0;
            foreach (var entry in entries)
            {
                var summary = _summaries[entry.Id];
                if (allowed is not null && !summary.Queues.All(allowed.Contains))
                    continue;
                if (total >= skip && items.Count < size)
                    items.Add(summary);
                total++;
                if (allowed is null && items.Count == size)
                {
                    // Without a tenant filter the set's own count is the total: no need to walk the rest.
                    total = query.State is null ? _all.Count : entries.Count();
                    break;
                }
            }
            return Task.FromResult(new WorkflowPage { Items = items, Page = page, PageSize = size, Total = total });
        }
    }
}
