using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Execution;

/// <summary>One attempt to run: the job's spec plus the identity every container is labelled with.</summary>
/// <param name="JobId">The job id (container label <c>jobscheduler.job-id</c>).</param>
/// <param name="Attempt">The attempt number (label <c>jobscheduler.attempt</c>).</param>
/// <param name="Worker">The worker/silo running it (label <c>jobscheduler.worker</c>).</param>
/// <param name="Spec">What to run.</param>
/// <param name="Timeout">How long the attempt may run before it is killed.</param>
public sealed record ContainerLaunch(string JobId, int Attempt, string Worker, JobSpec Spec, TimeSpan Timeout);
