namespace JobScheduler.Client.Api.Security;

/// <summary>
/// The audit trail of actions that change things, logged with the actor (a key's id, never the key) under the
/// category <c>JobScheduler.Audit</c>, so operators can route it apart.
/// </summary>
public sealed partial class Audit(ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("JobScheduler.Audit");

    /// <summary>A job was cancelled.</summary>
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Audit: {Actor} cancelled job {JobId}")]
    public partial void JobCancelled(string actor, string jobId);

    /// <summary>A job was requeued.</summary>
    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Audit: {Actor} requeued job {JobId}")]
    public partial void JobRequeued(string actor, string jobId);

    /// <summary>A dead letter was deleted.</summary>
    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Audit: {Actor} deleted dead letter {JobId}")]
    public partial void DeadLetterDeleted(string actor, string jobId);

    /// <summary>Dead letters were requeued in bulk.</summary>
    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "Audit: {Actor} requeued {Count} dead letters (queue {Queue})")]
    public partial void DeadLettersRequeued(string actor, int count, string? queue);

    /// <summary>A queue's settings changed, or it was paused or resumed.</summary>
    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Audit: {Actor} {Action} queue {Queue}")]
    public partial void QueueChanged(string actor, string action, string queue);

    /// <summary>A worker was drained or resumed.</summary>
    [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "Audit: {Actor} {Action} worker {Worker}")]
    public partial void WorkerChanged(string actor, string action, string worker);

    /// <summary>A schedule was created, changed, deleted, paused, resumed or triggered.</summary>
    [LoggerMessage(EventId = 9007, Level = LogLevel.Information, Message = "Audit: {Actor} {Action} schedule {ScheduleId}")]
    public partial void ScheduleChanged(string actor, string action, string scheduleId);

    /// <summary>A workflow was cancelled.</summary>
    [LoggerMessage(EventId = 9008, Level = LogLevel.Information, Message = "Audit: {Actor} cancelled workflow {WorkflowId}")]
    public partial void WorkflowCancelled(string actor, string workflowId);

    /// <summary>An API key was created.</summary>
    [LoggerMessage(EventId = 9009, Level = LogLevel.Information, Message = "Audit: {Actor} created API key {KeyId}")]
    public partial void KeyCreated(string actor, string keyId);

    /// <summary>An API key was revoked.</summary>
    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "Audit: {Actor} revoked API key {KeyId}")]
    public partial void KeyRevoked(string actor, string keyId);
}
