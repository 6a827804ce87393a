namespace JobScheduler.Tests.Infrastructure;

/// <summary>Waits for a condition by polling until a deadline, instead of guessing a delay.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Polls <paramref name="condition"/> until it returns true; fails with <paramref name="because"/>
    /// if it is still false after <paramref name="timeout"/>.
    /// </summary>
    public static Task Async(Func<Task<bool>> condition, TimeSpan timeout, string because) =>
        Async(condition, timeout, () => because);

    /// <summary>
    /// As <see cref="Async(Func{Task{bool}}, TimeSpan, string)"/>, with a message built at failure time, so it
    /// can show the last value seen.
    /// </summary>
    public static async Task Async(Func<Task<bool>> condition, TimeSpan timeout, Func<string> because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                Assert.Fail($"Still false after {timeout.TotalSeconds:0.#} s: {because()}");
            }

            await Task.Delay(PollInterval);
        }
    }
}
