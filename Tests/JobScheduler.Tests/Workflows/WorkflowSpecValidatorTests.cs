using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Workflows;

/// <summary>The workflow validator names the step and field of every problem, cycles with the steps on them.</summary>
public sealed class WorkflowSpecValidatorTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static WorkflowStepSpec Step(string name, params string[] dependsOn) =>
        new() { Name = name, Job = new JobSpec { Image = "busybox:latest", Command = ["true"] }, DependsOn = dependsOn };

    private static IReadOnlyDictionary<string, string[]> Validate(params WorkflowStepSpec[] steps) =>
        WorkflowSpecValidator.Validate(new WorkflowSpec { Steps = steps }, Now);

    [Fact]
    public void Validate_Diamond_IsValid()
    {
        Assert.Empty(Validate(Step("a"), Step("b", "a"), Step("c", "a"), Step("d", "b", "c")));
    }

    [Fact]
    public void Validate_ThreeStepCycle_NamesTheStepsInRunOrder()
    {
        var errors = Validate(Step("a", "c"), Step("b", "a"), Step("c", "b"), Step("free"));

        var message = Assert.Single(Assert.Contains("steps", errors));
        Assert.Contains("a → b → c → a", message, StringComparison.Ordinal);
        Assert.DoesNotContain("free", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CycleBehindAValidPrefix_NamesOnlyTheCycle()
    {
        var errors = Validate(Step("root"), Step("x", "root", "y"), Step("y", "x"));

        var message = Assert.Single(errors["steps"]);
        Assert.Contains("x → y → x", message, StringComparison.Ordinal);
        Assert.DoesNotContain("root", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SelfDependency_NamesTheDependency()
    {
        var errors = Validate(Step("a", "a"));

        Assert.Contains("itself", Assert.Single(errors["steps[0].dependsOn[0]"]), StringComparison.Ordinal);
        Assert.False(errors.ContainsKey("steps"));
    }

    [Fact]
    public void Validate_UnknownDependency_NamesStepAndDependency()
    {
        var errors = Validate(Step("a"), Step("b", "a", "ghost"));

        var message = Assert.Single(errors["steps[1].dependsOn[1]"]);
        Assert.Contains("'b'", message, StringComparison.Ordinal);
        Assert.Contains("'ghost'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateName_NamesTheSecondStep()
    {
        var errors = Validate(Step("a"), Step("b"), Step("a"));

        Assert.Contains("'a'", Assert.Single(errors["steps[2].name"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesMappingToTheSameVariable_AreRejected()
    {
        var errors = Validate(Step("load-data"), Step("load_data"));

        Assert.Contains("JOBSCHEDULER_STEP_LOAD_DATA", Assert.Single(errors["steps[1].name"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("dot.ted")]
    [InlineData("x234567890123456789012345678901234567890123456789012345678901234")]
    public void Validate_BadName_IsRejected(string name)
    {
        Assert.True(Validate(Step(name)).ContainsKey("steps[0].name"));
    }

    [Fact]
    public void Validate_MoreThanMaxSteps_IsRejected_AndMaxIsAccepted()
    {
        var max = Enumerable.Range(0, WorkflowSpecLimits.MaxSteps).Select(i => Step($"s{i}", i == 0 ? [] : [$"s{i - 1}"])).ToArray();
        Assert.Empty(Validate(max));

        var errors = Validate([.. max, Step("one-more")]);

        Assert.Contains($"{WorkflowSpecLimits.MaxSteps}", Assert.Single(errors["steps"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoSteps_IsRejected()
    {
        Assert.True(Validate().ContainsKey("steps"));
    }

    [Fact]
    public void Validate_BadJobTemplate_ReportsJobErrorsUnderTheStepsPath()
    {
        var bad = new WorkflowStepSpec
        {
            Name = "b",
            DependsOn = ["a"],
            Job = new JobSpec
            {
                Image = "",
                Command = [],
                RunAt = Now.AddMinutes(5),
                Env = new Dictionary<string, string> { ["JOBSCHEDULER_STEP_A_OUTPUT"] = "mine" },
                Labels = new Dictionary<string, string> { ["workflow"] = "x" },
            },
        };

        var errors = Validate(Step("a"), bad);

        foreach (var field in new[] { "steps[1].job.image", "steps[1].job.command", "steps[1].job.runAt", "steps[1].job.env.JOBSCHEDULER_STEP_A_OUTPUT", "steps[1].job.labels.workflow" })
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {string.Join(", ", errors.Keys)}");
    }

    [Fact]
    public void Validate_TemplateWithAllTheLabelsAJobMayHave_LeavesNoRoomForTheWorkflowLabels()
    {
        var labels = Enumerable.Range(0, JobSpecLimits.MaxLabels).ToDictionary(i => $"k{i}", i => "v");
        var step = Step("a") with { Job = Step("a").Job with { Labels = labels } };

        var errors = Validate(step);

        Assert.True(errors.ContainsKey("steps[0].job.labels"));
    }

    [Fact]
    public void Validate_BadPolicyAndLabels_AreNamed()
    {
        var errors = WorkflowSpecValidator.Validate(
            new WorkflowSpec { Steps = [Step("a")], FailurePolicy = (WorkflowFailurePolicy)7, Labels = new Dictionary<string, string> { ["-bad"] = "v" } }, Now);

        Assert.True(errors.ContainsKey("failurePolicy"));
        Assert.True(errors.ContainsKey("labels.-bad"));
    }

    [Fact]
    public void StepJob_WorstCaseResults_StayWithinTheJobLimitsTheValidatorAccepted()
    {
        var dependencies = Enumerable.Range(0, 40).Select(i => Step($"dep-{i}")).ToArray();
        var step = Step("last", [.. dependencies.Select(d => d.Name)]);
        Assert.Empty(Validate([.. dependencies, step]));

        var results = dependencies.Select(d => new WorkflowStepStatus { Name = d.Name, State = WorkflowStepState.Succeeded, ExitCode = int.MinValue, Output = new string('x', JobOutcome.MaxOutputLength) });
        var job = WorkflowStepJob.Build(new string('w', WorkflowIds.MaxLength), step, results);

        Assert.Empty(JobSpecValidator.Validate(job, Now));
        Assert.Equal(new string('x', JobOutcome.MaxOutputLength), job.Env["JOBSCHEDULER_STEP_DEP_7_OUTPUT"]);
        Assert.Equal("last", job.Labels[WorkflowStepJob.StepLabel]);
    }
}
