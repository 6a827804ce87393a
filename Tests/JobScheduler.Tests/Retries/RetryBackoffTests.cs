using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Retries;

namespace JobScheduler.Tests.Retries;

public sealed class RetryBackoffTests
{
    private static readonly RetryPolicy Exact = RetryPolicy.Defaults with
    {
        InitialBackoff = TimeSpan.FromSeconds(1),
        BackoffMultiplier = 2,
        MaxBackoff = TimeSpan.FromSeconds(10),
        Jitter = JitterMode.None,
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(50, 10)]
    public void Delay_WithoutJitter_DoublesUpToTheCap(int failedAttempts, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryBackoff.Delay(Exact, failedAttempts, sample: 0.7));
    }

    [Theory]
    [InlineData(0.0, 4000)]
    [InlineData(0.5, 4400)]
    [InlineData(0.999, 4799.2)]
    public void Delay_ProportionalJitter_OnlyAddsUpToTheFraction(double sample, double expectedMs)
    {
        var policy = Exact with { Jitter = JitterMode.Proportional, JitterFraction = 0.2 };

        Assert.Equal(expectedMs, RetryBackoff.Delay(policy, 3, sample).TotalMilliseconds, precision: 1);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.25, 1000)]
    [InlineData(0.999, 3996)]
    public void Delay_FullJitter_IsBetweenZeroAndTheBackoff(double sample, double expectedMs)
    {
        Assert.Equal(expectedMs, RetryBackoff.Delay(Exact with { Jitter = JitterMode.Full }, 3, sample).TotalMilliseconds, precision: 0);
    }

    [Fact]
    public void OrElse_FillsOnlyMissingMembers()
    {
        var merged = new RetryPolicy { MaxAttempts = 7 }.OrElse(RetryPolicy.Defaults);

        Assert.Equal(7, merged.MaxAttempts);
        Assert.Equal(RetryPolicy.Defaults.InitialBackoff, merged.InitialBackoff);
        Assert.Equal([125, 126, 127], merged.NonRetryableExitCodes);
    }
}
