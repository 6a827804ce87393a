using System.Text.Json;
using System.Text.Json.Serialization;

namespace JobScheduler.Client.Api.Http;

/// <summary>The JSON rules of the HTTP API, shared by response writing, body reading and the OpenAPI document.</summary>
public static class ApiJson
{
    /// <summary>
    /// Applies the API's rules to <paramref name="options"/>: camelCase names, enums by their declared names (<c>Queued</c>, as stored), and strict reading
    /// (unknown fields and nulls in non-nullable members are errors), so a typo never silently becomes a default.
    /// Dictionary keys (env, labels) are left exactly as sent.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.RespectNullableAnnotations = true;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // Names only: a number sent for an enum would otherwise be accepted as an undefined state.
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
            options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
    }
}
