using System.Diagnostics;

namespace JobScheduler.Tests.Deploy;

/// <summary>Runs a command (docker, docker-compose, bash) to its end with a deadline; its exit code and output.</summary>
public static class CommandLine
{
    /// <summary>The outcome of one command.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Stdout and stderr, for a failure message.</summary>
        public override string ToString() => $"exit {ExitCode}{Environment.NewLine}{Stdout}{Environment.NewLine}{Stderr}";
    }

    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="arguments"/> in the repository root, with
    /// <paramref name="environment"/> added to this process's; kills it (and its children) after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Result> RunAsync(
        string file, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Infrastructure.RepositoryLayout.Root,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail($"{file} {string.Join(' ', arguments)} ran over {timeout.TotalSeconds:0} s.{Environment.NewLine}{await stdout}{Environment.NewLine}{await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>As <see cref="RunAsync"/>, and fails the test unless the command exits 0.</summary>
    public static async Task<Result> RunCheckedAsync(
        string file, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await RunAsync(file, arguments, timeout, environment);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {result}");
        return result;
    }
}
