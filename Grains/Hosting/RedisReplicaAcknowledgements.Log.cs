using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Hosting;

internal sealed partial class RedisReplicaAcknowledgements
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Only {Acknowledged} of {Required} Redis replicas acknowledged a write within {TimeoutMs} ms; the write is refused as unacknowledged")]
    private partial void LogTooFewAcks(int required, long acknowledged, long timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Redis connection changed during a write that needs {Required} replica acknowledgements; the write is refused as unacknowledged")]
    private partial void LogConnectionChanged(int required);
}
