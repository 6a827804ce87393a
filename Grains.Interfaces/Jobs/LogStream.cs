namespace JobScheduler.Grains.Interfaces;

/// <summary>Where a <see cref="LogLine"/> comes from. Values are sent by name; add new ones at the end.</summary>
public enum LogStream
{
    /// <summary>The container's standard output.</summary>
    Stdout = 0,

    /// <summary>The container's standard error.</summary>
    Stderr = 1,

    /// <summary>
    /// Not output: the last item of a follow that fell too far behind the container and was dropped, so the container's
    /// output was never held up for it. <see cref="LogLine.Text"/> says why; follow again to resume from the tail.
    /// </summary>
    Dropped = 2,

    /// <summary>The build phase's output (fetching, building or reusing the image), before the container runs.</summary>
    Build = 3,
}
