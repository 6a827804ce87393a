namespace JobScheduler.Grains.Deadlines;

/// <summary>What the sweeper does with an overdue job: in a silo, ask its grain to reconcile.</summary>
/// <remarks>A seam so the sweep loop can be tested without a cluster.</remarks>
internal interface IJobPoker
{
    /// <summary>Makes the job re-examine itself against its persisted state and the clock.</summary>
    Task PokeAsync(string jobId);
}
