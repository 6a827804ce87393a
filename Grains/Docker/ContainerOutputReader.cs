using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Docker;

/// <summary>Streams a container's stdout and stderr through two <see cref="OutputTail"/>s, never holding more than their caps.</summary>
internal static class ContainerOutputReader
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>
    /// Attaches to a created container's stdout and stderr. Attach before start: the attach stream
    /// carries everything the container writes and ends only after its last byte, where a followed
    /// log stream can end before the final lines (observed on Docker 20.10) and loses what the
    /// log file's rotation dropped.
    /// </summary>
    public static Task<MultiplexedStream> AttachAsync(IDockerClient client, string containerId, CancellationToken cancellationToken) =>
        client.Containers.AttachContainerAsync(containerId, tty: false,
            new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken);

    /// <summary>
    /// Reads what the engine's log holds for the container so far (at most the json-file's
    /// <c>max-size</c>), keeping only each stream's tail. <paramref name="complete"/> marks the result
    /// as final, for a container that has exited.
    /// </summary>
    public static async Task<JobLogs> ReadStoredLogsAsync(IDockerClient client, string containerId, int attempt, bool complete, CancellationToken cancellationToken)
    {
        var parameters = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = false, Timestamps = false };
        using var stream = await client.Containers.GetContainerLogsAsync(containerId, tty: false, parameters, cancellationToken).ConfigureAwait(false);
        return await ReadToEndAsync(stream, attempt, complete, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end, handing each chunk to <paramref name="live"/> as well (which never
    /// waits); cancelling returns what was read so far.
    /// </summary>
    public static async Task<JobLogs> ReadToEndAsync(MultiplexedStream stream, int attempt, bool complete, CancellationToken cancellationToken, LiveOutput? live = null)
    {
        var stdout = new OutputTail(JobLogs.CapBytes);
        var stderr = new OutputTail(JobLogs.CapBytes);
        var buffer = new byte[ChunkBytes];

        // A read blocked on the socket may ignore the token; disposing the stream ends it for sure.
        using (cancellationToken.Register(stream.Dispose))
        {
            try
            {
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                    if (read.EOF)
                    {
                        break;
                    }

                    var isStderr = read.Target == MultiplexedStream.TargetStream.StandardError;
                    (isStderr ? stderr : stdout).Append(buffer.AsSpan(0, read.Count));
                    live?.Append(isStderr ? LogStream.Stderr : LogStream.Stdout, buffer.AsSpan(0, read.Count));
                }
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or IOException)
            {
                // Cancelled on purpose (the drain deadline passed): keep what arrived.
            }
        }

        return new JobLogs
        {
            Attempt = attempt,
            Stdout = stdout.ToString(),
            Stderr = stderr.ToString(),
            StdoutTruncated = stdout.Truncated,
            StderrTruncated = stderr.Truncated,
            Complete = complete,
        };
    }
}
