using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Queues;

public sealed partial class QueueGrain
{
    /// <summary>
    /// When its silo leaves gracefully (a stop or an upgrade), the queue hands its ready jobs to its next activation,
    /// which Orleans places on a silo that stays: the calls wait while this activation deactivates and are then
    /// forwarded. Without this they would wait for their own re-check (<c>Scheduler:Jobs:QueuedRecheck</c>, 30 s),
    /// which is still what happens when a silo dies.
    /// </summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && _ready.Count > 0)
        {
            LogHandingOver(logger, QueueName, _ready.Count);
            var next = this.AsReference<IQueueProtocolGrain>();
            foreach (var entry in _ready)
                next.Enqueue(entry).Ignore();
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue} leaves with its silo; handing its {Count} ready jobs to its next activation")]
    private static partial void LogHandingOver(ILogger logger, string queue, int count);
}
