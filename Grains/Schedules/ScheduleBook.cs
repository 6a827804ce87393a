using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Schedules;

/// <summary>
/// The decisions of a schedule, as a working copy of its persisted state: which occurrences are due, which run and
/// which are skipped (overlap and misfire policies), what a job's end changes. Pure: no clock, no grain calls, so a
/// test drives it without a silo. The grain persists <see cref="State"/> and then submits <see cref="Planned"/>.
/// </summary>
public sealed class ScheduleBook
{
    /// <summary>Most running jobs tracked; older ones are forgotten (their end is then not recorded).</summary>
    public const int MaxActiveJobs = 100;

    // A schedule that was down for years with a per-second expression must not enumerate every missed second.
    private const int MaxDueScanned = 10_000;

    private readonly List<PlannedJob> _planned = [];

    /// <summary>A working copy of <paramref name="state"/>, whose <see cref="ScheduleGrainState.Schedule"/> must be set.</summary>
    public ScheduleBook(ScheduleGrainState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Record = state.Schedule ?? throw new ArgumentException("The schedule does not exist.", nameof(state));
        Active = [.. state.ActiveJobs];
    }

    /// <summary>The schedule as decided so far.</summary>
    public ScheduleRecord Record { get; private set; }

    /// <summary>Jobs started and not yet seen end, oldest first.</summary>
    public List<string> Active { get; }

    /// <summary>Jobs to submit once <see cref="State"/> is persisted.</summary>
    public IReadOnlyList<PlannedJob> Planned => _planned;

    /// <summary>True when the decisions changed anything worth persisting.</summary>
    public bool Changed { get; private set; }

    /// <summary>How many occurrences <see cref="ActOnDue"/> found missed (older than the misfire grace).</summary>
    public int Missed { get; private set; }

    /// <summary>The state to persist.</summary>
    public ScheduleGrainState State => new() { Schedule = Record, ActiveJobs = [.. Active] };

    /// <summary>
    /// Acts on every occurrence due at <paramref name="now"/>: occurrences older than <paramref name="misfireGrace"/>
    /// are missed and handled by the misfire policy (one summary entry, or one catch-up job for the latest), the
    /// others run late under the overlap policy. Then the next occurrence is the first one after now.
    /// </summary>
    public void ActOnDue(CronSchedule cron, DateTimeOffset now, TimeSpan misfireGrace)
    {
        ArgumentNullException.ThrowIfNull(cron);
        if (Record.Paused || Record.NextOccurrence is not { } next || next > now)
            return;

        var due = cron.Between(next, now, MaxDueScanned);
        var missed = due.Where(o => now - o > misfireGrace).ToList();
        var late = due.Skip(missed.Count).ToList();
        Missed += missed.Count;
        if (missed.Count > 0)
        {
            var count = missed.Count == MaxDueScanned ? $"At least {MaxDueScanned}" : missed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var span = $"{count} occurrence(s) from {missed[0]:O} to {missed[^1]:O} were missed";
            if (Record.Spec.Misfire == MisfirePolicy.RunOnce)
                Occur(missed[^1], ScheduleRunKind.CatchUp, now, missed.Count, $"{span}; this run stands for them.");
            else
                Skip(missed[^1], ScheduleRunKind.Scheduled, ScheduleSkipReason.Misfire, now, missed.Count, span + ".");
        }
        foreach (var occurrence in late)
            Occur(occurrence, ScheduleRunKind.Scheduled, now, 1, null);

        Record = Record with { LastOccurrence = due.Count > 0 ? due[^1] : Record.LastOccurrence, NextOccurrence = cron.Next(now) };
        Changed = true;
    }

