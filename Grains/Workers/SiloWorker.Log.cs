using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Workers;

public sealed partial class SiloWorker
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} starting with {Slots} slots on {Endpoint}")]
    private partial void LogStarting(string worker, int slots, string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelling job {JobId} attempt {Attempt}")]
    private partial void LogCancelling(string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report the start of job {JobId} attempt {Attempt}")]
    private partial void LogReportStartedFailed(Exception exception, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Result of job {JobId} attempt {Attempt} was rejected as stale")]
    private partial void LogResultRejected(string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting the result of job {JobId} attempt {Attempt} failed; retrying in {Delay}")]
    private partial void LogReportRetry(Exception exception, string jobId, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} attempt {Attempt} was abandoned: its result could not be reported")]
    private partial void LogAttemptAbandoned(Exception exception, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt} lost its lease; killing its container")]
    private partial void LogLeaseLost(string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of job {JobId} attempt {Attempt} failed")]
    private partial void LogHeartbeatFailed(Exception exception, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adopting job {JobId} attempt {Attempt}: container {ContainerId}")]
    private partial void LogAdopting(string jobId, int attempt, string containerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing orphan container {ContainerId} of job {JobId} attempt {Attempt}")]
    private partial void LogRemovingOrphan(string jobId, int attempt, string containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling the orphan container of job {JobId} attempt {Attempt} failed")]
    private partial void LogOrphanFailed(Exception exception, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the scheduler's containers on {Endpoint} failed")]
    private partial void LogOrphanListFailed(Exception exception, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming job {JobId} failed; it goes back to its queue")]
    private partial void LogClaimFailed(Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} draining: {Draining} ({Running} jobs running)")]
    private partial void LogDraining(string worker, bool draining, int running);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listing the engine's images failed; queues keep the last list")]
    private partial void LogImageListFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The secret environment of job {JobId} attempt {Attempt} could not be decrypted; the attempt fails without a container")]
    private partial void LogSecretsUnavailable(Exception exception, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} attempt {Attempt} was cancelled before its container was created; nothing runs")]
    private partial void LogCancelledBeforeStart(string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing container {ContainerId} of job {JobId} attempt {Attempt}: its silo {Worker} is gone")]
    private partial void LogRemovingLeftover(string containerId, string jobId, int attempt, string worker);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} stopping: it takes no new work and lets its {Running} running jobs finish, for up to {DrainTimeout}")]
    private partial void LogStopDraining(string worker, int running, TimeSpan drainTimeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} drained: its {Running} jobs finished in {Elapsed}")]
    private partial void LogStopDrained(string worker, int running, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker}: {Running} jobs still run after the drain timeout of {DrainTimeout}; killing them (worker-stopped, retried by their policy)")]
    private partial void LogStopDrainTimedOut(string worker, int running, TimeSpan drainTimeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker} is stopping; it stays drained")]
    private partial void LogResumeRefused(string worker);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker}: {Slots} slots, as configured (Scheduler:Worker:Slots)")]
    private partial void LogSlotsConfigured(string worker, int slots);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker}: {Slots} slots, {PerCpu} per CPU of the engine at {Endpoint}, which has {Cpus} CPUs (Scheduler:Worker:SlotsPerEngineCpu)")]
    private partial void LogSlotsFromEngine(string worker, int slots, int perCpu, int cpus, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker}: the engine at {Endpoint} did not tell its CPUs, so {Slots} slots, {PerCpu} per CPU of this silo's own {Cpus} CPUs; set Scheduler:Worker:Slots to fix the figure")]
    private partial void LogSlotsFromSilo(string worker, int slots, int perCpu, int cpus, string endpoint);
}
