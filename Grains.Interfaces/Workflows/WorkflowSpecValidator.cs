using System.Text.RegularExpressions;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Checks a <see cref="WorkflowSpec"/> and reports every problem at once, keyed by JSON path as
/// <see cref="JobSpecValidator"/> does: <c>steps[2].name</c> for a duplicate, <c>steps[1].dependsOn[0]</c> for an
/// unknown dependency, <c>steps</c> for a cycle (naming its steps), <c>steps[0].job.image</c> for a bad template.
/// </summary>
public static partial class WorkflowSpecValidator
{
    /// <summary>Returns the problems found, keyed by field path; empty when the spec is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(WorkflowSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }

        if (!Enum.IsDefined(spec.FailurePolicy))
            Add("failurePolicy", "The failure policy must be FailFast or Continue.");
        ValidateLabels(spec.Labels, now, Add);

        if (spec.Steps.Count == 0)
            Add("steps", "At least one step is required.");
        else if (spec.Steps.Count > WorkflowSpecLimits.MaxSteps)
            Add("steps", $"At most {WorkflowSpecLimits.MaxSteps} steps are allowed; got {spec.Steps.Count}.");
        else
        {
            var indexes = ValidateNames(spec.Steps, Add);
            for (var i = 0; i < spec.Steps.Count; i++)
            {
                if (spec.Steps[i] is { } step)
                {
                    ValidateDependencies(step, i, indexes, Add);
                    ValidateJob(step, i, now, Add);
                }
            }
            foreach (var cycle in Cycles(spec.Steps, indexes))
                Add("steps", $"Steps {string.Join(" → ", cycle)} form a cycle: each waits for the one before it, so none of them can start.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>True when <paramref name="name"/> is a valid step name.</summary>
    public static bool IsValidStepName(string? name) => name is not null && StepName().IsMatch(name);

    // Returns the index of each validly and uniquely named step.
    private static Dictionary<string, int> ValidateNames(IReadOnlyList<WorkflowStepSpec> steps, Action<string, string> add)
    {
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not { } step)
            {
                add($"steps[{i}]", "A step cannot be null.");
                continue;
            }
            var name = step.Name;
            if (!IsValidStepName(name))
                add($"steps[{i}].name", $"'{Printable(name ?? "")}' is not a valid step name: 1-{WorkflowSpecLimits.MaxStepNameLength} letters, digits, '_' and '-'.");
            else if (indexes.TryGetValue(name, out var first))
                add($"steps[{i}].name", $"Step name '{name}' is already used by steps[{first}]; names must be unique.");
            else if (tokens.TryGetValue(WorkflowStepJob.VariableToken(name), out var other))
                add($"steps[{i}].name", $"Steps '{other}' and '{name}' would both pass their results as {WorkflowStepJob.VariablePrefix}STEP_{WorkflowStepJob.VariableToken(name)}_*; rename one.");
            else
            {
                indexes[name] = i;
                tokens[WorkflowStepJob.VariableToken(name)] = name;
            }
        }
        return indexes;
    }

