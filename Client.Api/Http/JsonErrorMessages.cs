using System.Text.Json;
using System.Text.RegularExpressions;

namespace JobScheduler.Client.Api.Http;

/// <summary>
/// Turns System.Text.Json's exception messages, written for .NET developers ("could not be converted to
/// System.Nullable`1[System.Int32]"), into messages for an API caller. System.Text.Json exposes no error kind,
/// so the common messages are recognised by their text; anything else keeps the serializer's own message.
/// </summary>
public static partial class JsonErrorMessages
{
    /// <summary>A message saying what is wrong with <paramref name="field"/>.</summary>
    public static string Describe(JsonException exception, string field)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = WithoutLocation(exception.Message);

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return $"'{LastSegment(field)}' is not a known field.";
        if (message.Contains("doesn't allow setting null values", StringComparison.Ordinal))
            return "null is not allowed here.";
        if (ConversionTarget().Match(message) is { Success: true } conversion)
            return $"The value is not {Expected(conversion.Groups["type"].Value)}.";
        return message;
    }

    private static string Expected(string clrType) => clrType switch
    {
        _ when clrType.Contains("System.Int32", StringComparison.Ordinal) => "a whole number from -2147483648 to 2147483647",
        _ when clrType.Contains("System.Int64", StringComparison.Ordinal) => "a whole number",
        _ when clrType.Contains("System.Double", StringComparison.Ordinal) => "a number",
        _ when clrType.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when clrType.Contains("System.DateTimeOffset", StringComparison.Ordinal) => "an ISO 8601 date and time with an offset (e.g. \"2030-01-31T12:00:00Z\")",
        _ when clrType.Contains("System.TimeSpan", StringComparison.Ordinal) => "a duration as \"[d.]hh:mm:ss\" (e.g. \"00:05:00\")",
        _ when clrType.Contains("System.String", StringComparison.Ordinal) => "a string",
        _ when clrType.StartsWith("JobScheduler.", StringComparison.Ordinal) => "a JSON object",
        _ when clrType.Contains("IReadOnlyList", StringComparison.Ordinal) => "an array",
        _ when clrType.Contains("IReadOnlyDictionary", StringComparison.Ordinal) => "an object of string values",
        _ => "of the expected type (see the OpenAPI document at /openapi/v1.json)",
    };

    // The serializer appends "Path: $.x | LineNumber: 0 | BytePositionInLine: 7."; the error's key already says where.
    private static string WithoutLocation(string message)
    {
        var location = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (location < 0)
            location = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return location > 0 ? message[..location].TrimEnd() : message;
    }

    private static string LastSegment(string field) =>
        field[(field.LastIndexOf('.') + 1)..];

    [GeneratedRegex(@"The JSON value could not be converted to (?<type>\S+)\.")]
    private static partial Regex ConversionTarget();
}
