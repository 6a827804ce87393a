using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Mvc;

namespace JobScheduler.Client.Api.Workflows;

/// <summary>
/// The query string of <c>GET /api/v1/workflows</c>. Values are bound as text and parsed here, so that a bad value
/// yields a validation problem naming its parameter instead of an anonymous binding failure.
/// </summary>
public sealed class WorkflowListRequest
{
    /// <summary>1-based page number.</summary>
    [FromQuery(Name = "page"), Description("1-based page number; default 1.")]
    public string? Page { get; init; }

    /// <summary>Rows per page.</summary>
    [FromQuery(Name = "pageSize"), Description("Rows per page, 1 to 500; default 50.")]
    public string? PageSize { get; init; }

    /// <summary>Only workflows in this state.</summary>
    [FromQuery(Name = "state"), Description("Running, Succeeded, Failed or Cancelled: only workflows in that state.")]
    public string? State { get; init; }

    /// <summary>The query these parameters describe, or the problems found, keyed by parameter name.</summary>
    public bool TryGetQuery([NotNullWhen(true)] out WorkflowQuery? query, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var parsed = new WorkflowQuery();

        if (Page is not null)
        {
            if (int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= WorkflowQuery.MaxPage)
                parsed = parsed with { Page = page };
            else
                errors["page"] = [$"The page must be a whole number from 1 to {WorkflowQuery.MaxPage}."];
        }

        if (PageSize is not null)
        {
            if (int.TryParse(PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= WorkflowQuery.MaxPageSize)
                parsed = parsed with { PageSize = size };
            else
                errors["pageSize"] = [$"The page size must be a whole number from 1 to {WorkflowQuery.MaxPageSize}."];
        }

        if (State is not null)
        {
            // Names only, as the API writes them: a number would name a state by accident.
            if (Enum.TryParse<WorkflowState>(State, ignoreCase: false, out var state) && Enum.IsDefined(state) && !char.IsAsciiDigit(State[0]) && State[0] != '-')
                parsed = parsed with { State = state };
            else
                errors["state"] = [$"The state must be one of {string.Join(", ", Enum.GetNames<WorkflowState>())}."];
        }

        query = errors.Count == 0 ? parsed : null;
        return query is not null;
    }
}
