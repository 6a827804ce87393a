namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>An RFC 9457 problem answered by the API, as the UI shows it.</summary>
public sealed record ApiProblem
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; init; }

    /// <summary>The problem's title.</summary>
    public string? Title { get; init; }

    /// <summary>The problem's detail.</summary>
    public string? Detail { get; init; }

    /// <summary>Validation errors keyed by the JSON path of the field they name (<c>resources.cpus</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>One line for a message bar: the detail, else the title, else the status.</summary>
    public string Message => Detail ?? Title ?? $"The API answered {Status}.";
}
