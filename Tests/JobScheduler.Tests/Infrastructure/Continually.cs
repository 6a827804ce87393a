namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// Checks that a condition keeps holding for a whole observation window ("the job stays Cancelled"), polling,
/// and fails as soon as it does not. The counterpart of <see cref="Eventually"/>.
/// </summary>
public static class Continually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Polls <paramref name="condition"/> for <paramref name="duration"/>; fails with <paramref name="because"/> the first time it is false.</summary>
    public static async Task Async(Func<Task<bool>> condition, TimeSpan duration, string because)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var end = DateTimeOffset.UtcNow + duration;
        while (true)
        {
            if (!await condition())
                Assert.Fail($"No longer true within {duration.TotalSeconds:0.#} s: {because}");
            if (DateTimeOffset.UtcNow >= end)
                return;
            await Task.Delay(PollInterval);
        }
    }
}
