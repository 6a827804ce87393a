namespace JobScheduler.Grains.Jobs;

/// <summary>What a wake-up plan does with the job's reminder.</summary>
public enum ReminderChange
{
    /// <summary>Leave it as it is (held or not).</summary>
    Keep,

    /// <summary>Register (or move) it, first due after <see cref="WakeupPlan.ReminderDue"/>.</summary>
    Register,

    /// <summary>Unregister it if the table holds one.</summary>
    Unregister,
}
