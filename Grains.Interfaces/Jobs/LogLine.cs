namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// One line of a running attempt's output, as a log follow delivers it
/// (<see cref="JobSchedulerClient.FollowLogsAsync"/>, <c>GET /api/v1/jobs/{id}/logs?follow=true</c>).
/// </summary>
[GenerateSerializer, Alias("JobScheduler.LogLine")]
public sealed record LogLine
{
    /// <summary>Which stream the line was written to.</summary>
    [Id(0)] public required LogStream Stream { get; init; }

    /// <summary>
    /// The line without its <c>\n</c> (nor a <c>\r</c> before it), decoded as UTF-8. A line longer than
    /// <see cref="MaxBytes"/> arrives as several, each at most that long.
    /// </summary>
    [Id(1)] public required string Text { get; init; }

    /// <summary>The longest line delivered, in UTF-8 bytes: 8 KiB.</summary>
    public const int MaxBytes = 8 * 1024;
}
