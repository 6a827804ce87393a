using Microsoft.Extensions.Logging;

namespace JobScheduler.Grains.Security;

public sealed partial class ApiKeyStoreGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} created by {Actor} with scopes {Scopes}")]
    private partial void LogCreated(string keyId, string actor, string scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} revoked by {Actor}")]
    private partial void LogRevoked(string keyId, string actor);
}
