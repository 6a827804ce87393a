namespace JobScheduler.Grains.Interfaces;

/// <summary>Something a person or service did to a job (cancel, requeue), with who did it: the job's history of actions.</summary>
[GenerateSerializer, Alias("JobScheduler.JobAction")]
public sealed record JobAction
{
    /// <summary>When it was done.</summary>
    [Id(0)] public required DateTimeOffset At { get; init; }

    /// <summary>What was done: <c>cancel</c> or <c>requeue</c>.</summary>
    [Id(1)] public required string Action { get; init; }

    /// <summary>Who did it (e.g. <c>key:4f2a…</c>, <c>jwt:alice</c>); null when the caller named nobody (the embedded .NET client).</summary>
    [Id(2)] public string? Actor { get; init; }

    /// <summary>The action name of a cancel.</summary>
    public const string Cancel = "cancel";

    /// <summary>The action name of a requeue.</summary>
    public const string Requeue = "requeue";
}
