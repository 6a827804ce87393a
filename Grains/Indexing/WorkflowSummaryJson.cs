using System.Text.Json;
using System.Text.Json.Serialization;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>The workflow summary's stored JSON: camelCase, enums as strings, like the REST API, without null fields.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkflowSummary))]
internal sealed partial class WorkflowSummaryJson : JsonSerializerContext;
