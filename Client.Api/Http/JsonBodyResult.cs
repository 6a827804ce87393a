using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobScheduler.Client.Api.Http;

/// <summary>The outcome of <see cref="JsonBody.ReadAsync{T}"/>: either the value or the problem to answer with.</summary>
public sealed class JsonBodyResult<T> where T : class
{
    private JsonBodyResult(T? value, ProblemHttpResult? problem) => (Value, Problem) = (value, problem);

    /// <summary>The deserialized body when it was acceptable.</summary>
    public T? Value { get; }

    /// <summary>Why the body was rejected (400, 413 or 415), or null.</summary>
    public ProblemHttpResult? Problem { get; }

    /// <summary>True when <see cref="Value"/> holds the body.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsValid => Value is not null;

    internal static JsonBodyResult<T> Ok(T value) => new(value, null);

    internal static JsonBodyResult<T> Fail(ProblemHttpResult problem) => new(null, problem);
}
