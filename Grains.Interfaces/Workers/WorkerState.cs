namespace JobScheduler.Grains.Interfaces;

/// <summary>A worker's state as <c>GET /api/v1/workers</c> shows it.</summary>
public enum WorkerState
{
    /// <summary>Running and has free slots.</summary>
    Available = 0,

    /// <summary>Running and every slot is taken.</summary>
    Busy = 1,

    /// <summary>Takes no new work; its running jobs finish.</summary>
    Draining = 2,

    /// <summary>Its silo is shutting down, dead or not answering.</summary>
    Down = 3,
}
