using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

// The events are a closed set read together with JobStateMachine, so they share this file.

/// <summary>Something that happened to a job; <see cref="JobStateMachine.Apply"/> decides what it changes.</summary>
public abstract record JobEvent;

/// <summary>The job's run time arrived.</summary>
public sealed record JobBecameDue : JobEvent;

/// <summary>A worker dequeued the job and asks to run it.</summary>
public sealed record JobClaimed(string Worker) : JobEvent;

/// <summary>The attempt's container started.</summary>
public sealed record ContainerStarted(int Attempt, string ContainerId, DateTimeOffset StartedAt) : JobEvent;

/// <summary>The worker reports how the attempt ended.</summary>
public sealed record AttemptEnded(AttemptResult Result) : JobEvent;

/// <summary>A user asked to cancel the job.</summary>
public sealed record CancelRequested : JobEvent;
