namespace JobScheduler.Grains.Docker;

/// <summary>The Docker engine did not answer: its socket is missing, refused the connection or timed out.</summary>
public sealed class EngineUnavailableException(string message, Exception? innerException)
    : Exception(message, innerException);
