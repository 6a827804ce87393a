namespace JobScheduler.Grains.Interfaces;

/// <summary>The names a webhook subscription's events are given in.</summary>
public static class WebhookEvents
{
    /// <summary>Every job event.</summary>
    public const string All = "*";

    /// <summary>The Standard Webhooks <c>type</c> of a job event into <paramref name="state"/>: <c>job.succeeded</c>, <c>job.failed</c>, ….</summary>
    public static string TypeOf(JobState state) => "job." + state.ToString().ToLowerInvariant();
}
