using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

// The events are a closed set read together with JobStateMachine, so they share this file.

/// <summary>Something that happened to a job; <see cref="JobStateMachine.Apply"/> decides what it changes.</summary>
public abstract record JobEvent;

/// <summary>The job's run time (or retry time) arrived.</summary>
public sealed record JobBecameDue : JobEvent;

/// <summary>A worker dequeued the job and asks to run it, holding it for <paramref name="Lease"/>.</summary>
public sealed record JobClaimed(string Worker, TimeSpan Lease) : JobEvent;

/// <summary>The attempt's container started.</summary>
public sealed record ContainerStarted(int Attempt, string ContainerId, DateTimeOffset StartedAt) : JobEvent;

/// <summary>The worker running the attempt renews its lease.</summary>
public sealed record LeaseRenewed(int Attempt, TimeSpan Lease) : JobEvent;

/// <summary>A restarted worker takes over the attempt's still-running container.</summary>
public sealed record AttemptAdopted(int Attempt, string Worker, TimeSpan Lease) : JobEvent;

/// <summary>The worker reports how the attempt ended; a failure is retried by <paramref name="Retry"/>.</summary>
public sealed record AttemptEnded(AttemptResult Result, RetryContext Retry) : JobEvent;

/// <summary>The clock passed the attempt's lease without a renewal: the attempt fails as <c>lease-lost</c>.</summary>
public sealed record LeaseExpired(RetryContext Retry) : JobEvent;

/// <summary>A user (<paramref name="Actor"/>, when known) asked to cancel the job.</summary>
public sealed record CancelRequested(string? Actor = null) : JobEvent;

/// <summary>A user (<paramref name="Actor"/>, when known) asked to run a failed or dead-lettered job again.</summary>
public sealed record RequeueRequested(string? Actor = null) : JobEvent;

/// <summary>What a failure needs to decide on a retry: the job's complete policy and a uniform random sample in [0, 1) for jitter.</summary>
public sealed record RetryContext(RetryPolicy Policy, double JitterSample);
