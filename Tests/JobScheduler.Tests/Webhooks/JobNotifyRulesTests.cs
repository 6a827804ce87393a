using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Outbound;
using JobScheduler.Grains.Webhooks;

namespace JobScheduler.Tests.Webhooks;

/// <summary>The pure rules of a job's notify list: validation, the guard's static rules, subscription ids.</summary>
public sealed class JobNotifyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyDictionary<string, string[]> Validate(params JobNotifyTarget[] notify) =>
        JobSpecValidator.Validate(new JobSpec { Image = "busybox:latest", Command = ["true"], Notify = notify }, Now);

    [Fact]
    public void Validate_GoodTargets_NoErrors() =>
        Assert.Empty(Validate(
            new JobNotifyTarget { Url = "https://hooks.example.com/a", Events = ["Succeeded", "failed", "*"] },
            new JobNotifyTarget { Url = "https://hooks.example.com/b", Events = ["DeadLettered"], Secret = "whsec_" + Convert.ToBase64String(new byte[32]) }));

    [Fact]
    public void Validate_BadTargets_NameEachField()
    {
        var errors = Validate(
            new JobNotifyTarget { Url = "https://user:pw@hooks.example.com/", Events = ["Succeeded"] },
            new JobNotifyTarget { Url = "https://hooks.example.com/", Events = ["Succeeded", "3"] },
            new JobNotifyTarget { Url = "https://hooks.example.com/", Events = ["Succeeded"], Secret = "whsec_c2hvcnQ=" });
        Assert.Equal(["notify[0].url", "notify[1].events[1]", "notify[2].secret"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("notify", Validate([.. Enumerable.Repeat(new JobNotifyTarget { Url = "https://a.example/", Events = ["Failed"] }, JobNotifyTarget.MaxPerJob + 1)]).Keys);
    }

    [Fact]
    public void Refusals_GuardRules_RefuseMetadataPrivateAndDeniedHosts()
    {
        var options = new OutboundOptions { DeniedHosts = ["*.internal.example"] };
        var spec = new JobSpec
        {
            Notify =
            [
                new JobNotifyTarget { Url = "https://hooks.example.com/ok", Events = ["Failed"] },
                new JobNotifyTarget { Url = "https://169.254.169.254/", Events = ["Failed"] },
                new JobNotifyTarget { Url = "https://[::1]:8443/", Events = ["Failed"] },
                new JobNotifyTarget { Url = "http://hooks.example.com/", Events = ["Failed"] },
                new JobNotifyTarget { Url = "https://a.internal.example/", Events = ["Failed"] },
            ],
        };
        Assert.Equal(["notify[1].url", "notify[2].url", "notify[3].url", "notify[4].url"], JobNotifyRules.Refusals(spec, options).Select(r => r.Field));
    }

    [Fact]
    public void SubscriptionId_RoundTrips_AndManagedIdsAreNotJobs()
    {
        var id = JobNotifyTarget.SubscriptionId("k0123abc:x.y", 3);
        Assert.True(JobNotifyTarget.TryParseSubscriptionId(id, out var jobId, out var index));
        Assert.Equal(("k0123abc:x.y", 3), (jobId, index));
        Assert.False(JobNotifyTarget.TryParseSubscriptionId("wh_3f9c0a1b2c3d4e5f", out _, out _));
        Assert.False(JobNotifyTarget.TryParseSubscriptionId("whj_x_abc", out _, out _));
        Assert.False(JobNotifyTarget.TryParseSubscriptionId("whj_1_", out _, out _));
    }
}
