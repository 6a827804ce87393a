using JobScheduler.Grains.Indexing;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Indexing;

/// <summary>The behaviour every <see cref="IJobIndex"/> must show; each implementation runs it through a subclass.</summary>
public abstract class JobIndexTests
{
    /// <summary>A new, empty index.</summary>
    protected abstract Task<IJobIndex> CreateIndexAsync();

    [Fact]
    public async Task Query_ByState_ReturnsOnlyJobsInThatState()
    {
        var index = await RecordAsync(
            TestJobs.Create("a", 1, JobState.Queued),
            TestJobs.Create("b", 2, JobState.Running),
            TestJobs.Create("c", 3, JobState.Queued));

        var page = await index.QueryAsync(new JobQuery { State = JobState.Queued });

        Assert.Equal(["c", "a"], page.Ids());
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task Query_ByQueue_ReturnsOnlyThatQueue()
    {
        var index = await RecordAsync(
            TestJobs.Create("a", 1, queue: "gpu"),
            TestJobs.Create("b", 2, queue: "default"),
            TestJobs.Create("c", 3, queue: "gpu"));

        var page = await index.QueryAsync(new JobQuery { Queue = "gpu" });

        Assert.Equal(["c", "a"], page.Ids());
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task Query_ByLabel_ReturnsOnlyJobsWithThatValue()
    {
        var index = await RecordAsync(
            TestJobs.Create("a", 1, labels: Labels("team", "data")),
            TestJobs.Create("b", 2, labels: Labels("team", "web")),
            TestJobs.Create("c", 3));

        var page = await index.QueryAsync(new JobQuery { LabelKey = "team", LabelValue = "data" });

        Assert.Equal(["a"], page.Ids());
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Query_CombinedFilters_ReturnsJobsMatchingAll()
    {
        var index = await RecordAsync(
            TestJobs.Create("match-old", 1, JobState.Failed, "gpu", Labels("team", "data")),
            TestJobs.Create("wrong-state", 2, JobState.Succeeded, "gpu", Labels("team", "data")),
            TestJobs.Create("wrong-queue", 3, JobState.Failed, "default", Labels("team", "data")),
            TestJobs.Create("wrong-label", 4, JobState.Failed, "gpu", Labels("team", "web")),
            TestJobs.Create("match-new", 5, JobState.Failed, "gpu", Labels("team", "data")));

        var all = await index.QueryAsync(new JobQuery { State = JobState.Failed, Queue = "gpu", LabelKey = "team", LabelValue = "data" });
        var stateAndQueue = await index.QueryAsync(new JobQuery { State = JobState.Failed, Queue = "gpu" });

        Assert.Equal(["match-new", "match-old"], all.Ids());
        Assert.Equal(2, all.Total);
        Assert.Equal(["match-new", "wrong-label", "match-old"], stateAndQueue.Ids());
    }

    [Fact]
    public async Task Query_CombinedFiltersSecondPage_PagesTheIntersection()
    {
        var jobs = Enumerable.Range(1, 7)
            .Select(i => TestJobs.Create($"job-{i}", i, i % 2 == 0 ? JobState.Running : JobState.Queued, "gpu"))
            .ToArray();
        var index = await RecordAsync(jobs);

        var page = await index.QueryAsync(new JobQuery { State = JobState.Queued, Queue = "gpu", Page = 2, PageSize = 2 });

        Assert.Equal(["job-3", "job-1"], page.Ids());
        Assert.Equal(4, page.Total);
    }

    [Fact]
    public async Task Record_StateChange_MovesJobBetweenStateSets()
    {
        var queued = TestJobs.Create("a", 1, JobState.Queued);
        var index = await RecordAsync(queued, TestJobs.Create("b", 2, JobState.Queued));
        var running = queued with { State = JobState.Running, Attempt = 1, UpdatedAt = queued.UpdatedAt.AddSeconds(5) };

        await index.RecordAsync(running, JobState.Queued);

        Assert.Equal(["b"], (await index.QueryAsync(new JobQuery { State = JobState.Queued })).Ids());
        var nowRunning = Assert.Single((await index.QueryAsync(new JobQuery { State = JobState.Running })).Items);
        Assert.Equal(("a", JobState.Running, 1), (nowRunning.Id, nowRunning.State, nowRunning.Attempt));
        Assert.Equal(2, (await index.QueryAsync(new JobQuery { Queue = "default" })).Total);
    }

    [Fact]
    public async Task Record_SameStateAgain_UpdatesSummaryInPlace()
    {
        var first = TestJobs.Create("a", 1, JobState.Running) with { Attempt = 1 };
        var index = await RecordAsync(first);

        await index.RecordAsync(first with { Attempt = 2 }, JobState.Running);

        var page = await index.QueryAsync(new JobQuery { State = JobState.Running });
        Assert.Equal(2, Assert.Single(page.Items).Attempt);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Query_RecordedSummary_ComesBackWithEveryField()
    {
        var job = TestJobs.Create("a", 1, JobState.Failed, "gpu", new Dictionary<string, string> { ["team"] = "data", ["tier"] = "1" }) with
        {
            Priority = 7,
            Attempt = 3,
            ExitCode = 137,
            FailureReason = "timeout",
            UpdatedAt = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)),
        };
        var index = await RecordAsync(job);

        var read = Assert.Single((await index.QueryAsync(new JobQuery())).Items);

        Assert.Equal(job with { Labels = read.Labels }, read);
        Assert.Equal(job.Labels.OrderBy(l => l.Key), read.Labels.OrderBy(l => l.Key));
    }

    [Fact]
    public async Task Query_NoFilters_ReturnsAllNewestFirst()
    {
        var index = await RecordAsync(
            TestJobs.Create("middle", 2, JobState.Running),
            TestJobs.Create("newest", 3, JobState.Succeeded, "gpu"),
            TestJobs.Create("oldest", 1));

        var page = await index.QueryAsync(new JobQuery());

        Assert.Equal(["newest", "middle", "oldest"], page.Ids());
        Assert.Equal(3, page.Total);
        Assert.Equal((1, JobQuery.DefaultPageSize), (page.Page, page.PageSize));
    }

    [Fact]
    public async Task Query_SecondPage_ReturnsNextRowsAndTotal()
    {
        var index = await RecordAsync([.. Enumerable.Range(1, 5).Select(i => TestJobs.Create($"job-{i}", i))]);

        var second = await index.QueryAsync(new JobQuery { Page = 2, PageSize = 2 });
        var last = await index.QueryAsync(new JobQuery { Page = 3, PageSize = 2 });
        var beyond = await index.QueryAsync(new JobQuery { Page = 4, PageSize = 2 });

        Assert.Equal(["job-3", "job-2"], second.Ids());
        Assert.Equal((2, 2, 5L), (second.Page, second.PageSize, second.Total));
        Assert.Equal(["job-1"], last.Ids());
        Assert.Empty(beyond.Items);
        Assert.Equal(5, beyond.Total);
    }

    [Fact]
    public async Task Query_OutOfRangePaging_IsClamped()
    {
        var index = await RecordAsync([.. Enumerable.Range(1, 3).Select(i => TestJobs.Create($"job-{i}", i))]);

        var zero = await index.QueryAsync(new JobQuery { Page = 0, PageSize = 0 });
        var negative = await index.QueryAsync(new JobQuery { Page = -3, PageSize = -1 });
        var huge = await index.QueryAsync(new JobQuery { PageSize = JobQuery.MaxPageSize + 1 });

        Assert.Equal((1, 1), (zero.Page, zero.PageSize));
        Assert.Equal(["job-3"], zero.Ids());
        Assert.Equal((1, 1), (negative.Page, negative.PageSize));
        Assert.Equal(JobQuery.MaxPageSize, huge.PageSize);
        Assert.Equal(3, huge.Items.Count);
    }

    [Fact]
    public async Task Query_UnknownQueueOrLabel_ReturnsEmpty()
    {
        var index = await RecordAsync(TestJobs.Create("a", 1, labels: Labels("team", "data")));

        var queue = await index.QueryAsync(new JobQuery { Queue = "nope" });
        var combined = await index.QueryAsync(new JobQuery { State = JobState.Queued, LabelKey = "team", LabelValue = "web" });

        Assert.Equal((0, 0L), (queue.Items.Count, queue.Total));
        Assert.Equal((0, 0L), (combined.Items.Count, combined.Total));
    }

    [Fact]
    public async Task Query_LabelKeyWithoutValue_Throws()
    {
        var index = await CreateIndexAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => index.QueryAsync(new JobQuery { LabelKey = "team" }));
        await Assert.ThrowsAsync<ArgumentException>(() => index.QueryAsync(new JobQuery { LabelValue = "data" }));
    }

    [Fact]
    public async Task Remove_Job_DisappearsFromEveryListing()
    {
        var gone = TestJobs.Create("gone", 1, JobState.DeadLettered, "gpu", Labels("team", "data"));
        var index = await RecordAsync(gone, TestJobs.Create("kept", 2, JobState.DeadLettered, "gpu", Labels("team", "data")));

        await index.RemoveAsync(gone);

        foreach (var query in new[]
        {
            new JobQuery(),
            new JobQuery { State = JobState.DeadLettered },
            new JobQuery { Queue = "gpu" },
            new JobQuery { LabelKey = "team", LabelValue = "data" },
            new JobQuery { State = JobState.DeadLettered, Queue = "gpu", LabelKey = "team", LabelValue = "data" },
        })
        {
            var page = await index.QueryAsync(query);
            Assert.Equal(["kept"], page.Ids());
            Assert.Equal(1, page.Total);
        }
    }

    [Fact]
    public async Task Remove_StaleSummary_StillRemovesFromTheRecordedState()
    {
        var failed = TestJobs.Create("a", 1, JobState.Failed);
        var index = await RecordAsync(failed);
        await index.RecordAsync(failed with { State = JobState.DeadLettered }, JobState.Failed);

        await index.RemoveAsync(failed);

        Assert.Equal(0, (await index.QueryAsync(new JobQuery { State = JobState.DeadLettered })).Total);
        Assert.Equal(0, (await index.QueryAsync(new JobQuery { State = JobState.Failed })).Total);
        Assert.Equal(0, (await index.QueryAsync(new JobQuery())).Total);
    }

    [Fact]
    public async Task Remove_UnknownOrRemovedJob_IsHarmless()
    {
        var job = TestJobs.Create("a", 1);
        var index = await RecordAsync(job, TestJobs.Create("b", 2));

        await index.RemoveAsync(job);
        await index.RemoveAsync(job);
        await index.RemoveAsync(TestJobs.Create("never", 3));

        Assert.Equal(["b"], (await index.QueryAsync(new JobQuery())).Ids());
    }

    [Fact]
    public async Task Remove_ThenRecordAgain_ListsTheJobOnce()
    {
        var job = TestJobs.Create("a", 1, labels: Labels("team", "data"));
        var index = await RecordAsync(job);
        await index.RemoveAsync(job);

        await index.RecordAsync(job, previousState: null);

        var page = await index.QueryAsync(new JobQuery { LabelKey = "team", LabelValue = "data" });
        Assert.Equal(["a"], page.Ids());
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task Queues_JobsAndARecordedQueue_ListsEachNameOnceInOrder()
    {
        var index = await RecordAsync(TestJobs.Create("a", 1, queue: "reports"), TestJobs.Create("b", 2), TestJobs.Create("c", 3, queue: "reports"));
        await index.RecordQueueAsync("empty");

        Assert.Equal(["default", "empty", "reports"], await index.QueuesAsync());
    }

    [Fact]
    public async Task CountByState_AfterTransitions_CountsTheQueuesJobsPerStateWithZeros()
    {
        var index = await RecordAsync(
            TestJobs.Create("a", 1, queue: "reports"), TestJobs.Create("b", 2, queue: "reports"), TestJobs.Create("c", 3));
        await index.RecordAsync(TestJobs.Create("a", 1, JobState.Succeeded, queue: "reports"), JobState.Queued);

        var counts = await index.CountByStateAsync("reports");

        Assert.Equal(Enum.GetValues<JobState>().Length, counts.Count);
        Assert.Equal(1, counts[JobState.Queued]);
        Assert.Equal(1, counts[JobState.Succeeded]);
        Assert.Equal(2, counts.Values.Sum());
        Assert.Equal(0, (await index.CountByStateAsync("nothing-here")).Values.Sum());
    }

    [Fact]
    public async Task CountByState_SeriesOfTransitions_EqualsTheJobsStates()
    {
        var a = TestJobs.Create("a", 1, queue: "reports");
        var b = TestJobs.Create("b", 2, queue: "reports");
        var c = TestJobs.Create("c", 3, queue: "reports");
        var d = TestJobs.Create("d", 4, JobState.Scheduled, "reports");
        var e = TestJobs.Create("e", 5, queue: "reports");
        var other = TestJobs.Create("other", 6);
        var index = await RecordAsync(a, b, c, d, e, other);
        JobSummary[] final =
        [
            await MoveAsync(index, a, JobState.Running, JobState.Succeeded),
            await MoveAsync(index, b, JobState.Running, JobState.RetryWaiting, JobState.Queued, JobState.Running),
            await MoveAsync(index, c, JobState.Running, JobState.Failed, JobState.Queued, JobState.Cancelled),
            await MoveAsync(index, d, JobState.Queued),
            e,
            await MoveAsync(index, other, JobState.Running, JobState.Succeeded),
        ];

        var counts = await index.CountByStateAsync("reports");

        Assert.Equal(CountsOf(final, "reports"), counts.OrderBy(count => count.Key));
        Assert.Equal(CountsOf(final, "default"), (await index.CountByStateAsync("default")).OrderBy(count => count.Key));
    }

    [Fact]
    public async Task CountByState_SameRecordTwice_CountsTheJobOnce()
    {
        var job = TestJobs.Create("a", 1);
        var index = await RecordAsync(job, job, TestJobs.Create("b", 2));
        var running = job with { State = JobState.Running, Attempt = 1 };

        // A retry after a failed reply, or a reconcile, records the same transition again.
        await index.RecordAsync(running, JobState.Queued);
        await index.RecordAsync(running, JobState.Queued);

        var counts = await index.CountByStateAsync("default");
        Assert.Equal((1L, 1L, 2L), (counts[JobState.Queued], counts[JobState.Running], counts.Values.Sum()));
    }

    [Fact]
    public async Task CountByState_RemovedTwice_CountsTheJobOutOfItsStateOnce()
    {
        var gone = TestJobs.Create("gone", 1, JobState.DeadLettered, "gpu");
        var kept = TestJobs.Create("kept", 2, JobState.DeadLettered, "gpu");
        var index = await RecordAsync(gone, kept, TestJobs.Create("failed", 3, JobState.Failed, "gpu"));

        await index.RemoveAsync(gone);
        await index.RemoveAsync(gone);
        var afterOne = await index.CountByStateAsync("gpu");
        await index.RemoveAsync(kept);
        await index.RemoveAsync(kept);
        var afterBoth = await index.CountByStateAsync("gpu");

        Assert.Equal((1L, 1L, 2L), (afterOne[JobState.DeadLettered], afterOne[JobState.Failed], afterOne.Values.Sum()));
        Assert.Equal((0L, 1L, 1L), (afterBoth[JobState.DeadLettered], afterBoth[JobState.Failed], afterBoth.Values.Sum()));
        Assert.All(afterBoth.Values, count => Assert.True(count >= 0));
    }

    [Fact]
    public async Task CountByState_RemoveWithStaleSummary_CountsOutTheRecordedState()
    {
        var failed = TestJobs.Create("a", 1, JobState.Failed);
        var index = await RecordAsync(failed);
        await index.RecordAsync(failed with { State = JobState.DeadLettered }, JobState.Failed);

        await index.RemoveAsync(failed);

        Assert.All(await index.CountByStateAsync("default"), count => Assert.Equal(0, count.Value));
    }

    /// <summary>A new index holding <paramref name="jobs"/>, each recorded for the first time.</summary>
    [Fact]
    public async Task Oldest_StateAndCutoff_PagesOldestFirstWithinCutoff()
    {
        var index = await RecordAsync(
            TestJobs.Create("s1", 1, JobState.Succeeded),
            TestJobs.Create("q2", 2, JobState.Queued),
            TestJobs.Create("s3", 3, JobState.Succeeded),
            TestJobs.Create("s4", 4, JobState.Succeeded),
            TestJobs.Create("s5", 5, JobState.Succeeded));
        var cutoff = TestJobs.Create("x", 4).CreatedAt;

        var first = await index.OldestAsync(JobState.Succeeded, cutoff, offset: 0, count: 2);
        var second = await index.OldestAsync(JobState.Succeeded, cutoff, offset: 2, count: 2);
        var none = await index.OldestAsync(JobState.Failed, cutoff, offset: 0, count: 2);

        Assert.Equal(["s1", "s3"], first.Select(j => j.Id));
        Assert.Equal(["s4"], second.Select(j => j.Id));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Oldest_AfterRemove_LeavesRemovedJobOutAndCountsDown()
    {
        var removed = TestJobs.Create("s1", 1, JobState.Succeeded, "gpu");
        var index = await RecordAsync(removed, TestJobs.Create("s2", 2, JobState.Succeeded, "gpu"));

        await index.RemoveAsync(removed);

        Assert.Equal(["s2"], (await index.OldestAsync(JobState.Succeeded, DateTimeOffset.MaxValue, 0, 10)).Select(j => j.Id));
        Assert.Equal(1, (await index.CountByStateAsync("gpu"))[JobState.Succeeded]);
    }

    [Fact]
    public async Task CountByOwner_TransitionsAndRemoval_CountTheOwnersJobsAcrossQueues()
    {
        var index = await CreateIndexAsync();
        var a = TestJobs.Create("a", 1, queue: "reports");
        var b = TestJobs.Create("b", 2, JobState.Scheduled, "billing");
        await index.RecordAsync(a, previousState: null, owner: "key:alice");
        await index.RecordAsync(b, previousState: null, owner: "key:alice");
        await index.RecordAsync(TestJobs.Create("c", 3), previousState: null, owner: "key:bob");
        await index.RecordAsync(TestJobs.Create("d", 4), previousState: null);

        var running = a with { State = JobState.Running };
        await index.RecordAsync(running, JobState.Queued, owner: "key:alice");
        await index.RecordAsync(running, JobState.Queued, owner: "key:alice"); // a repeated transition counts once
        var alice = await index.CountByOwnerAsync("key:alice");
        Assert.Equal(1, alice[JobState.Running]);
        Assert.Equal(1, alice[JobState.Scheduled]);
        Assert.Equal(2, alice.Values.Sum());
        Assert.Equal(1, (await index.CountByOwnerAsync("key:bob")).Values.Sum());

        await index.RemoveAsync(b, owner: "key:alice");
        await index.RemoveAsync(b, owner: "key:alice");
        alice = await index.CountByOwnerAsync("key:alice");
        Assert.Equal(1, alice.Values.Sum());
        Assert.Equal(0, (await index.CountByOwnerAsync("nobody")).Values.Sum());
        // The queues' counts are unchanged by owners.
        Assert.Equal(1, (await index.CountByStateAsync("reports"))[JobState.Running]);
    }

    protected async Task<IJobIndex> RecordAsync(params JobSummary[] jobs)
    {
        var index = await CreateIndexAsync();
        foreach (var job in jobs)
            await index.RecordAsync(job, previousState: null);
        return index;
    }

    /// <summary>Records <paramref name="job"/>'s transitions through <paramref name="path"/>; returns its last summary.</summary>
    private static async Task<JobSummary> MoveAsync(IJobIndex index, JobSummary job, params JobState[] path)
    {
        foreach (var state in path)
        {
            var next = job with { State = state };
            await index.RecordAsync(next, job.State);
            job = next;
        }
        return job;
    }

    /// <summary>The truth the counts must match: every state, with how many of <paramref name="jobs"/> in the queue are in it.</summary>
    private static IOrderedEnumerable<KeyValuePair<JobState, long>> CountsOf(IEnumerable<JobSummary> jobs, string queue) =>
        Enum.GetValues<JobState>()
            .ToDictionary(s => s, s => (long)jobs.Count(j => j.Queue == queue && j.State == s))
            .OrderBy(c => c.Key);

    private static Dictionary<string, string> Labels(string key, string value) => new() { [key] = value };
}
