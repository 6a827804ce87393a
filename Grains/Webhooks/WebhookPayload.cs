using System.Text;
using System.Text.Json;
using JobScheduler.Grains.Events;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Webhooks;

/// <summary>
/// The body posted for an event, in the Standard Webhooks shape: <c>{"type":"job.succeeded","timestamp":…,"data":{…}}</c>,
/// <c>data</c> being the event as the event stream shows it.
/// </summary>
public static class WebhookPayload
{
    /// <summary>The body for job event <paramref name="e"/>.</summary>
    public static string For(SchedulerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", TypeOf(e));
            writer.WriteString("timestamp", e.At);
            writer.WritePropertyName("data");
            writer.WriteRawValue(JsonSerializer.SerializeToUtf8Bytes(e, SchedulerEventJson.Default.SchedulerEvent), skipInputValidation: true);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The event's type, e.g. <c>job.succeeded</c>.</summary>
    public static string TypeOf(SchedulerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.To is { } to ? WebhookEvents.TypeOf(to) : "job";
    }
}
