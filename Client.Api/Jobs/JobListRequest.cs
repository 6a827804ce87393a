using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Mvc;

namespace JobScheduler.Client.Api.Jobs;

/// <summary>
/// The query string of <c>GET /api/v1/jobs</c>. Values are bound as text and parsed here, so that a bad value
/// yields a validation problem naming its parameter instead of an anonymous binding failure.
/// </summary>
public sealed class JobListRequest
{
    /// <summary>Only jobs in this state.</summary>
    [FromQuery(Name = "state"), Description("Only jobs in this state: Scheduled, Queued, Running, Succeeded, Failed or Cancelled (case-insensitive).")]
    public string? State { get; init; }

    /// <summary>Only jobs of this queue.</summary>
    [FromQuery(Name = "queue"), Description("Only jobs of this queue.")]
    public string? Queue { get; init; }

    /// <summary>Only jobs carrying this label, as <c>key=value</c>.</summary>
    [FromQuery(Name = "label"), Description("Only jobs carrying this label, as key=value (one label filter).")]
    public string[]? Label { get; init; }

    /// <summary>1-based page number.</summary>
    [FromQuery(Name = "page"), Description("1-based page number; default 1.")]
    public string? Page { get; init; }

    /// <summary>Rows per page.</summary>
    [FromQuery(Name = "pageSize"), Description("Rows per page, 1 to 500; default 50.")]
    public string? PageSize { get; init; }

    // (page - 1) * pageSize must not overflow an int in the index.
    private const int MaxPage = int.MaxValue / JobQuery.MaxPageSize;

    /// <summary>The query these parameters describe, or the problems found, keyed by parameter name.</summary>
    public bool TryGetQuery([NotNullWhen(true)] out JobQuery? query, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var parsed = new JobQuery();

        if (State is not null)
        {
            // Names only: Enum.TryParse would also take numbers and comma-joined flags ("Queued,Running").
            var name = Enum.GetNames<JobState>().FirstOrDefault(n => string.Equals(n, State, StringComparison.OrdinalIgnoreCase));
            if (name is null)
                errors["state"] = [$"Unknown state; use one of {string.Join(", ", Enum.GetNames<JobState>())}."];
            else
                parsed = parsed with { State = Enum.Parse<JobState>(name) };
        }

        if (Queue is not null)
        {
            if (JobSpecValidator.IsValidQueueName(Queue))
                parsed = parsed with { Queue = Queue };
            else
                errors["queue"] = ["Queue names are 1-63 characters: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit."];
        }

        if (Label is { Length: > 1 })
            errors["label"] = ["Only one label filter is supported."];
        else if (Label is [var label])
        {
            var separator = label.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                errors["label"] = ["Use key=value, with a non-empty key."];
            else
                parsed = parsed with { LabelKey = label[..separator], LabelValue = label[(separator + 1)..] };
        }

        if (Page is not null)
        {
            if (int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= MaxPage)
                parsed = parsed with { Page = page };
            else
                errors["page"] = [$"The page must be a whole number from 1 to {MaxPage}."];
        }

        if (PageSize is not null)
        {
            if (int.TryParse(PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= JobQuery.MaxPageSize)
                parsed = parsed with { PageSize = size };
            else
                errors["pageSize"] = [$"The page size must be a whole number from 1 to {JobQuery.MaxPageSize}."];
        }

        query = errors.Count == 0 ? parsed : null;
        return query is not null;
    }
}
