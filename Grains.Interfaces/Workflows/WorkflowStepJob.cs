using System.Globalization;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// How a step's template becomes the job that runs it: the labels and environment variables the workflow adds.
/// For each direct dependency <c>d</c> the container gets <c>JOBSCHEDULER_STEP_&lt;D&gt;_EXIT_CODE</c> and
/// <c>JOBSCHEDULER_STEP_&lt;D&gt;_OUTPUT</c> (the last non-empty line of <c>d</c>'s stdout, at most 1 KiB), where
/// <c>&lt;D&gt;</c> is <c>d</c> upper-cased with <c>-</c> turned into <c>_</c>.
/// </summary>
public static class WorkflowStepJob
{
    /// <summary>Variables starting with this prefix are the workflow's; a step template may not set them.</summary>
    public const string VariablePrefix = "JOBSCHEDULER_";

    /// <summary>The variable holding the workflow's id.</summary>
    public const string WorkflowIdVariable = VariablePrefix + "WORKFLOW_ID";

    /// <summary>The variable holding the step's own name.</summary>
    public const string StepNameVariable = VariablePrefix + "WORKFLOW_STEP";

    /// <summary>The label holding the workflow's id on each step's job.</summary>
    public const string WorkflowLabel = "workflow";

    /// <summary>The label holding the step's name on its job.</summary>
    public const string StepLabel = "workflowStep";

    /// <summary>How many labels the workflow adds to a step's job.</summary>
    public const int AddedLabels = 2;

    /// <summary>The step name as it appears in variable names: upper case, <c>-</c> as <c>_</c>.</summary>
    public static string VariableToken(string step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.ToUpperInvariant().Replace('-', '_');
    }

    /// <summary>The variable that carries dependency <paramref name="step"/>'s exit code.</summary>
    public static string ExitCodeVariable(string step) => $"{VariablePrefix}STEP_{VariableToken(step)}_EXIT_CODE";

    /// <summary>The variable that carries dependency <paramref name="step"/>'s last stdout line.</summary>
    public static string OutputVariable(string step) => $"{VariablePrefix}STEP_{VariableToken(step)}_OUTPUT";

    /// <summary>How many variables the workflow adds to <paramref name="step"/>'s job.</summary>
    public static int AddedVariables(WorkflowStepSpec step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return 2 + 2 * step.DependsOn.Count;
    }

    /// <summary>
    /// The most characters the workflow can add to <paramref name="step"/>'s env and labels (outputs at their longest),
    /// counted as <see cref="JobSpecValidator"/> counts <see cref="JobSpecLimits.MaxSpecChars"/>.
    /// </summary>
    public static int AddedChars(WorkflowStepSpec step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var own = WorkflowIdVariable.Length + WorkflowIds.MaxLength + StepNameVariable.Length + step.Name.Length
            + WorkflowLabel.Length + WorkflowIds.MaxLength + StepLabel.Length + step.Name.Length;
        var perDependency = step.DependsOn.Sum(d =>
            ExitCodeVariable(d).Length + int.MinValue.ToString(CultureInfo.InvariantCulture).Length
            + OutputVariable(d).Length + JobOutcome.MaxOutputLength);
        return own + perDependency;
    }

    /// <summary>
    /// The job that runs <paramref name="step"/> of workflow <paramref name="workflowId"/>: its template plus the workflow's
    /// labels and variables, with the results of <paramref name="dependencies"/> (the step's finished direct dependencies).
    /// </summary>
    public static JobSpec Build(string workflowId, WorkflowStepSpec step, IEnumerable<WorkflowStepStatus> dependencies)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(dependencies);
        var env = new Dictionary<string, string>(step.Job.Env, StringComparer.Ordinal)
        {
            [WorkflowIdVariable] = workflowId,
            [StepNameVariable] = step.Name,
        };
        foreach (var dependency in dependencies)
        {
            env[ExitCodeVariable(dependency.Name)] = dependency.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "";
            // A container's output may hold NUL, which no environment variable can carry.
            env[OutputVariable(dependency.Name)] = (dependency.Output ?? "").Replace("\0", "", StringComparison.Ordinal);
        }
        var labels = new Dictionary<string, string>(step.Job.Labels, StringComparer.Ordinal)
        {
            [WorkflowLabel] = workflowId,
            [StepLabel] = step.Name,
        };
        return step.Job with { Env = env, Labels = labels };
    }
}
