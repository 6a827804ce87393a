namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The scopes a principal (an API key or a JWT) may hold. Each opens one kind of action; <see cref="Admin"/>
/// implies every other scope.
/// </summary>
public static class ApiScopes
{
    /// <summary>Read jobs, logs, listings, queues, schedules, workflows, workers and dead letters.</summary>
    public const string Read = "read";

    /// <summary>Submit jobs, create schedules and start workflows.</summary>
    public const string Submit = "submit";

    /// <summary>Cancel, requeue, delete dead letters, pause and resume queues and schedules, trigger schedules, drain and resume workers.</summary>
    public const string Operate = "operate";

    /// <summary>Change queue settings (limits, network access, container identity) and manage API keys; implies every other scope.</summary>
    public const string Admin = "admin";

    /// <summary>Scrape <c>/metrics</c> (for a Prometheus that holds a key of its own and nothing else).</summary>
    public const string Metrics = "metrics";

    /// <summary>Every scope, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Read, Submit, Operate, Admin, Metrics];

    /// <summary>Whether <paramref name="scope"/> is one of <see cref="All"/> (case-sensitive).</summary>
    public static bool IsKnown(string? scope) => scope is Read or Submit or Operate or Admin or Metrics;
}
