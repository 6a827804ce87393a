using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Mvc;

namespace JobScheduler.Client.Api.Schedules;

/// <summary>
/// The query string of <c>GET /api/v1/schedules</c>. Values are bound as text and parsed here, so that a bad value
/// yields a validation problem naming its parameter instead of an anonymous binding failure.
/// </summary>
public sealed class ScheduleListRequest
{
    /// <summary>1-based page number.</summary>
    [FromQuery(Name = "page"), Description("1-based page number; default 1.")]
    public string? Page { get; init; }

    /// <summary>Rows per page.</summary>
    [FromQuery(Name = "pageSize"), Description("Rows per page, 1 to 500; default 50.")]
    public string? PageSize { get; init; }

    /// <summary>The query these parameters describe, or the problems found, keyed by parameter name.</summary>
    public bool TryGetQuery([NotNullWhen(true)] out ScheduleQuery? query, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var parsed = new ScheduleQuery();

        if (Page is not null)
        {
            if (int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= ScheduleQuery.MaxPage)
                parsed = parsed with { Page = page };
            else
                errors["page"] = [$"The page must be a whole number from 1 to {ScheduleQuery.MaxPage}."];
        }

        if (PageSize is not null)
        {
            if (int.TryParse(PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= ScheduleQuery.MaxPageSize)
                parsed = parsed with { PageSize = size };
            else
                errors["pageSize"] = [$"The page size must be a whole number from 1 to {ScheduleQuery.MaxPageSize}."];
        }

        query = errors.Count == 0 ? parsed : null;
        return query is not null;
    }
}
