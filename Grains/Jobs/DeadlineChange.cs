namespace JobScheduler.Grains.Jobs;

/// <summary>What a wake-up plan does with the job's entry in the deadline set the sweepers claim from.</summary>
public enum DeadlineChange
{
    /// <summary>Leave it as it is.</summary>
    Keep,

    /// <summary>Set it to <see cref="WakeupPlan.DeadlineAt"/>.</summary>
    Set,

    /// <summary>Remove it: the job is terminal.</summary>
    Clear,
}
