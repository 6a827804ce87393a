using Docker.DotNet;
using Docker.DotNet.Models;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Docker;

/// <summary>Streams a container's stdout and stderr through two <see cref="OutputTail"/>s, never holding more than their caps.</summary>
internal static class ContainerOutputReader
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>
    /// Reads the container's log from the beginning; with <paramref name="follow"/>, until the container
    /// exits. Cancelling returns what was read so far.
    /// </summary>
    public static async Task<JobLogs> ReadAsync(IDockerClient client, string containerId, int attempt, bool follow, bool complete, CancellationToken cancellationToken)
    {
        var stdout = new OutputTail(JobLogs.CapBytes);
        var stderr = new OutputTail(JobLogs.CapBytes);
        var parameters = new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = follow, Timestamps = false };

        using (var stream = await client.Containers.GetContainerLogsAsync(containerId, tty: false, parameters, cancellationToken).ConfigureAwait(false))
        // A read blocked on the socket may ignore the token; disposing the stream ends it for sure.
        using (cancellationToken.Register(stream.Dispose))
        {
            var buffer = new byte[ChunkBytes];
            try
            {
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                    if (read.EOF)
                    {
                        break;
                    }

                    var tail = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
                    tail.Append(buffer.AsSpan(0, read.Count));
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
