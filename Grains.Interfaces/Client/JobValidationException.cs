namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// A job spec or request was rejected; <see cref="Errors"/> names each offending field. Grains throw it too (a silo's
/// submission policy), and it reaches the caller with its errors intact.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.JobValidationException")]
public sealed class JobValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The job is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    /// <summary>Problems keyed by the JSON path of the field.</summary>
    [Id(0)] public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
