using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Indexing;

/// <summary>Job summaries for index tests, created a second apart so their order is unambiguous.</summary>
internal static class TestJobs
{
    private static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A summary created <paramref name="second"/> seconds after a fixed epoch.</summary>
    public static JobSummary Create(
        string id, int second, JobState state = JobState.Queued, string queue = "default",
        IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        Id = id,
        State = state,
        Queue = queue,
        Image = "busybox",
        CreatedAt = Epoch.AddSeconds(second),
        UpdatedAt = Epoch.AddSeconds(second),
        Labels = labels ?? new Dictionary<string, string>(),
    };

    /// <summary>The ids of a page, in order.</summary>
    public static string[] Ids(this JobPage page) => [.. page.Items.Select(j => j.Id)];
}