    /// <summary>
    /// Runs the job template for a manual trigger at <paramref name="occurrence"/>, whatever the overlap policy.
    /// Idempotent: a second trigger of the same occurrence plans the same job again (its submission is idempotent)
    /// without a second history entry. Returns the job id.
    /// </summary>
    public string Trigger(DateTimeOffset occurrence, DateTimeOffset now)
    {
        var jobId = ScheduleIds.JobIdFor(Record.Id, occurrence);
        if (Record.Runs.Any(r => StartedId(r) == jobId))
            _planned.Add(new PlannedJob(jobId, occurrence, ScheduleRunKind.Manual));
        else
            Fire(occurrence, ScheduleRunKind.Manual, now, 1, null);
        return jobId;
    }

    /// <summary>
    /// Records that a job of this schedule ended. Idempotent; a job it does not know is ignored. When the last
    /// running job ended and an occurrence is queued (<see cref="OverlapPolicy.Queue"/>), that occurrence runs now.
    /// </summary>
    public void JobEnded(string jobId, JobState state, DateTimeOffset endedAt, int? exitCode, string? failureReason, DateTimeOffset now)
    {
        var index = Record.Runs.ToList().FindIndex(r => StartedId(r) == jobId);
        var wasActive = Active.Remove(jobId);
        if (index >= 0 && Record.Runs[index] is var run && (run.State != state || run.EndedAt != endedAt))
        {
            var runs = Record.Runs.ToArray();
            runs[index] = run with { State = state, EndedAt = endedAt, ExitCode = exitCode, Detail = failureReason ?? run.Detail };
            Record = Record with { Runs = runs };
            Changed = true;
        }
        Changed |= wasActive;
        RunQueuedIfIdle(now);
    }

    /// <summary>
    /// Records that a run's job (or workflow) could not start because the server or its queue refused it: the run
    /// failed, and it no longer counts as going, so it never holds back the next occurrence (nor a queued one, which
    /// runs now). Idempotent.
    /// </summary>
    /// <remarks>The run keeps no job or workflow id: none exists under it.</remarks>
    public void NotStarted(string jobId, string reason, DateTimeOffset now)
    {
        var index = Record.Runs.ToList().FindIndex(r => StartedId(r) == jobId);
        Changed |= Active.Remove(jobId);
        if (index >= 0)
        {
            var runs = Record.Runs.ToArray();
            runs[index] = runs[index] with { JobId = null, WorkflowId = null, State = JobState.Failed, EndedAt = now, Detail = $"Could not start: {reason}" };
            Record = Record with { Runs = runs };
            Changed = true;
        }
        RunQueuedIfIdle(now);
    }

    private void RunQueuedIfIdle(DateTimeOffset now)
    {
        if (Active.Count == 0 && Record.QueuedOccurrence is { } queued && !Record.Paused)
        {
            Record = Record with { QueuedOccurrence = null };
            Fire(queued, ScheduleRunKind.Scheduled, now, 1, "Queued while the previous run was going.");
        }
    }

    /// <summary>
    /// Marks a job (or workflow) whose submission was lost (it does not exist) to be submitted again, from the current
    /// template: after a change of template kind its run names what it starts now.
    /// </summary>
    public void Resubmit(string jobId)
    {
        var index = Record.Runs.ToList().FindIndex(r => StartedId(r) == jobId);
        if (index < 0)
        {
            Active.Remove(jobId);
            return;
        }

        var run = Record.Runs[index];
        var startsWorkflow = Record.Spec.Workflow is not null;
        if (StartsWorkflow(jobId) != startsWorkflow)
        {
            var runs = Record.Runs.ToArray();
            runs[index] = run with { JobId = startsWorkflow ? null : jobId, WorkflowId = startsWorkflow ? jobId : null };
            Record = Record with { Runs = runs };
            Changed = true;
        }
        _planned.Add(new PlannedJob(jobId, run.Occurrence, run.Kind));
    }

    /// <summary>
    /// True when <paramref name="id"/>, an active run's id, names a workflow rather than a job: as its run records, or
    /// by the current template when the run has left the history.
    /// </summary>
    public bool StartsWorkflow(string id) =>
        Record.Runs.FirstOrDefault(r => StartedId(r) == id) is { } run ? run.WorkflowId is not null : Record.Spec.Workflow is not null;

