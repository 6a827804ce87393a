namespace JobScheduler.Grains.Interfaces;

/// <summary>Classifies <see cref="JobState"/> values.</summary>
public static class JobStateExtensions
{
    /// <summary>True for the states a job never leaves: succeeded, failed, cancelled.</summary>
    public static bool IsTerminal(this JobState state) =>
        state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}
