using System.Text.Json.Serialization;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Jobs;

/// <summary>The data of a log follow's final <c>end</c> event: the followed attempt and the job's state after it.</summary>
/// <param name="Attempt">The attempt followed; 0 when the job never started one.</param>
/// <param name="State">The job's state when the follow ended (the attempt's outcome once its result is recorded).</param>
/// <param name="ExitCode">The attempt's exit code, if it ended with one.</param>
public sealed record LogFollowEnd(int Attempt, JobState State, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExitCode)
{
    /// <summary>True when the follower fell too far behind and was dropped before the attempt ended.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Dropped { get; init; }

    /// <summary>Why the follow ended early (with <see cref="Dropped"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