    /// <summary>Pauses: nothing runs and the queued occurrence, if any, is dropped.</summary>
    public void Pause(DateTimeOffset now)
    {
        if (Record.Paused)
            return;
        Record = Record with { Paused = true, NextOccurrence = null, QueuedOccurrence = null, UpdatedAt = now };
        Changed = true;
    }

    /// <summary>Resumes from <paramref name="now"/>: the next occurrence is the first after now.</summary>
    public void Resume(CronSchedule cron, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cron);
        if (!Record.Paused)
            return;
        Record = Record with { Paused = false, NextOccurrence = cron.Next(now), UpdatedAt = now };
        Changed = true;
    }

    /// <summary>Replaces the spec, keeping id and history; the next occurrence is recomputed from now.</summary>
    public void Replace(ScheduleSpec spec, CronSchedule cron, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cron);
        Record = Record with
        {
            Spec = spec,
            NextOccurrence = Record.Paused ? null : cron.Next(now),
            QueuedOccurrence = spec.Overlap == OverlapPolicy.Queue ? Record.QueuedOccurrence : null,
            UpdatedAt = now,
        };
        Changed = true;
    }

    private void Occur(DateTimeOffset occurrence, ScheduleRunKind kind, DateTimeOffset now, int occurrences, string? detail)
    {
        if (Active.Count == 0 || Record.Spec.Overlap == OverlapPolicy.Allow)
        {
            Fire(occurrence, kind, now, occurrences, detail);
        }
        else if (Record.Spec.Overlap == OverlapPolicy.Queue && Record.QueuedOccurrence is null)
        {
            Record = Record with { QueuedOccurrence = occurrence };
        }
        else
        {
            var reason = Record.QueuedOccurrence is { } queued
                ? $"The previous run ({Active[^1]}) was still going and {queued:O} was already queued."
                : $"The previous run ({Active[^1]}) was still going.";
            Skip(occurrence, kind, ScheduleSkipReason.Overlap, now, occurrences, detail is null ? reason : $"{detail} {reason}");
        }
    }

    private void Fire(DateTimeOffset occurrence, ScheduleRunKind kind, DateTimeOffset now, int occurrences, string? detail)
    {
        var jobId = ScheduleIds.JobIdFor(Record.Id, occurrence);
        if (!Active.Contains(jobId))
            Active.Add(jobId);
        if (Active.Count > MaxActiveJobs)
            Active.RemoveAt(0);
        var startsWorkflow = Record.Spec.Workflow is not null;
        Add(new ScheduleRun
        {
            Occurrence = occurrence,
            Kind = kind,
            JobId = startsWorkflow ? null : jobId,
            WorkflowId = startsWorkflow ? jobId : null,
            State = JobState.Queued,
            Occurrences = occurrences,
            RecordedAt = now,
            Detail = detail,
        });
        _planned.Add(new PlannedJob(jobId, occurrence, kind));
    }

    /// <summary>A run's key in the active list: the id of the job, or of the workflow, it started; null when skipped.</summary>
    public static string? StartedId(ScheduleRun run) => run.JobId ?? run.WorkflowId;

    private void Skip(DateTimeOffset occurrence, ScheduleRunKind kind, ScheduleSkipReason reason, DateTimeOffset now, int occurrences, string detail) =>
        Add(new ScheduleRun
        {
            Occurrence = occurrence,
            Kind = kind,
            Skipped = reason,
            Occurrences = occurrences,
            RecordedAt = now,
            Detail = detail,
        });

    private void Add(ScheduleRun run)
    {
        Record = Record with { Runs = [run, .. Record.Runs.Take(ScheduleRecord.MaxRuns - 1)] };
        Changed = true;
    }
}
