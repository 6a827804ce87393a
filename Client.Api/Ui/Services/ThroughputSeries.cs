using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>
/// Jobs finished per minute over a window, counted from job listings: each job falls in the minute of its last
/// update (when it reached its final state). Pure, so that a test can feed it.
/// </summary>
public static class ThroughputSeries
{
    /// <summary>The window the Overview charts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>How many of the newest jobs of each final state the Overview reads (one API page).</summary>
    public const int Sample = JobQuery.MaxPageSize;

    /// <summary>Counts per minute, oldest first, of <paramref name="jobs"/> updated in the <see cref="Window"/> before <paramref name="now"/>.</summary>
    public static int[] PerMinute(IEnumerable<JobSummary> jobs, DateTimeOffset now)
    {
        var minutes = (int)Window.TotalMinutes;
        var counts = new int[minutes];
        var start = now - Window;
        foreach (var job in jobs)
        {
            if (job.UpdatedAt <= start || job.UpdatedAt > now)
                continue;
            var index = Math.Min(minutes - 1, (int)((job.UpdatedAt - start).TotalMinutes));
            counts[index]++;
        }

        return counts;
    }
}
