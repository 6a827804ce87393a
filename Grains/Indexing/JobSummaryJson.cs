using System.Text.Json;
using System.Text.Json.Serialization;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Indexing;

/// <summary>
/// The summary's stored JSON: camelCase, enums as strings, like the REST API, without null fields (a pending job's
/// exit code and failure reason), since every job in the index holds one (BENCHMARKS.md B4: bytes per pending job).
/// Source-generated because every state change serializes one summary.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobSummary))]
internal sealed partial class JobSummaryJson : JsonSerializerContext;
