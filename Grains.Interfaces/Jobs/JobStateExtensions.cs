namespace JobScheduler.Grains.Interfaces;

/// <summary>Classifies <see cref="JobState"/> values.</summary>
public static class JobStateExtensions
{
    /// <summary>True for the states a job leaves only by an explicit requeue: succeeded, failed, cancelled, dead-lettered.</summary>
    public static bool IsTerminal(this JobState state) =>
        state is JobState.Succeeded or JobState.Failed or JobState.Cancelled or JobState.DeadLettered;

    /// <summary>True for the states a requeue can start again from: failed and dead-lettered.</summary>
    public static bool IsRequeueable(this JobState state) =>
        state is JobState.Failed or JobState.DeadLettered;
}
