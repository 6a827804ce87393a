using System.Diagnostics.CodeAnalysis;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>What one API call answered: a value, or a problem.</summary>
/// <typeparam name="T">The type of the answer's body.</typeparam>
public sealed record ApiResult<T>
{
    /// <summary>The body of a successful answer.</summary>
    public T? Value { get; init; }

    /// <summary>The problem of an unsuccessful answer.</summary>
    public ApiProblem? Problem { get; init; }

    /// <summary>Whether the call succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Ok => Problem is null;
}
