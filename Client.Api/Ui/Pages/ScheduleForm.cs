using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobScheduler.Client.Api.Ui.Services;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Ui.Pages;

/// <summary>
/// The schedule form's fields as typed: the schedule's own (cron, time zone, overlap, misfire, description) and its job
/// template (the submit form's fields, without <c>runAt</c>). <see cref="ToJson"/> builds the spec the API checks; the
/// API's errors come back keyed by JSON path and <see cref="FieldOf"/> maps each to the field it names.
/// </summary>
public sealed class ScheduleForm
{
    private static readonly JsonSerializerOptions Indented = new(UiApiClient.Json)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The cron expression (5 fields, 6 with seconds, or a macro such as <c>@hourly</c>).</summary>
    public string? Cron { get; set; } = "*/5 * * * *";

    /// <summary>The IANA time zone.</summary>
    public string? TimeZone { get; set; } = ScheduleSpec.DefaultTimeZone;

    /// <summary>What happens when an occurrence comes while the previous run still runs.</summary>
    public OverlapPolicy Overlap { get; set; } = OverlapPolicy.Skip;

    /// <summary>What happens to occurrences missed while the scheduler was down.</summary>
    public MisfirePolicy Misfire { get; set; } = MisfirePolicy.RunOnce;

    /// <summary>A description for people.</summary>
    public string? Description { get; set; }

    /// <summary>The job template's fields (its run-at field is not used).</summary>
    public SubmitForm Job { get; } = new();

    /// <summary>The form filled from an existing schedule's spec (a workflow template stays in the raw JSON only).</summary>
    public static ScheduleForm From(ScheduleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var form = new ScheduleForm
        {
            Cron = spec.Cron,
            TimeZone = spec.TimeZone,
            Overlap = spec.Overlap,
            Misfire = spec.Misfire,
            Description = spec.Description,
        };
        if (spec.Job is { } job)
        {
            form.Job.Image = job.Image;
            form.Job.Command = string.Join('\n', job.Command);
            form.Job.Queue = job.Queue;
            form.Job.Priority = job.Priority == 0 ? null : job.Priority.ToString(CultureInfo.InvariantCulture);
            form.Job.Env = string.Join('\n', job.Env.Select(p => $"{p.Key}={p.Value}"));
            form.Job.Labels = string.Join('\n', job.Labels.Select(p => $"{p.Key}={p.Value}"));
            form.Job.Timeout = job.Timeout?.ToString("c", CultureInfo.InvariantCulture);
            form.Job.Cpus = job.Resources?.Cpus?.ToString(CultureInfo.InvariantCulture);
            form.Job.MemoryMb = job.Resources?.MemoryMb?.ToString(CultureInfo.InvariantCulture);
            form.Job.RetryMaxAttempts = job.Retry?.MaxAttempts?.ToString(CultureInfo.InvariantCulture);
            form.Job.RetryInitialBackoff = job.Retry?.InitialBackoff?.ToString("c", CultureInfo.InvariantCulture);
        }

        return form;
    }

    /// <summary>The spec as JSON, as stored (for the raw editor).</summary>
    public static string ToJson(ScheduleSpec spec) => JsonSerializer.Serialize(spec, Indented);

    /// <summary>
    /// The schedule spec as JSON. Problems found before sending (a line without <c>=</c>) are returned in
    /// <paramref name="problems"/>, keyed by form field.
    /// </summary>
    public string ToJson(out Dictionary<string, string[]> problems)
    {
        var job = JsonNode.Parse(Job.ToJson(out var jobProblems))!.AsObject();
        job.Remove("runAt");
        problems = jobProblems.ToDictionary(p => "job." + p.Key, p => p.Value, StringComparer.Ordinal);
        var spec = new JsonObject
        {
            ["cron"] = Cron?.Trim() ?? "",
            ["timeZone"] = string.IsNullOrWhiteSpace(TimeZone) ? ScheduleSpec.DefaultTimeZone : TimeZone.Trim(),
            ["overlap"] = Overlap.ToString(),
            ["misfire"] = Misfire.ToString(),
            ["job"] = job,
        };
        if (!string.IsNullOrWhiteSpace(Description))
            spec["description"] = Description.Trim();
        return spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The form field an API error's JSON path names (<c>job.resources.cpus</c> → <c>job.cpus</c>); null for none.</summary>
    public static string? FieldOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var head = path.Split('.', '[')[0];
        return head switch
        {
            "cron" or "timeZone" or "overlap" or "misfire" or "description" => head,
            "job" when path.Length > 4 && SubmitForm.FieldOf(path[4..]) is { } field => "job." + field,
            _ => null,
        };
    }
}
