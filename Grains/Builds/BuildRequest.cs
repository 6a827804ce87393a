using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Builds;

/// <summary>The build phase of one attempt: which job, and what to build.</summary>
/// <param name="JobId">The job id (for logs).</param>
/// <param name="Attempt">The attempt number (for logs).</param>
/// <param name="Queue">The job's queue, whose image policy and network access apply.</param>
/// <param name="Build">What to build.</param>
public sealed record BuildRequest(string JobId, int Attempt, string Queue, BuildSpec Build);
