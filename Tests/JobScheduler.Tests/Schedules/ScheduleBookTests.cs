using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Schedules;

namespace JobScheduler.Tests.Schedules;

/// <summary>The schedule's decisions without a silo: misfire and overlap policies, duplicate triggers, queued runs.</summary>
public sealed class ScheduleBookTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private static readonly CronSchedule EveryTwoSeconds = CronSchedule.Parse("*/2 * * * * *", "UTC");

    private static ScheduleBook Book(OverlapPolicy overlap = OverlapPolicy.Skip, MisfirePolicy misfire = MisfirePolicy.RunOnce, params string[] active) =>
        new(new ScheduleGrainState
        {
            Schedule = new ScheduleRecord
            {
                Id = "s1",
                Spec = new ScheduleSpec { Cron = "*/2 * * * * *", Job = new JobSpec { Image = "busybox:latest", Command = ["true"] }, Overlap = overlap, Misfire = misfire },
                CreatedAt = Start,
                UpdatedAt = Start,
                NextOccurrence = Start.AddSeconds(2),
            },
            ActiveJobs = [.. active],
        });

    [Fact]
    public void DueOnTime_StartsOneJobWithTheDerivedId()
    {
        var book = Book();

        book.ActOnDue(EveryTwoSeconds, Start.AddSeconds(2.1), Grace);

        var job = Assert.Single(book.Planned);
        Assert.Equal($"s1:{Start.AddSeconds(2).ToUnixTimeMilliseconds()}", job.JobId);
        Assert.Equal(Start.AddSeconds(4), book.Record.NextOccurrence);
        Assert.Equal(Start.AddSeconds(2), book.Record.LastOccurrence);
    }

    [Fact]
    public void SameTickTwice_StartsNothingTheSecondTime()
    {
        var first = Book();
        first.ActOnDue(EveryTwoSeconds, Start.AddSeconds(2.1), Grace);
        var second = new ScheduleBook(first.State);

        second.ActOnDue(EveryTwoSeconds, Start.AddSeconds(2.2), Grace);

        Assert.Empty(second.Planned);
        Assert.False(second.Changed);
    }

    [Fact]
    public void MisfireRunOnce_AfterTenSecondsDown_StartsOneCatchUpJobForTheLatestMissed()
    {
        var book = Book(misfire: MisfirePolicy.RunOnce);

        book.ActOnDue(EveryTwoSeconds, Start.AddSeconds(11), Grace);

        // Due: 2, 4, 6, 8 (missed: older than 2 s) and 10 (late within grace, but the catch-up job still runs).
        var catchUp = Assert.Single(book.Planned);
        Assert.Equal(ScheduleRunKind.CatchUp, catchUp.Kind);
        Assert.Equal(Start.AddSeconds(8), catchUp.Occurrence);
        Assert.Equal(4, book.Record.Runs.Single(r => r.Kind == ScheduleRunKind.CatchUp).Occurrences);
        var skipped = Assert.Single(book.Record.Runs, r => r.Skipped is not null);
        Assert.Equal((ScheduleSkipReason.Overlap, Start.AddSeconds(10)), (skipped.Skipped!.Value, skipped.Occurrence));
        Assert.Equal(Start.AddSeconds(12), book.Record.NextOccurrence);
    }

    [Fact]
    public void MisfireSkip_AfterTenSecondsDown_RecordsOneSummaryAndRunsOnlyTheOnesWithinGrace()
    {
        var book = Book(misfire: MisfirePolicy.Skip);

        book.ActOnDue(EveryTwoSeconds, Start.AddSeconds(11), Grace);

        var summary = Assert.Single(book.Record.Runs, r => r.Skipped == ScheduleSkipReason.Misfire);
        Assert.Equal(4, summary.Occurrences);
        Assert.Equal(4, book.Missed);
        Assert.Equal(Start.AddSeconds(8), summary.Occurrence);
        var late = Assert.Single(book.Planned);
        Assert.Equal((ScheduleRunKind.Scheduled, Start.AddSeconds(10)), (late.Kind, late.Occurrence));
    }

    [Fact]
    public void OverlapSkip_WhilePreviousRuns_RecordsSkipAndStartsNothing()
    {
        var book = Book(OverlapPolicy.Skip, active: "s1:1");

        book.ActOnDue(EveryTwoSeconds, Start.AddSeconds(2.1), Grace);

        Assert.Empty(book.Planned);
        Assert.Equal(ScheduleSkipReason.Overlap, Assert.Single(book.Record.Runs).Skipped);
    }

    [Fact]
    public void OverlapAllow_WhilePreviousRuns_StartsAnyway()
    {
        var book = Book(OverlapPolicy.Allow, active: "s1:1");

        book.ActOnDue(EveryTwoSeconds, Start.AddSeconds(2.1), Grace);

        Assert.Single(book.Planned);
        Assert.Equal(2, book.Active.Count);
    }

    [Fact]
    public void OverlapQueue_HoldsOneOccurrenceSkipsTheNextAndStartsTheHeldOneWhenThePreviousEnds()
    {
        var book = Book(OverlapPolicy.Queue, active: "s1:1");
        book.ActOnDue(EveryTwoSeconds, Start.AddSeconds(2.1), Grace);
        book.ActOnDue(EveryTwoSeconds, Start.AddSeconds(4.1), Grace);
        Assert.Empty(book.Planned);
        Assert.Equal(Start.AddSeconds(2), book.Record.QueuedOccurrence);
        Assert.Equal(ScheduleSkipReason.Overlap, Assert.Single(book.Record.Runs).Skipped);

        book.JobEnded("s1:1", JobState.Succeeded, Start.AddSeconds(5), 0, null, Start.AddSeconds(5));
        book.JobEnded("s1:1", JobState.Succeeded, Start.AddSeconds(5), 0, null, Start.AddSeconds(5));

        var queued = Assert.Single(book.Planned);
        Assert.Equal(Start.AddSeconds(2), queued.Occurrence);
        Assert.Null(book.Record.QueuedOccurrence);
    }

    [Fact]
    public void TriggerTwiceForOneOccurrence_KeepsOneRunAndOneJobId()
    {
        var book = Book();

        var first = book.Trigger(Start.AddSeconds(1), Start.AddSeconds(1));
        var second = book.Trigger(Start.AddSeconds(1), Start.AddSeconds(1.5));

        Assert.Equal(first, second);
        Assert.Single(book.Record.Runs);
        Assert.Single(book.Active);
        Assert.All(book.Planned, p => Assert.Equal(first, p.JobId));
    }

    [Fact]
    public void JobEnded_UpdatesItsRun()
    {
        var book = Book();
        var jobId = book.Trigger(Start, Start);

        book.JobEnded(jobId, JobState.Failed, Start.AddSeconds(3), 7, "non-zero-exit", Start.AddSeconds(3));

        var run = Assert.Single(book.Record.Runs);
        Assert.Equal((JobState.Failed, 7), (run.State!.Value, run.ExitCode!.Value));
        Assert.Empty(book.Active);
    }
}
