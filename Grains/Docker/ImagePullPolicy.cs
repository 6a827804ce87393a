namespace JobScheduler.Grains.Docker;

/// <summary>When the worker pulls a job's image (<c>Scheduler:Containers:PullPolicy</c>).</summary>
public enum ImagePullPolicy
{
    /// <summary>Pull only when the engine lacks the image (the default, as <c>docker run</c>).</summary>
    IfNotPresent,

    /// <summary>Pull before every container, so a moved tag is always seen.</summary>
    Always,

    /// <summary>Never pull: a missing image fails the attempt with <c>image-unavailable</c>, and no registry is contacted.</summary>
    Never,
}
