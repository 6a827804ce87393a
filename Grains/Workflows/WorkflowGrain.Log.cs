using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Workflows;

public sealed partial class WorkflowGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} started with {Steps} steps, policy {Policy}")]
    private partial void LogStarted(string workflowId, int steps, WorkflowFailurePolicy policy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} step {Step} is {State} (job {JobId}) {Reason}")]
    private partial void LogStep(string workflowId, string step, WorkflowStepState state, string? jobId, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {WorkflowId} ended {State}")]
    private partial void LogEnded(string workflowId, WorkflowState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId} step {Step} has no job {JobId}: submitting it again")]
    private partial void LogResubmitting(string workflowId, string step, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {WorkflowId} step {Step}: job {JobId} could not be reached; the reminder tries again")]
    private partial void LogJobUnreachable(Exception exception, string workflowId, string step, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow {WorkflowId} step {Step}: its job was refused")]
    private partial void LogStepRefused(Exception exception, string workflowId, string step);
}
