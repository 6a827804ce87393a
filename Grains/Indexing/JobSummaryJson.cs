using System.Text.Json;
using System.Text.Json.Serialization;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The summary's stored JSON: camelCase, enums as strings, like the REST API.
/// Source-generated because every state change serializes one summary.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JobSummary))]
internal sealed partial class JobSummaryJson : JsonSerializerContext;
