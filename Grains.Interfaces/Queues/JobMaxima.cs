namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// The most a job may ask for: a request above one of these values is refused at submission with a 400 naming the
/// field and the limit. The server has its own (<c>Scheduler:Limits</c>); a queue's can only lower them. An absent
/// value sets no limit of its own.
/// </summary>
[GenerateSerializer, Alias("JobScheduler.JobMaxima")]
public sealed record JobMaxima
{
    /// <summary>Most CPU cores for <c>resources.cpus</c>.</summary>
    [Id(0)] public double? Cpus { get; init; }

    /// <summary>Most MiB for <c>resources.memoryMb</c>.</summary>
    [Id(1)] public int? MemoryMb { get; init; }

    /// <summary>Most processes for <c>resources.pids</c>.</summary>
    [Id(2)] public int? Pids { get; init; }

    /// <summary>Longest <c>timeout</c>.</summary>
    [Id(3)] public TimeSpan? Timeout { get; init; }
}
