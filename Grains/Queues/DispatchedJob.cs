namespace JobScheduler.Grains.Queues;

/// <summary>A job a queue handed to a worker and counts as running until it is released or no worker reports it.</summary>
/// <param name="Worker">The worker that took (or reports) it.</param>
/// <param name="ConcurrencyKey">Its concurrency key, if any.</param>
/// <param name="DispatchedAt">When the queue handed it out (or first heard of it from a worker).</param>
/// <param name="SeenAt">When a worker last reported it running.</param>
internal sealed record DispatchedJob(string Worker, string? ConcurrencyKey, DateTimeOffset DispatchedAt, DateTimeOffset SeenAt);
