using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobScheduler.Grains.Webhooks;

/// <summary>A <see cref="WebhookWork"/> (and a job's notify subscriptions) as stored: camelCase JSON, enums by name.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookWork))]
[JsonSerializable(typeof(JobScheduler.Grains.Interfaces.WebhookTarget[]))]
public sealed partial class WebhookWorkJson : JsonSerializerContext
{
    /// <summary>The stored form.</summary>
    public static string Write(WebhookWork work) => JsonSerializer.Serialize(work, Default.WebhookWork);

    /// <summary>Read back from <paramref name="json"/>.</summary>
    public static WebhookWork Read(string json) =>
        JsonSerializer.Deserialize(json, Default.WebhookWork) ?? throw new JsonException("A stored webhook delivery is null.");
}
