using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace JobScheduler.Tests.Jobs;

/// <summary>The wake-up plan: what must wake a job, and when, as a pure function of its state and the clock.</summary>
public sealed class WakeupPlanTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly JobSpec Spec = new() { Image = "busybox:latest", Command = ["true"] };
    private static readonly JobParent Parent = new() { Kind = JobParentKind.Workflow, Id = "wf" };
    private static readonly JobOptions Options = new();
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public void Submitted_QueuedAtOnce_EnqueuesHoldsNoReminderAndSetsTheRecheck()
    {
        var time = new FakeTimeProvider(Start);
        var job = JobStateMachine.Create("j", Spec, null, time.GetUtcNow());

        var plan = WakeupPlan.For(WakeupCause.Submitted, null, job, time.GetUtcNow(), Options, ReminderHold.Unknown);

        Assert.True(plan.Enqueue);
        Assert.False(plan.NotifyParent);
        Assert.Equal(ReminderChange.Keep, plan.Reminder);
        Assert.Equal(ReminderHold.None, plan.HoldsAfter);
        Assert.Equal(DeadlineChange.Set, plan.Deadline);
        Assert.Equal(Start + Options.QueuedRecheck, plan.DeadlineAt);
        Assert.Null(plan.Timer);
    }

    [Fact]
    public void Submitted_DueWithinTheHorizon_RegistersTheReminderAtTheRunTime()
    {
        var time = new FakeTimeProvider(Start);
        var job = JobStateMachine.Create("j", Spec with { RunAt = Start.AddMinutes(30) }, null, time.GetUtcNow());

        var plan = WakeupPlan.For(WakeupCause.Submitted, null, job, time.GetUtcNow(), Options, ReminderHold.Unknown);

        Assert.False(plan.Enqueue);
        Assert.Equal(ReminderChange.Register, plan.Reminder);
        Assert.Equal(TimeSpan.FromMinutes(30), plan.ReminderDue);
        Assert.Equal(ReminderHold.Held, plan.HoldsAfter);
        Assert.Equal(DeadlineChange.Set, plan.Deadline);
        Assert.Equal(Start.AddMinutes(30), plan.DeadlineAt);
        Assert.Null(plan.Timer);
    }

    [Fact]
    public void Submitted_DueWithinOneReminderPeriod_AlsoArmsTheDueTimer()
    {
        var time = new FakeTimeProvider(Start);
        var job = JobStateMachine.Create("j", Spec with { RunAt = Start.AddSeconds(20) }, null, time.GetUtcNow());

        var plan = WakeupPlan.For(WakeupCause.Submitted, null, job, time.GetUtcNow(), Options, ReminderHold.Unknown);

        Assert.Equal(ReminderChange.Register, plan.Reminder);
        Assert.Equal(TimeSpan.FromSeconds(20), plan.Timer);
    }

    [Fact]
    public void Submitted_DueBeyondTheHorizon_HoldsNoReminderAndItsDeadlineIsTheArmTime()
    {
        var time = new FakeTimeProvider(Start);
        var job = JobStateMachine.Create("j", Spec with { RunAt = Start.AddDays(30) }, null, time.GetUtcNow());

        var plan = WakeupPlan.For(WakeupCause.Submitted, null, job, time.GetUtcNow(), Options, ReminderHold.Unknown);

        Assert.Equal(ReminderChange.Keep, plan.Reminder);
        Assert.Equal(ReminderHold.None, plan.HoldsAfter);
        Assert.Equal(DeadlineChange.Set, plan.Deadline);
        Assert.Equal(Start.AddDays(30) - Options.ReminderHorizon, plan.DeadlineAt);
        Assert.Null(plan.Timer);
    }

    [Fact]
    public void Reconciled_FarJobAcrossItsLife_IsArmedAtTheArmTimeThenWakesAtItsRunTime()
    {
        var time = new FakeTimeProvider(Start);
        var options = new JobOptions { ReminderHorizon = TimeSpan.FromMinutes(10) };
        var job = JobStateMachine.Create("j", Spec with { RunAt = Start.AddHours(2) }, null, time.GetUtcNow());
        var submitted = WakeupPlan.For(WakeupCause.Submitted, null, job, time.GetUtcNow(), options, ReminderHold.Unknown);
        Assert.Equal(Start.AddHours(2) - TimeSpan.FromMinutes(10), submitted.DeadlineAt);

        // A poke before the arm time (a redelivery, a clock ahead) changes nothing but the entry.
        time.Advance(TimeSpan.FromMinutes(30));
        var early = WakeupPlan.For(WakeupCause.Reconciled, job.State, job, time.GetUtcNow(), options, ReminderHold.Unknown);
        Assert.Equal(ReminderChange.Keep, early.Reminder);
        Assert.Equal(submitted.DeadlineAt, early.DeadlineAt);

        // The sweep's poke at the arm time, in a new activation: the reminder for the last stretch, the entry at the run time.
        time.SetUtcNow(submitted.DeadlineAt);
        var armed = WakeupPlan.For(WakeupCause.Reconciled, job.State, job, time.GetUtcNow(), options, ReminderHold.Unknown);
        Assert.Equal(ReminderChange.Register, armed.Reminder);
        Assert.Equal(TimeSpan.FromMinutes(10), armed.ReminderDue);
        Assert.Equal(ReminderHold.Held, armed.HoldsAfter);
        Assert.Equal(DeadlineChange.Set, armed.Deadline);
        Assert.Equal(job.DueAt, armed.DeadlineAt);
        Assert.Null(armed.Timer);

        // Poked again while it holds the reminder: nothing is registered twice; within a period the timer arms.
        time.SetUtcNow(job.DueAt - TimeSpan.FromSeconds(5));
        var again = WakeupPlan.For(WakeupCause.Reconciled, job.State, job, time.GetUtcNow(), options, armed.HoldsAfter);
        Assert.Equal(ReminderChange.Keep, again.Reminder);
        Assert.Equal(ReminderHold.Held, again.HoldsAfter);
        Assert.Equal(TimeSpan.FromSeconds(5), again.Timer);

        // Due: queued, enqueued; the reminder stays as the queued job's net; the timer is disarmed.
        time.SetUtcNow(job.DueAt);
        var queued = JobStateMachine.Apply(job, new JobBecameDue(), time.GetUtcNow()).Job;
        var due = WakeupPlan.For(WakeupCause.Transitioned, JobState.Scheduled, queued, time.GetUtcNow(), options, again.HoldsAfter);
        Assert.True(due.Enqueue);
        Assert.Equal(ReminderChange.Keep, due.Reminder);
        Assert.Equal(time.GetUtcNow() + options.QueuedRecheck, due.DeadlineAt);
        Assert.Null(due.Timer);

        // It runs and succeeds: the deadline entry and the reminder go.
        var running = JobStateMachine.Apply(queued, new JobClaimed("w", Lease), time.GetUtcNow()).Job;
        var claimed = WakeupPlan.For(WakeupCause.Transitioned, JobState.Queued, running, time.GetUtcNow(), options, due.HoldsAfter);
        Assert.Equal(time.GetUtcNow() + Lease, claimed.DeadlineAt);
        var succeeded = running with { State = JobState.Succeeded };
        var ended = WakeupPlan.For(WakeupCause.Transitioned, JobState.Running, succeeded, time.GetUtcNow(), options, claimed.HoldsAfter);
        Assert.Equal(DeadlineChange.Clear, ended.Deadline);
        Assert.Equal(ReminderChange.Unregister, ended.Reminder);
        Assert.Equal(ReminderHold.None, ended.HoldsAfter);
    }

    [Fact]
    public void Transitioned_QueuedAtOnceJobEnds_ClearsItsDeadlineWithoutAReminderRead()
    {
        var time = new FakeTimeProvider(Start);
        var running = JobStateMachine.Apply(JobStateMachine.Create("j", Spec, null, time.GetUtcNow()), new JobClaimed("w", Lease), time.GetUtcNow()).Job;

        var plan = WakeupPlan.For(WakeupCause.Transitioned, JobState.Running, running with { State = JobState.Succeeded }, time.GetUtcNow(), Options, ReminderHold.None);

        Assert.Equal(DeadlineChange.Clear, plan.Deadline);
        Assert.Equal(ReminderChange.Keep, plan.Reminder);
    }

    [Fact]
    public void Transitioned_EndedInANewActivation_UnregistersWhatever_It_Might_Hold()
    {
        var running = JobStateMachine.Apply(JobStateMachine.Create("j", Spec, null, Start), new JobClaimed("w", Lease), Start).Job;

        var plan = WakeupPlan.For(WakeupCause.Transitioned, JobState.Running, running with { State = JobState.Failed }, Start, Options, ReminderHold.Unknown);

        Assert.Equal(ReminderChange.Unregister, plan.Reminder);
    }

    [Fact]
    public void Transitioned_RetryWithinTheHorizon_RegistersTheReminderAtTheRetryTime()
    {
        var time = new FakeTimeProvider(Start);
        var waiting = JobStateMachine.Create("j", Spec, null, Start) with { State = JobState.RetryWaiting, DueAt = Start.AddMinutes(5) };

        var plan = WakeupPlan.For(WakeupCause.Transitioned, JobState.Running, waiting, time.GetUtcNow(), Options, ReminderHold.None);

        Assert.Equal(ReminderChange.Register, plan.Reminder);
        Assert.Equal(TimeSpan.FromMinutes(5), plan.ReminderDue);
        Assert.Equal(Start.AddMinutes(5), plan.DeadlineAt);
    }

    [Fact]
    public void Transitioned_RetryBeyondTheHorizon_GivesUpAHeldReminderAndWaitsForTheArmTime()
    {
        var waiting = JobStateMachine.Create("j", Spec, null, Start) with { State = JobState.RetryWaiting, DueAt = Start.AddHours(5) };

        var held = WakeupPlan.For(WakeupCause.Transitioned, JobState.Running, waiting, Start, Options, ReminderHold.Held);
        var none = WakeupPlan.For(WakeupCause.Transitioned, JobState.Running, waiting, Start, Options, ReminderHold.None);

        Assert.Equal(ReminderChange.Unregister, held.Reminder);
        Assert.Equal(ReminderChange.Keep, none.Reminder);
        Assert.Equal(Start.AddHours(4), held.DeadlineAt);
        Assert.Equal(Start.AddHours(4), none.DeadlineAt);
    }

    [Fact]
    public void Transitioned_Requeued_EnqueuesAndRegistersTheReminderOnePeriodAhead()
    {
        var requeued = JobStateMachine.Create("j", Spec, null, Start);

        var plan = WakeupPlan.For(WakeupCause.Transitioned, JobState.DeadLettered, requeued, Start, Options, ReminderHold.None);

        Assert.True(plan.Enqueue);
        Assert.Equal(ReminderChange.Register, plan.Reminder);
        Assert.Equal(Options.ReminderPeriod, plan.ReminderDue);
    }

    [Fact]
    public void Transitioned_ChildEnds_NotifiesItsParentOnce()
    {
        var running = JobStateMachine.Apply(JobStateMachine.Create("j", Spec, null, Start, Parent), new JobClaimed("w", Lease), Start).Job;
        var ended = running with { State = JobState.Succeeded };

        Assert.True(WakeupPlan.For(WakeupCause.Transitioned, JobState.Running, ended, Start, Options, ReminderHold.None).NotifyParent);
        Assert.False(WakeupPlan.For(WakeupCause.Reconciled, JobState.Succeeded, ended, Start, Options, ReminderHold.None).NotifyParent);
        Assert.False(WakeupPlan.For(WakeupCause.Transitioned, JobState.Queued, running, Start, Options, ReminderHold.None).NotifyParent);
    }

    [Fact]
    public void Reconciled_Queued_EnqueuesAgainAndRenewsTheRecheck()
    {
        var time = new FakeTimeProvider(Start);
        var job = JobStateMachine.Create("j", Spec, null, Start);
        time.Advance(TimeSpan.FromSeconds(30));

        var plan = WakeupPlan.For(WakeupCause.Reconciled, JobState.Queued, job, time.GetUtcNow(), Options, ReminderHold.Unknown);

        Assert.True(plan.Enqueue);
        Assert.Equal(ReminderChange.Keep, plan.Reminder);
        Assert.Equal(time.GetUtcNow() + Options.QueuedRecheck, plan.DeadlineAt);
    }

    [Fact]
    public void Reconciled_Ended_ClearsWhatIsLeftUnlessItKnowsItHoldsNoReminder()
    {
        var ended = JobStateMachine.Create("j", Spec, null, Start) with { State = JobState.Cancelled };

        var unknown = WakeupPlan.For(WakeupCause.Reconciled, JobState.Cancelled, ended, Start, Options, ReminderHold.Unknown);
        var none = WakeupPlan.For(WakeupCause.Reconciled, JobState.Cancelled, ended, Start, Options, ReminderHold.None);

        Assert.Equal((DeadlineChange.Clear, ReminderChange.Unregister), (unknown.Deadline, unknown.Reminder));
        Assert.Equal((DeadlineChange.Clear, ReminderChange.Keep), (none.Deadline, none.Reminder));
    }

    public static TheoryData<WakeupCause, JobState?, JobState, int, ReminderHold> Everything()
    {
        var data = new TheoryData<WakeupCause, JobState?, JobState, int, ReminderHold>();
        JobState?[] previous = [null, .. Enum.GetValues<JobState>().Cast<JobState?>()];
        foreach (var cause in Enum.GetValues<WakeupCause>())
            foreach (var before in previous)
                foreach (var state in Enum.GetValues<JobState>())
                    foreach (var dueInSeconds in new[] { -10, 0, 20, 600, 3600, 3601, 86_400 })
                        foreach (var held in Enum.GetValues<ReminderHold>())
                            if ((cause == WakeupCause.Submitted) == (before is null) && (cause != WakeupCause.Reconciled || before == state))
                                data.Add(cause, before, state, dueInSeconds, held);
        return data;
    }

    [Theory]
    [MemberData(nameof(Everything))]
    public void For_EveryStateAndClock_KeepsTheWakeupInvariants(WakeupCause cause, JobState? previous, JobState state, int dueInSeconds, ReminderHold held)
    {
        var time = new FakeTimeProvider(Start);
        var now = time.GetUtcNow();
        var job = JobStateMachine.Create("j", Spec, null, Start, Parent) with { State = state, DueAt = now.AddSeconds(dueInSeconds) };
        var waits = state is JobState.Scheduled or JobState.RetryWaiting;
        var untilDue = job.DueAt - now;

        var plan = WakeupPlan.For(cause, previous, job, now, Options, held);

        // A job that is not terminal always has a deadline entry, never later than its run time: no job is lost.
        if (!state.IsTerminal())
        {
            Assert.Equal(DeadlineChange.Set, plan.Deadline);
            if (waits)
                Assert.True(plan.DeadlineAt <= job.DueAt);
        }
        else
            Assert.NotEqual(DeadlineChange.Set, plan.Deadline);
        // The reminder table holds only what is due within the horizon (or the net of a requeued job).
        if (plan.Reminder == ReminderChange.Register)
        {
            Assert.True(waits ? untilDue <= Options.ReminderHorizon : state == JobState.Queued && previous!.Value.IsRequeueable());
            Assert.True(plan.ReminderDue > TimeSpan.Zero);
        }
        if (waits && untilDue > Options.ReminderHorizon)
        {
            Assert.NotEqual(ReminderChange.Register, plan.Reminder);
            Assert.Equal(job.DueAt - Options.ReminderHorizon, plan.DeadlineAt);
        }
        // A job waiting within the horizon ends the plan holding its reminder (its net when the activation is gone).
        if (waits && untilDue <= Options.ReminderHorizon && cause != WakeupCause.Transitioned)
            Assert.Equal(ReminderHold.Held, plan.HoldsAfter);
        // A terminal job ends the plan holding no reminder, unless nothing changed.
        if (plan.Deadline == DeadlineChange.Clear)
            Assert.Equal(ReminderHold.None, plan.HoldsAfter);
        // Nothing registers what the plan also unregisters; a new job knows it holds none unless it registered one.
        if (cause == WakeupCause.Submitted)
            Assert.Equal(plan.Reminder == ReminderChange.Register ? ReminderHold.Held : ReminderHold.None, plan.HoldsAfter);
        Assert.Equal(plan.Enqueue, state == JobState.Queued && (cause == WakeupCause.Reconciled || previous != JobState.Queued));
        Assert.Equal(plan.NotifyParent, state.IsTerminal() && cause == WakeupCause.Transitioned && previous is { } p && !p.IsTerminal());
        Assert.Equal(plan.Timer is not null, waits && untilDue < Options.ReminderPeriod);
        Assert.True(plan.Timer is null || plan.Timer >= TimeSpan.Zero);
    }
}
