using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// Checks a <see cref="ScheduleSpec"/> and reports every problem at once, keyed by JSON path: <c>cron</c>,
/// <c>timeZone</c>, <c>overlap</c>, <c>misfire</c>, <c>description</c>, and the job template's fields under
/// <c>job.</c> (<c>job.image</c>, <c>job.resources.memoryMb</c>) as <see cref="JobSpecValidator"/> names them, or a
/// workflow template's under <c>workflow.</c> (<c>workflow.steps[1].dependsOn[0]</c>) as <see cref="WorkflowSpecValidator"/> does.
/// </summary>
public static class ScheduleSpecValidator
{
    /// <summary>Longest description accepted.</summary>
    public const int MaxDescriptionLength = 1024;

    /// <summary>Returns the problems found, keyed by field path; empty when the spec is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(ScheduleSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }

        if (CronSchedule.TryParse(spec.Cron, spec.TimeZone, out var cron, out var cronErrors) && cron.Next(now) is null)
            Add("cron", "The expression never occurs after now (e.g. February 30); a schedule that never runs is refused.");
        foreach (var (field, message) in cronErrors)
            Add(field, message);

        if (!Enum.IsDefined(spec.Overlap))
            Add("overlap", "Overlap must be Allow, Skip or Queue.");
        if (!Enum.IsDefined(spec.Misfire))
            Add("misfire", "Misfire must be Skip or RunOnce.");
        if (spec.Description is { } description && (description.Length > MaxDescriptionLength || description.Any(c => char.IsControl(c) && c is not '\n' and not '\t' and not '\r')))
            Add("description", $"The description is at most {MaxDescriptionLength} characters without control characters other than tab and newline.");

        if (spec.Job is null && spec.Workflow is null)
            Add("job", "A job template (image, command, ...) or a workflow template (steps) is required.");
        else if (spec.Job is not null && spec.Workflow is not null)
            Add("workflow", "Give a job template or a workflow template, not both.");

        if (spec.Workflow is { } workflow)
        {
            foreach (var (field, messages) in WorkflowSpecValidator.Validate(workflow, now))
                foreach (var message in messages)
                    Add("workflow." + field, message);
        }

        if (spec.Job is { } job)
        {
            if (job.RunAt is not null)
                Add("job.runAt", "A job template has no runAt: each occurrence decides when its job runs.");
            foreach (var (field, messages) in JobSpecValidator.Validate(job with { RunAt = null }, now))
                foreach (var message in messages)
                    Add("job." + field, message);
            // A schedule keeps its template in its own record, which is stored and returned as it is.
            if (job.SecretEnv.Count > 0)
                Add("job.secretEnv", JobSpecValidator.SecretEnvNotInTemplates);
            if (job.Notify.Count > 0)
                Add("job.notify", JobNotifyValidator.NotInTemplates);
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
