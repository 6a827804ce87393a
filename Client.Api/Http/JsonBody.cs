using System.Buffers;
using System.Text.Json;

namespace JobScheduler.Client.Api.Http;

/// <summary>
/// Reads a size-limited JSON request body and turns every way it can be wrong into a problem that names the
/// field. Endpoints read bodies through this instead of parameter binding, whose failures name no field.
/// </summary>
public static class JsonBody
{
    /// <summary>The largest body accepted: 64 KiB (a job spec is far smaller; the validator caps its strings too).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads and deserializes the body of <paramref name="request"/> as <typeparamref name="T"/>.</summary>
    public static Task<JsonBodyResult<T>> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class =>
        ReadAsync<T>(request, options, MaxBytes, cancellationToken);

    /// <summary>Reads and deserializes the body of <paramref name="request"/> as <typeparamref name="T"/>, accepting at most <paramref name="maxBytes"/>.</summary>
    public static async Task<JsonBodyResult<T>> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (!request.HasJsonContentType())
            return JsonBodyResult<T>.Fail(ApiProblems.UnsupportedMediaType(request.ContentType));
        if (request.ContentLength > maxBytes)
            return JsonBodyResult<T>.Fail(ApiProblems.ContentTooLarge(maxBytes));

        // Count while reading as well: chunked bodies have no Content-Length, and test hosts enforce no limit.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                    return JsonBodyResult<T>.Fail(ApiProblems.ContentTooLarge(maxBytes));
            }
            return Deserialize<T>(buffer.AsSpan(0, length), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JsonBodyResult<T> Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonSerializerOptions options) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8Json, options) is { } value
                ? JsonBodyResult<T>.Ok(value)
                : JsonBodyResult<T>.Fail(ApiProblems.Validation(JsonPaths.Body, "A JSON object is required."));
        }
        catch (JsonException e)
        {
            var field = JsonPaths.ToFieldPath(e.Path);
            return JsonBodyResult<T>.Fail(ApiProblems.Validation(field, JsonErrorMessages.Describe(e, field)));
        }
    }
}
