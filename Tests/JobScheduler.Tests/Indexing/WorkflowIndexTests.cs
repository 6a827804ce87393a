using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Indexing;

/// <summary>The behaviour every <see cref="IWorkflowIndex"/> must show; each implementation runs it through a subclass.</summary>
public abstract class WorkflowIndexTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A new, empty index.</summary>
    protected abstract Task<IWorkflowIndex> CreateIndexAsync();

    internal static WorkflowSummary Summary(string id, int minute, WorkflowState state = WorkflowState.Running, string[]? queues = null, string? name = null) => new()
    {
        Id = id,
        State = state,
        Name = name,
        Steps = new Dictionary<WorkflowStepState, int> { [WorkflowStepState.Pending] = 1, [WorkflowStepState.Succeeded] = 2 },
        CreatedAt = Epoch.AddMinutes(minute),
        UpdatedAt = Epoch.AddMinutes(minute + 1),
        Queues = queues ?? ["default"],
    };

    private async Task<IWorkflowIndex> RecordAsync(params WorkflowSummary[] workflows)
    {
        var index = await CreateIndexAsync();
        foreach (var workflow in workflows)
            await index.RecordAsync(workflow);
        return index;
    }

    [Fact]
    public async Task Query_NoFilter_NewestFirstWithTotalAndEveryField()
    {
        var index = await RecordAsync(Summary("w1", 1, name: "nightly"), Summary("w2", 2), Summary("w3", 3));

        var page = await index.QueryAsync(new WorkflowQuery { PageSize = 2 });

        Assert.Equal(["w3", "w2"], page.Items.Select(w => w.Id));
        Assert.Equal(3, page.Total);
        var last = (await index.QueryAsync(new WorkflowQuery { Page = 2, PageSize = 2 })).Items.Single();
        Assert.Equal(Summary("w1", 1, name: "nightly") with { Steps = last.Steps, Queues = last.Queues, Labels = last.Labels }, last);
        Assert.Equal(2, last.Steps[WorkflowStepState.Succeeded]);
        Assert.Equal(["default"], last.Queues);
    }

    [Fact]
    public async Task Record_StateChanged_MovesTheWorkflowBetweenStateFilters()
    {
        var index = await RecordAsync(Summary("w1", 1), Summary("w2", 2));
        await index.RecordAsync(Summary("w1", 1, WorkflowState.Succeeded));
        await index.RecordAsync(Summary("w1", 1, WorkflowState.Succeeded));

        var running = await index.QueryAsync(new WorkflowQuery { State = WorkflowState.Running });
        var succeeded = await index.QueryAsync(new WorkflowQuery { State = WorkflowState.Succeeded });

        Assert.Equal(["w2"], running.Items.Select(w => w.Id));
        Assert.Equal(1, running.Total);
        Assert.Equal(["w1"], succeeded.Items.Select(w => w.Id));
        Assert.Equal(WorkflowState.Succeeded, succeeded.Items[0].State);
        Assert.Equal(2, (await index.QueryAsync(new WorkflowQuery())).Total);
    }

    [Fact]
    public async Task Query_TenantQueues_OnlyWorkflowsWhoseStepsAllRunInThem()
    {
        var index = await RecordAsync(
            Summary("a", 1, queues: ["qa"]),
            Summary("ab", 2, queues: ["qa", "qb"]),
            Summary("b", 3, queues: ["qb"]),
            Summary("a2", 4, WorkflowState.Failed, queues: ["qa"]),
            Summary("ac", 5, queues: ["qa", "qc"]));

        var onlyA = await index.QueryAsync(new WorkflowQuery { Queues = ["qa"] });
        var aAndB = await index.QueryAsync(new WorkflowQuery { Queues = ["qa", "qb"] });
        var aFailed = await index.QueryAsync(new WorkflowQuery { Queues = ["qa", "qb"], State = WorkflowState.Failed });
        var aAndBSecondPage = await index.QueryAsync(new WorkflowQuery { Queues = ["qa", "qb"], Page = 2, PageSize = 3 });
        var none = await index.QueryAsync(new WorkflowQuery { Queues = ["qz"] });

        Assert.Equal(["a2", "a"], onlyA.Items.Select(w => w.Id));
        Assert.Equal(2, onlyA.Total);
        Assert.Equal(["a2", "b", "ab", "a"], aAndB.Items.Select(w => w.Id));
        Assert.Equal(4, aAndB.Total);
        Assert.Equal(["a2"], aFailed.Items.Select(w => w.Id));
        Assert.Equal(["a"], aAndBSecondPage.Items.Select(w => w.Id));
        Assert.Equal(4, aAndBSecondPage.Total);
        Assert.Empty(none.Items);
        Assert.Equal(0, none.Total);
    }

    [Fact]
    public async Task Query_PageBeyondTheEnd_EmptyWithTheTotal()
    {
        var index = await RecordAsync(Summary("w1", 1));

        var page = await index.QueryAsync(new WorkflowQuery { Page = 5, PageSize = 10 });

        Assert.Empty(page.Items);
        Assert.Equal(1, page.Total);
        Assert.Equal(5, page.Page);
        Assert.Equal(10, page.PageSize);
    }
}
