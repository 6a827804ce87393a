namespace JobScheduler.Grains.Observability;

/// <summary>How one call to the container engine ended, the <c>outcome</c> label of the engine-call histogram.</summary>
public enum EngineCallOutcome
{
    /// <summary>The engine answered with success.</summary>
    Ok = 0,

    /// <summary>The engine answered with an error (no such container or image, a refused pull, ...): it is reachable.</summary>
    Error = 1,

    /// <summary>No answer: refused connection, socket error or no answer within the call's bound.</summary>
    Unavailable = 2,

    /// <summary>The caller cancelled the call (the attempt was cancelled or the silo is stopping).</summary>
    Cancelled = 3,
}
