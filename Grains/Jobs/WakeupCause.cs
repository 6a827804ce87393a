namespace JobScheduler.Grains.Jobs;

/// <summary>Why a job's wake-up plan is worked out: what just happened to its persisted state.</summary>
public enum WakeupCause
{
    /// <summary>The job was just created and stored; it has no previous state.</summary>
    Submitted,

    /// <summary>A transition of <see cref="JobStateMachine"/> was just stored.</summary>
    Transitioned,

    /// <summary>
    /// A reminder tick, a deadline-sweep poke or the due timer woke the job and no transition was due: the plan
    /// repairs what must wake it next (re-enqueue, deadline entry, the reminder of a job armed for its last stretch).
    /// </summary>
    Reconciled,
}
