using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Jobs;

/// <summary>
/// What must wake a job, and when, after its state was stored: the queue entry, the parent's notice, the reminder,
/// the deadline-sweep entry and the due timer. <see cref="For"/> is a pure function of the previous state, the new
/// record, the clock, the options and what the activation knows about its reminder; the job grain only carries the
/// plan out, in a fixed order (enqueue, notify, register, deadline, unregister, timer). docs/architecture.md, "Wake-up rules".
/// </summary>
public sealed record WakeupPlan
{
    /// <summary>Put the job in its queue.</summary>
    public bool Enqueue { get; init; }

    /// <summary>Tell the job's parent (schedule or workflow) that the job ended.</summary>
    public bool NotifyParent { get; init; }

    /// <summary>What happens to the job's reminder.</summary>
    public ReminderChange Reminder { get; init; }

    /// <summary>With <see cref="ReminderChange.Register"/>: when the reminder first fires, from now.</summary>
    public TimeSpan ReminderDue { get; init; }

    /// <summary>What happens to the job's deadline entry.</summary>
    public DeadlineChange Deadline { get; init; }

    /// <summary>With <see cref="DeadlineChange.Set"/>: when a sweeper pokes the job next.</summary>
    public DateTimeOffset DeadlineAt { get; init; }

    /// <summary>The due timer to arm in the activation, from now; null disarms it.</summary>
    public TimeSpan? Timer { get; init; }

    /// <summary>What the activation knows about the reminder once the plan is carried out.</summary>
    public ReminderHold HoldsAfter { get; init; }

    /// <summary>
    /// The plan after <paramref name="cause"/> left <paramref name="job"/> in its state (from <paramref name="previous"/>,
    /// null for a submission; for <see cref="WakeupCause.Reconciled"/> the job's own state) at <paramref name="now"/>.
    /// </summary>
    /// <remarks>
    /// The rules:
    /// <list type="bullet">
    /// <item>A queued job is enqueued when it became queued, and again on every reconcile (a lost queue forgets it).</item>
    /// <item>A job that just ended tells its parent.</item>
    /// <item>
    /// A scheduled or retry-waiting job due within <see cref="JobOptions.ReminderHorizon"/> holds a reminder due at its
    /// run time and a deadline entry at its run time. One due later holds no reminder: its deadline entry is at its
    /// "arm time" (run time − horizon); the sweep's poke then reconciles it, which registers the reminder and moves
    /// the entry to the run time. Orleans' reminder table thus holds the jobs due soon, not every pending job.
    /// </item>
    /// <item>A job queued at once holds no reminder (its deadline entry is its net); a requeued one registers one.</item>
    /// <item>A job that ended clears its deadline entry and unregisters its reminder, unless the activation knows it holds none.</item>
    /// <item>A run or retry time closer than one reminder period arms the activation's due timer.</item>
    /// </list>
    /// </remarks>
    public static WakeupPlan For(WakeupCause cause, JobState? previous, JobRecord job, DateTimeOffset now, JobOptions options, ReminderHold held)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(options);
        // A job that was just created holds nothing yet, whatever its new activation can tell.
        if (cause == WakeupCause.Submitted)
            held = ReminderHold.None;
        var state = job.State;
        var entered = cause != WakeupCause.Reconciled && previous != state;
        var untilDue = job.DueAt - now;
        var waitsToRun = state is JobState.Scheduled or JobState.RetryWaiting;

        var reminder = ReminderChange.Keep;
        var reminderDue = TimeSpan.Zero;
        var deadline = DeadlineChange.Keep;
        var deadlineAt = default(DateTimeOffset);

        if (state.IsTerminal())
        {
            // Ending twice (a reconcile of an ended job is a repair: it clears whatever is left).
            if (cause == WakeupCause.Reconciled || (previous is { } before && !before.IsTerminal()))
            {
                deadline = DeadlineChange.Clear;
                if (held != ReminderHold.None)
                    reminder = ReminderChange.Unregister;
            }
        }
        else if (waitsToRun && untilDue > options.ReminderHorizon)
        {
            // Due beyond the horizon: no reminder; the deadline sweep arms the job when its last stretch begins.
            deadline = DeadlineChange.Set;
            deadlineAt = job.DueAt - options.ReminderHorizon;
            // A job that held a reminder (it ran once, and now waits long for a retry) gives it up.
            if (entered && held != ReminderHold.None)
                reminder = ReminderChange.Unregister;
        }
        else
        {
            deadline = DeadlineChange.Set;
            deadlineAt = JobStateMachine.NextDeadline(job, now, options.QueuedRecheck)!.Value;
            if (waitsToRun && (entered || held != ReminderHold.Held))
            {
                // Entering the wait, or armed for its last stretch (by the sweep's poke at the arm time).
                reminder = ReminderChange.Register;
                reminderDue = untilDue > TimeSpan.Zero ? untilDue : options.ReminderPeriod;
            }
            else if (state == JobState.Queued && cause == WakeupCause.Transitioned && previous is { } before && before.IsRequeueable())
            {
                reminder = ReminderChange.Register;
                reminderDue = options.ReminderPeriod;
            }
        }

        return new WakeupPlan
        {
            Enqueue = state == JobState.Queued && (cause == WakeupCause.Reconciled || previous != JobState.Queued),
            NotifyParent = job.Parent is not null && state.IsTerminal() && cause == WakeupCause.Transitioned && previous is { } p && !p.IsTerminal(),
            Reminder = reminder,
            ReminderDue = reminderDue,
            Deadline = deadline,
            DeadlineAt = deadlineAt,
            // While active, a run or retry time fires from a timer to the millisecond; the reminder and the sweep
            // are the durable nets when the activation is gone.
            Timer = waitsToRun && untilDue < options.ReminderPeriod ? (untilDue > TimeSpan.Zero ? untilDue : TimeSpan.Zero) : null,
            HoldsAfter = reminder switch
            {
                ReminderChange.Register => ReminderHold.Held,
                ReminderChange.Unregister => ReminderHold.None,
                _ => held,
            },
        };
    }
}
