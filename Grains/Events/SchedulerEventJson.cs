using System.Text.Json;
using System.Text.Json.Serialization;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Events;

/// <summary>
/// An event's stored JSON, the same as the stream's <c>data:</c>: camelCase, enums as strings, no null fields. Stored
/// before the log gives it its id (an empty one), which readers fill in. Source-generated: every job transition writes one.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SchedulerEvent))]
public sealed partial class SchedulerEventJson : JsonSerializerContext
{
    /// <summary>The event as stored.</summary>
    public static byte[] Stored(SchedulerEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, Default.SchedulerEvent);

    /// <summary>An event read back from <paramref name="json"/>, with the id the log gave it.</summary>
    public static SchedulerEvent? Read(ReadOnlySpan<byte> json, string id) =>
        JsonSerializer.Deserialize(json, Default.SchedulerEvent) is { } e ? e.WithId(id) : null;
}
