namespace JobScheduler.Grains.Jobs;

/// <summary>What a job's activation knows about the job's reminder in Orleans' reminder table.</summary>
public enum ReminderHold
{
    /// <summary>Not known (a new activation): ending the job reads the table before unregistering.</summary>
    Unknown,

    /// <summary>The job holds no reminder: this activation skipped registering one, or unregistered it.</summary>
    None,

    /// <summary>The job holds its reminder: this activation registered it, or a tick of it arrived.</summary>
    Held,
}