    private static void ValidateDependencies(WorkflowStepSpec step, int i, Dictionary<string, int> indexes, Action<string, string> add)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < step.DependsOn.Count; j++)
        {
            var field = $"steps[{i}].dependsOn[{j}]";
            var dependency = step.DependsOn[j];
            if (string.IsNullOrEmpty(dependency))
                add(field, "A dependency must name a step.");
            else if (dependency == step.Name)
                add(field, $"Step '{step.Name}' cannot depend on itself.");
            else if (!indexes.ContainsKey(dependency))
                add(field, $"Step '{Printable(step.Name ?? "")}' depends on '{Printable(dependency)}', which is not a step of this workflow.");
            else if (!seen.Add(dependency))
                add(field, $"'{dependency}' is listed more than once.");
        }
    }

    private static void ValidateJob(WorkflowStepSpec step, int i, DateTimeOffset now, Action<string, string> add)
    {
        var prefix = $"steps[{i}].job";
        if (step.Job is not { } job)
        {
            add(prefix, "A job template is required.");
            return;
        }
        foreach (var (field, messages) in JobSpecValidator.Validate(job, now))
        {
            foreach (var message in messages)
                add($"{prefix}.{field}", message);
        }
        // A workflow keeps its steps' templates in its own record, which is stored and returned as it is.
        if (job.SecretEnv.Count > 0)
            add($"{prefix}.secretEnv", JobSpecValidator.SecretEnvNotInTemplates);
        if (job.Notify.Count > 0)
            add($"{prefix}.notify", JobNotifyValidator.NotInTemplates);

        if (job.RunAt is not null)
            add($"{prefix}.runAt", "A step starts when its dependencies succeed; leave runAt out (a cron schedule can start the whole workflow).");
        foreach (var name in job.Env.Keys.Where(k => k.StartsWith(WorkflowStepJob.VariablePrefix, StringComparison.OrdinalIgnoreCase)))
            add($"{prefix}.env.{Printable(name)}", $"Variables starting with {WorkflowStepJob.VariablePrefix} are set by the workflow (dependency results); choose another name.");
        foreach (var key in new[] { WorkflowStepJob.WorkflowLabel, WorkflowStepJob.StepLabel }.Where(job.Labels.ContainsKey))
            add($"{prefix}.labels.{key}", $"The label '{key}' is set by the workflow on each step's job; choose another key.");

        if (job.Labels.Count + WorkflowStepJob.AddedLabels > JobSpecLimits.MaxLabels)
            add($"{prefix}.labels", $"A step's job may carry at most {JobSpecLimits.MaxLabels - WorkflowStepJob.AddedLabels} labels of its own: the workflow adds '{WorkflowStepJob.WorkflowLabel}' and '{WorkflowStepJob.StepLabel}'.");
        var added = WorkflowStepJob.AddedVariables(step);
        if (job.Env.Count + added > JobSpecLimits.MaxEnvVars)
            add($"{prefix}.env", $"With {step.DependsOn.Count} dependencies the workflow adds {added} variables, so the step may set at most {Math.Max(0, JobSpecLimits.MaxEnvVars - added)} of its own.");
        var chars = job.Command.Sum(a => a?.Length ?? 0)
            + job.Env.Sum(e => e.Key.Length + (e.Value?.Length ?? 0))
            + job.Labels.Sum(l => l.Key.Length + (l.Value?.Length ?? 0));
        if (chars + WorkflowStepJob.AddedChars(step) > JobSpecLimits.MaxSpecChars)
            add(prefix, $"Command, env and labels together may hold at most {JobSpecLimits.MaxSpecChars} characters including the dependency results the workflow adds (up to {WorkflowStepJob.AddedChars(step)} here).");
    }

    // Workflow labels follow the rules of job labels; a stand-in job spec applies them without a second copy of the rules.
    private static void ValidateLabels(IReadOnlyDictionary<string, string> labels, DateTimeOffset now, Action<string, string> add)
    {
        var standIn = new JobSpec { Image = "busybox", Command = ["true"], Labels = labels };
        foreach (var (field, messages) in JobSpecValidator.Validate(standIn, now))
        {
            foreach (var message in messages)
                add(field, message);
        }
    }

    // Every cycle a depth-first search meets, each as step names in run order, closed by its first step and starting at the
    // step that comes first in the spec, e.g. [a, b, c, a] when b depends on a, c on b and a on c.
    private static List<string[]> Cycles(IReadOnlyList<WorkflowStepSpec> steps, Dictionary<string, int> indexes)
    {
        var cycles = new List<string[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        var onPath = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string name)
        {
            path.Add(name);
            onPath.Add(name);
            foreach (var dependency in steps[indexes[name]].DependsOn.Where(d => d is not null && d != name && indexes.ContainsKey(d)).Distinct())
            {
                if (onPath.Contains(dependency))
                {
                    // The path runs dependant → dependency; the cycle in run order is its reverse.
                    var loop = path.Skip(path.IndexOf(dependency)).Reverse().ToList();
                    var start = loop.IndexOf(loop.MinBy(n => indexes[n])!);
                    var ordered = loop.Skip(start).Concat(loop.Take(start)).ToList();
                    ordered.Add(ordered[0]);
                    var key = string.Join(" ", ordered);
                    if (seen.Add(key))
                        cycles.Add([.. ordered]);
                }
                else if (!done.Contains(dependency))
                    Visit(dependency);
            }
            path.RemoveAt(path.Count - 1);
            onPath.Remove(name);
            done.Add(name);
        }

        foreach (var name in indexes.OrderBy(e => e.Value).Select(e => e.Key))
        {
            if (!done.Contains(name))
                Visit(name);
        }
        return cycles;
    }

    // Names echoed back in errors must not smuggle control characters into logs or terminals.
    private static string Printable(string value) =>
        new(value.Select(c => char.IsControl(c) ? '?' : c).Take(64).ToArray());

    [GeneratedRegex("^[A-Za-z0-9_-]{1,63}$")]
    private static partial Regex StepName();
}
