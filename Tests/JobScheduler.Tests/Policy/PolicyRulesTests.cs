using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Policy;
using JobScheduler.Grains.Schedules;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace JobScheduler.Tests.Policy;

/// <summary>The pure parts of the submission policy and the bugs it fixes: validators, options, cron gaps, schedule runs that cannot start.</summary>
public sealed class PolicyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly JobSpec Job = new() { Image = "busybox:latest", Command = ["true"] };

    [Theory]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(-1001)]
    public void JobSpecValidator_PriorityOutOfRange_NamesPriority(int priority)
    {
        Assert.True(JobSpecValidator.Validate(Job with { Priority = priority }, Now).ContainsKey("priority"));
    }

    [Theory]
    [InlineData(1e-10)]
    [InlineData(0.009)]
    [InlineData(double.Epsilon)]
    public void JobSpecValidator_CpusBelowTheSmallest_NamesCpus(double cpus)
    {
        var errors = JobSpecValidator.Validate(Job with { Resources = new ResourceLimits { Cpus = cpus } }, Now);

        Assert.Contains("at least 0.01", Assert.Single(errors["resources.cpus"]), StringComparison.Ordinal);
    }

    [Fact]
    public void JobSpecValidator_SmallestCpus_IsAccepted()
    {
        Assert.Empty(JobSpecValidator.Validate(Job with { Resources = new ResourceLimits { Cpus = JobSpecLimits.MinCpus } }, Now));
    }

    [Fact]
    public void QueueSettingsValidator_EveryNewSettingInvalid_NamesEachOne()
    {
        var settings = new QueueSettings
        {
            Resources = new ResourceLimits { Cpus = 1e-10, MemoryMb = 2048 },
            Maxima = new JobMaxima { Cpus = 0, MemoryMb = 1024, Pids = 0, Timeout = TimeSpan.Zero },
            ImagePolicy = new ImagePolicy { Allowed = ["docker.io/library/*", "Not A Pattern"] },
            MinCronInterval = TimeSpan.Zero,
        };

        var errors = QueueSettingsValidator.Validate(settings);

        foreach (var field in new[] { "resources.cpus", "resources.memoryMb", "maxima.cpus", "maxima.pids", "maxima.timeout", "imagePolicy.allowed[1]", "minCronInterval" })
            Assert.True(errors.ContainsKey(field), $"expected an error for {field}; got {string.Join(", ", errors.Keys)}");
        Assert.False(errors.ContainsKey("imagePolicy.allowed[0]"));
        Assert.Contains(errors["resources.memoryMb"], m => m.Contains("At most 1024 MiB", StringComparison.Ordinal));
    }

    [Fact]
    public void SubmissionLimitsOptionsValidator_Defaults_AreTheHardLimits()
    {
        var options = new SubmissionLimitsOptions();

        Assert.True(new SubmissionLimitsOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((JobSpecLimits.MaxCpus, JobSpecLimits.MaxMemoryMb, JobSpecLimits.MaxPids, JobSpecLimits.MaxTimeout), (options.MaxCpus, options.MaxMemoryMb, options.MaxPids, options.MaxTimeout));
    }

    [Fact]
    public void SubmissionLimitsOptionsValidator_EveryValueInvalid_ReportsAllAtOnce()
    {
        var options = new SubmissionLimitsOptions { MaxCpus = 0.001, MaxMemoryMb = 1, MaxPids = 0, MaxTimeout = TimeSpan.FromDays(8), QueueSettingsCacheDuration = TimeSpan.FromSeconds(-1) };

        var result = new SubmissionLimitsOptionsValidator().Validate(null, options);

        Assert.Equal(5, result.Failures!.Count());
    }

    [Fact]
    public void ImagePolicyOptionsValidator_EveryValueInvalid_ReportsAllAtOnce()
    {
        var options = new ImagePolicyOptions { Allowed = ["BAD PATTERN"], AllowedPrivateRegistries = ["host/path"], ResolveTimeout = TimeSpan.Zero };

        var result = new ImagePolicyOptionsValidator().Validate(null, options);

        Assert.Equal(3, result.Failures!.Count());
        Assert.True(new ImagePolicyOptionsValidator().Validate(null, new ImagePolicyOptions()).Succeeded);
    }

    [Fact]
    public void ScheduleOptionsValidator_MinCronIntervalBelowOneSecond_Fails()
    {
        Assert.False(new ScheduleOptionsValidator().Validate(null, new ScheduleOptions { MinCronInterval = TimeSpan.FromMilliseconds(500) }).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(1), new ScheduleOptions().MinCronInterval);
    }

    [Theory]
    [InlineData("America")]
    [InlineData("Europe")]
    [InlineData("Etc")]
    [InlineData("posix")]
    [InlineData("right")]
    public void CronSchedule_ZoneinfoDirectory_IsAnUnknownTimeZone(string zone)
    {
        Assert.False(CronSchedule.TryParse("0 * * * *", zone, out _, out var errors));
        Assert.Contains("Unknown time zone", errors["timeZone"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("* * * * * *", 1)]
    [InlineData("*/10 * * * * *", 10)]
    [InlineData("0,1 0 * * *", 60)]
    [InlineData("0 0,59 * * * *", 60)]
    [InlineData("@hourly", 3600)]
    public void CronSchedule_ShortestGap_IsTheClosestTwoOccurrences(string cron, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CronSchedule.Parse(cron, "UTC").ShortestGap(Now, 1000));
    }

    [Fact]
    public void ScheduleBook_RunNotStarted_FailsTheRunAndDoesNotBlockTheNextOccurrence()
    {
        var cron = CronSchedule.Parse("*/2 * * * * *", "UTC");
        var book = new ScheduleBook(new ScheduleGrainState
        {
            Schedule = new ScheduleRecord
            {
                Id = "s1",
                Spec = new ScheduleSpec { Cron = "*/2 * * * * *", Job = Job, Overlap = OverlapPolicy.Skip },
                CreatedAt = Now,
                UpdatedAt = Now,
                NextOccurrence = Now.AddSeconds(2),
            },
        });
        book.ActOnDue(cron, Now.AddSeconds(2.1), TimeSpan.FromSeconds(5));
        var refused = Assert.Single(book.Planned).JobId;

        var after = new ScheduleBook(book.State);
        after.NotStarted(refused, "job.network: not allowed", Now.AddSeconds(2.2));
        after.ActOnDue(cron, Now.AddSeconds(4.1), TimeSpan.FromSeconds(5));

        Assert.DoesNotContain(refused, after.Active);
        var failed = after.Record.Runs.Single(r => r.Occurrence == Now.AddSeconds(2));
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Null(failed.JobId);
        Assert.StartsWith("Could not start: job.network", failed.Detail, StringComparison.Ordinal);
        var next = Assert.Single(after.Planned);
        Assert.NotEqual(refused, next.JobId);
        Assert.DoesNotContain(after.Record.Runs, r => r.Skipped is not null);
    }

    [Fact]
    public void JobValidationException_OrleansRoundTrip_KeepsItsErrors()
    {
        using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(JobValidationException).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var sent = new JobValidationException(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["resources.memoryMb"] = ["At most 1024 MiB in queue 'reports'."] });

        var received = Assert.IsType<JobValidationException>(serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(sent)));

        Assert.Equal(["At most 1024 MiB in queue 'reports'."], received.Errors["resources.memoryMb"]);
        Assert.Equal(sent.Message, received.Message);
    }
}
