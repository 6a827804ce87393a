using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using JobScheduler.Client.Api.Jobs;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Mvc;

namespace JobScheduler.Client.Api.DeadLetters;

/// <summary>
/// The query string of <c>GET /api/v1/dead-letters</c>: the job listing's parameters without <c>state</c>, which is
/// always <see cref="JobState.DeadLettered"/> here. Parsed by <see cref="JobListRequest"/>, so both lists answer alike.
/// </summary>
public sealed class DeadLetterListRequest
{
    /// <summary>Only dead letters of this queue.</summary>
    [FromQuery(Name = "queue"), Description("Only dead letters of this queue.")]
    public string? Queue { get; init; }

    /// <summary>Only dead letters carrying this label, as <c>key=value</c>.</summary>
    [FromQuery(Name = "label"), Description("Only dead letters carrying this label, as key=value (one label filter).")]
    public string[]? Label { get; init; }

    /// <summary>1-based page number.</summary>
    [FromQuery(Name = "page"), Description("1-based page number; default 1.")]
    public string? Page { get; init; }

    /// <summary>Rows per page.</summary>
    [FromQuery(Name = "pageSize"), Description("Rows per page, 1 to 500; default 50.")]
    public string? PageSize { get; init; }

    /// <summary>The query for dead-lettered jobs these parameters describe, or the problems found, keyed by parameter name.</summary>
    public bool TryGetQuery([NotNullWhen(true)] out JobQuery? query, out Dictionary<string, string[]> errors)
    {
        var listing = new JobListRequest { Queue = Queue, Label = Label, Page = Page, PageSize = PageSize };
        if (!listing.TryGetQuery(out var parsed, out errors))
        {
            query = null;
            return false;
        }
        query = parsed with { State = JobState.DeadLettered };
        return true;
    }
}
