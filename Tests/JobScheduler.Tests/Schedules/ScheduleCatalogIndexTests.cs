using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Schedules;

namespace JobScheduler.Tests.Schedules;

/// <summary>The catalog's rules without a silo: pages newest first, a tenant's view by queues, owner counts for the quota.</summary>
public sealed class ScheduleCatalogIndexTests
{
    private static ScheduleCatalogEntry Entry(string id, string? owner, params string[] queues) => new() { Id = id, Owner = owner, Queues = queues };

    private static ScheduleCatalogIndex IndexOf(params ScheduleCatalogEntry[] entries)
    {
        var index = new ScheduleCatalogIndex(new ScheduleCatalogState());
        foreach (var entry in entries)
            index.Set(entry);
        return index;
    }

    [Fact]
    public void Page_FiveEntriesPagesOfTwo_NewestFirstWithTotal()
    {
        var index = IndexOf([.. Enumerable.Range(1, 5).Select(i => Entry($"s{i}", "alice", "default"))]);

        Assert.Equal(["s5", "s4"], index.Page(new ScheduleQuery { Page = 1, PageSize = 2 }).Ids);
        Assert.Equal(["s3", "s2"], index.Page(new ScheduleQuery { Page = 2, PageSize = 2 }).Ids);
        Assert.Equal(["s1"], index.Page(new ScheduleQuery { Page = 3, PageSize = 2 }).Ids);
        Assert.Empty(index.Page(new ScheduleQuery { Page = 4, PageSize = 2 }).Ids);
        Assert.Equal(5, index.Page(new ScheduleQuery { Page = 4, PageSize = 2 }).Total);
        Assert.Empty(index.Page(new ScheduleQuery { Page = ScheduleQuery.MaxPage, PageSize = ScheduleQuery.MaxPageSize }).Ids);
    }

    [Fact]
    public void Page_WithQueues_HoldsOnlySchedulesUsingThoseQueuesAlone()
    {
        var index = IndexOf(Entry("a1", "x", "a"), Entry("b1", "x", "b"), Entry("ab", "x", "a", "b"), Entry("a2", "y", "a"));

        var a = index.Page(new ScheduleQuery { Queues = ["a"] });
        var ab = index.Page(new ScheduleQuery { Queues = ["a", "b"] });
        var c = index.Page(new ScheduleQuery { Queues = ["c"] });

        Assert.Equal(["a2", "a1"], a.Ids);
        Assert.Equal(2, a.Total);
        Assert.Equal(["a2", "ab", "b1", "a1"], ab.Ids);
        Assert.Equal(4, ab.Total);
        Assert.Empty(c.Ids);
        Assert.Equal(0, c.Total);
    }

    [Fact]
    public void Page_IdListedWithoutEntry_IsHiddenFromTenantsUntilDescribed()
    {
        // An id from a catalog written before entries were kept.
        var state = new ScheduleCatalogState { Ids = ["old"] };
        var index = new ScheduleCatalogIndex(state);

        Assert.Equal(["old"], index.Page(new ScheduleQuery()).Ids);
        Assert.Empty(index.Page(new ScheduleQuery { Queues = ["a"] }).Ids);
        Assert.Equal(0, index.CountOwnedBy("x"));

        Assert.True(index.Set(Entry("old", "x", "a")));
        Assert.Equal(["old"], index.Page(new ScheduleQuery { Queues = ["a"] }).Ids);
        Assert.Equal(["old"], state.Ids);
        Assert.Equal(1, index.CountOwnedBy("x"));
    }

    [Fact]
    public void CountOwnedBy_FollowsSetAndRemove_AndSurvivesAReload()
    {
        var state = new ScheduleCatalogState();
        var index = new ScheduleCatalogIndex(state);
        index.Set(Entry("s1", "x", "a"));
        index.Set(Entry("s2", "x", "a"));
        index.Set(Entry("s3", "y", "a"));
        index.Set(Entry("s4", null, "a"));

        Assert.False(index.Set(Entry("s1", "x", "a")));
        Assert.Equal((2, 1, 0), (index.CountOwnedBy("x"), index.CountOwnedBy("y"), index.CountOwnedBy(null)));
        Assert.True(index.Remove("s1"));
        Assert.False(index.Remove("s1"));
        Assert.Equal(1, index.CountOwnedBy("x"));
        Assert.Equal(1, new ScheduleCatalogIndex(state).CountOwnedBy("x"));
        Assert.Equal(["s2", "s3", "s4"], state.Ids);
    }

    [Theory]
    [InlineData(0, 2, "x", true)]
    [InlineData(1, 2, "x", true)]
    [InlineData(2, 2, "x", false)]
    [InlineData(5, 0, "x", true)]
    [InlineData(5, 2, null, true)]
    public void Admits_HeldAgainstMaximum(int held, int max, string? owner, bool admitted) =>
        Assert.Equal(admitted, ScheduleCatalogIndex.Admits(held, max, owner));
}
