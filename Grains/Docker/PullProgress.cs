using Docker.DotNet.Models;

namespace JobScheduler.Grains.Docker;

/// <summary>
/// Remembers the error a pull reports inside its progress stream (the HTTP status is already 200 then).
/// Synchronous on purpose: <see cref="Progress{T}"/> would post to the thread pool and could report after the pull returned.
/// </summary>
internal sealed class PullProgress : IProgress<JSONMessage>
{
    public string? Error { get; private set; }

    public void Report(JSONMessage value)
    {
        var error = value?.Error?.Message ?? value?.ErrorMessage;
        if (!string.IsNullOrWhiteSpace(error))
        {
            Error = error;
        }
    }
}
