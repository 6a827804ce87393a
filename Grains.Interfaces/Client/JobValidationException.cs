namespace JobScheduler.Grains.Interfaces;

/// <summary>A job spec or request was rejected; <see cref="Errors"/> names each offending field.</summary>
public sealed class JobValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The job is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    /// <summary>Problems keyed by the JSON path of the field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
