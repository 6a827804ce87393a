using JobScheduler.Grains.Schedules;

namespace JobScheduler.Tests.Schedules;

/// <summary>Cron parsing and occurrences over Cronos at fixed dates, daylight saving transitions included.</summary>
public sealed class CronScheduleTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void SixFields_EveryTwoSeconds_OccurTwoSecondsApartInTheZone()
    {
        var cron = CronSchedule.Parse("*/2 * * * * *", "Europe/Berlin");

        var next = cron.NextOccurrences(Utc("2026-06-01T10:00:00.500Z"), 3);

        Assert.Equal([Utc("2026-06-01T10:00:02Z"), Utc("2026-06-01T10:00:04Z"), Utc("2026-06-01T10:00:06Z")], next);
        Assert.All(next, o => Assert.Equal(TimeSpan.FromHours(2), o.Offset));
    }

    [Fact]
    public void FiveFields_DailyAtNine_IsReadInTheScheduleTimeZone()
    {
        var cron = CronSchedule.Parse("0 9 * * *", "America/New_York");

        Assert.Equal(Utc("2026-01-15T14:00:00Z"), cron.Next(Utc("2026-01-15T12:00:00Z")));
        Assert.Equal(Utc("2026-07-15T13:00:00Z"), cron.Next(Utc("2026-07-15T12:00:00Z")));
    }

    [Fact]
    public void Berlin_SpringForward_OccurrenceInTheSkippedHourRunsOnceAtTheEndOfTheGap()
    {
        // 2026-03-29 02:00 CET jumps to 03:00 CEST: 02:30 does not exist that day.
        var cron = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");

        var occurrences = cron.Between(Utc("2026-03-28T12:00:00Z"), Utc("2026-03-30T12:00:00Z"), 10);

        Assert.Equal([Utc("2026-03-29T03:00:00+02:00"), Utc("2026-03-30T02:30:00+02:00")], occurrences);
    }

    [Fact]
    public void Berlin_FallBack_FixedTimeRunsOnceInTheFirstInstanceOfTheHour()
    {
        // 2026-10-25 03:00 CEST goes back to 02:00 CET: 02:30 happens twice.
        var cron = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");

        var occurrences = cron.Between(Utc("2026-10-24T22:00:00Z"), Utc("2026-10-25T22:00:00Z"), 10);

        Assert.Equal([Utc("2026-10-25T02:30:00+02:00")], occurrences);
    }

    [Fact]
    public void Berlin_FallBack_EveryFifteenMinutesRunsInBothInstancesOfTheHour()
    {
        var cron = CronSchedule.Parse("*/15 2 * * *", "Europe/Berlin");

        var occurrences = cron.Between(Utc("2026-10-24T22:00:00Z"), Utc("2026-10-25T22:00:00Z"), 20);

        Assert.Equal(8, occurrences.Count);
        Assert.Equal(Utc("2026-10-25T00:00:00Z"), occurrences[0]);
        Assert.Equal(Utc("2026-10-25T01:45:00Z"), occurrences[^1]);
        Assert.Equal(4, occurrences.Count(o => o.Offset == TimeSpan.FromHours(2)));
        Assert.Equal(4, occurrences.Count(o => o.Offset == TimeSpan.FromHours(1)));
    }

    [Fact]
    public void NewYork_SpringForwardAndFallBack_FollowTheSameRule()
    {
        var cron = CronSchedule.Parse("30 2 * * *", "America/New_York");

        // 2026-03-08: 02:00 EST jumps to 03:00 EDT; 2026-11-01: 02:00 EDT goes back to 01:00 EST (02:30 exists once).
        Assert.Equal([Utc("2026-03-08T03:00:00-04:00")], cron.Between(Utc("2026-03-08T05:00:00Z"), Utc("2026-03-08T12:00:00Z"), 10));
        Assert.Equal([Utc("2026-11-01T02:30:00-05:00")], cron.Between(Utc("2026-11-01T04:00:00Z"), Utc("2026-11-01T12:00:00Z"), 10));

        var hourly = CronSchedule.Parse("0 * * * *", "America/New_York");
        // The repeated 01:00 hour: an hourly expression runs in both instances.
        Assert.Equal(
            [Utc("2026-11-01T01:00:00-04:00"), Utc("2026-11-01T01:00:00-05:00"), Utc("2026-11-01T02:00:00-05:00")],
            hourly.Between(Utc("2026-11-01T04:30:00Z"), Utc("2026-11-01T07:00:00Z"), 10));
    }

    [Theory]
    [InlineData("@hourly", "2026-06-01T11:00:00Z")]
    [InlineData("@daily", "2026-06-02T00:00:00Z")]
    [InlineData("@every_second", "2026-06-01T10:00:01Z")]
    public void Macro_IsAccepted(string macro, string expected)
    {
        var cron = CronSchedule.Parse(macro, "UTC");

        Assert.Equal(Utc(expected), cron.Next(Utc("2026-06-01T10:00:00Z")));
    }

    [Theory]
    [InlineData("* * * *", "cron", "got 4")]
    [InlineData("* * * * * * *", "cron", "got 7")]
    [InlineData("61 * * * *", "cron", "")]
    [InlineData("", "cron", "required")]
    public void BadExpression_IsReportedOnCron(string expression, string field, string fragment)
    {
        Assert.False(CronSchedule.TryParse(expression, "UTC", out _, out var errors));

        Assert.Contains(fragment, errors[field], StringComparison.Ordinal);
    }

    [Fact]
    public void ImpossibleDate_FebruaryThirtieth_ParsesButNeverOccurs()
    {
        Assert.True(CronSchedule.TryParse("0 0 30 2 *", "UTC", out var cron, out _));

        Assert.Null(cron.Next(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void UnknownTimeZone_IsReportedOnTimeZone()
    {
        Assert.False(CronSchedule.TryParse("* * * * *", "Mars/Olympus_Mons", out _, out var errors));

        Assert.Contains("Mars/Olympus_Mons", errors["timeZone"], StringComparison.Ordinal);
        Assert.False(errors.ContainsKey("cron"));
    }
}
