using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Schedules;

namespace JobScheduler.Tests.Schedules;

/// <summary>Every problem of a schedule spec is reported at once, keyed by its JSON path.</summary>
public sealed class ScheduleSpecValidatorTests
{
    private static readonly JobSpec Job = new() { Image = "busybox:latest", Command = ["true"] };

    [Fact]
    public void ValidSpec_HasNoErrors()
    {
        var errors = ScheduleSpecValidator.Validate(new ScheduleSpec { Cron = "0 * * * *", TimeZone = "Europe/Berlin", Job = Job }, DateTimeOffset.UtcNow);

        Assert.Empty(errors);
    }

    [Fact]
    public void EveryProblem_IsNamedByItsPath()
    {
        var spec = new ScheduleSpec
        {
            Cron = "not cron",
            TimeZone = "Nowhere/Else",
            Job = Job with { Image = "", Command = [], RunAt = DateTimeOffset.UtcNow, Resources = new ResourceLimits { MemoryMb = 1 } },
            Overlap = (OverlapPolicy)42,
            Description = new string('x', 2000),
        };

        var errors = ScheduleSpecValidator.Validate(spec, DateTimeOffset.UtcNow);

        Assert.Equal(
            ["cron", "description", "job.command", "job.image", "job.resources.memoryMb", "job.runAt", "overlap", "timeZone"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WorkflowTemplate_IsValidatedUnderWorkflow_AndExactlyOneTemplateIsRequired()
    {
        var cycle = new WorkflowSpec
        {
            Steps =
            [
                new WorkflowStepSpec { Name = "a", Job = Job, DependsOn = ["b"] },
                new WorkflowStepSpec { Name = "b", Job = Job with { Image = "" }, DependsOn = ["a"] },
            ],
        };
        var now = DateTimeOffset.UtcNow;

        var bad = ScheduleSpecValidator.Validate(new ScheduleSpec { Cron = "0 * * * *", Workflow = cycle }, now);
        var both = ScheduleSpecValidator.Validate(new ScheduleSpec { Cron = "0 * * * *", Job = Job, Workflow = cycle with { Steps = [cycle.Steps[0] with { DependsOn = [] }] } }, now);
        var neither = ScheduleSpecValidator.Validate(new ScheduleSpec { Cron = "0 * * * *" }, now);

        Assert.Equal(["workflow.steps", "workflow.steps[1].job.image"], bad.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("form a cycle", bad["workflow.steps"].Single(), StringComparison.Ordinal);
        Assert.Equal(["workflow"], both.Keys);
        Assert.Equal(["job"], neither.Keys);
    }

    [Fact]
    public void ExpressionThatNeverOccurs_IsNamedCron()
    {
        var errors = ScheduleSpecValidator.Validate(new ScheduleSpec { Cron = "0 0 30 2 *", Job = Job }, DateTimeOffset.UtcNow);

        Assert.Contains("never occurs", Assert.Single(errors["cron"]), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingJob_IsNamedJob()
    {
        var errors = ScheduleSpecValidator.Validate(new ScheduleSpec { Cron = "* * * * *" }, DateTimeOffset.UtcNow);

        Assert.Equal(["job"], errors.Keys);
    }
}
