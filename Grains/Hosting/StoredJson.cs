using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace JobScheduler.Grains.Hosting;

/// <summary>
/// How grain state is written as JSON: enums by name, and without what reads back the same when left out — nulls,
/// and empty collections of the scheduler's own types (whose properties start empty). A pending job is mostly its
/// state, so every byte left out is a byte of Redis per pending job (BENCHMARKS.md B4).
/// </summary>
public static class StoredJson
{
    /// <summary>Applies the rules to the grain storage serializer's options.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(OmitEmptyCollections);
    }

    /// <summary>
    /// Leaves out an empty collection of a type of this project, unless the property is required (a required property
    /// must be there to be read). Such properties start as empty collections, so leaving one out reads back the same.
    /// </summary>
    private static void OmitEmptyCollections(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.Namespace?.StartsWith("JobScheduler.", StringComparison.Ordinal) != true)
            return;
        foreach (var property in type.Properties)
        {
            // A nullable collection may mean something else when null (a retry policy's exit codes: null is the default, empty is none).
            if (property.IsRequired || property.IsGetNullable || property.PropertyType == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
                continue;
            var previous = property.ShouldSerialize;
            property.ShouldSerialize = (owner, value) =>
                (previous is null || previous(owner, value)) && !(value is ICollection { Count: 0 } || (value is IEnumerable items && !items.GetEnumerator().MoveNext()));
        }
    }
}
