namespace JobScheduler.Grains.Docker;

/// <summary>The labels every job container carries, so a worker can find its containers again after a restart.</summary>
public static class ContainerLabels
{
    /// <summary>The job id.</summary>
    public const string JobId = "jobscheduler.job-id";

    /// <summary>The attempt number.</summary>
    public const string Attempt = "jobscheduler.attempt";

    /// <summary>The worker (silo) that runs the container.</summary>
    public const string Worker = "jobscheduler.worker";
}
