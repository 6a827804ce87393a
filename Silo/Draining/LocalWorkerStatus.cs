namespace JobScheduler.Silo.Draining;

/// <summary>What the silo's loopback-only <c>/local/worker</c> endpoints answer: this silo's worker, seen from inside.</summary>
/// <param name="Worker">The worker id (the silo's address), as <c>/api/v1/workers</c> names it.</param>
/// <param name="State">Available, Busy or Draining.</param>
/// <param name="Draining">Whether it takes no new work.</param>
/// <param name="Idle">Whether it runs nothing and no claim is under way; draining and idle, the silo can stop without failing a job.</param>
/// <param name="RunningJobs">The jobs it runs now.</param>
public sealed record LocalWorkerStatus(string Worker, string State, bool Draining, bool Idle, IReadOnlyList<string> RunningJobs);
