using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>
/// The UI's way to the data: the REST API over loopback HTTP with the signed-in key as bearer, so access control,
/// tenancy, validation and audit stay in the API. A 401 (a key revoked since the page opened) sends the browser to
/// the sign-in page.
/// </summary>
public sealed partial class UiApiClient(HttpClient http, AuthenticationStateProvider authentication, NavigationManager navigation)
{
    /// <summary>The longest the UI waits for one API call (streams excepted, once their headers arrived).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How the UI reads the API's JSON: camelCase, enums as names, unknown members ignored.</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>GETs <paramref name="path"/> (relative, e.g. <c>api/v1/queues</c>) and reads its JSON body.</summary>
    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, path, content: null, cancellationToken);

    /// <summary>POSTs <paramref name="body"/> (serialized as JSON; none when null) to <paramref name="path"/>.</summary>
    public Task<ApiResult<T>> PostAsync<T>(string path, object? body = null, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: Json), cancellationToken);

    /// <summary>POSTs raw JSON text to <paramref name="path"/>, as typed by the user.</summary>
    public Task<ApiResult<T>> PostJsonAsync<T>(string path, string json, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>PUTs <paramref name="body"/> as JSON to <paramref name="path"/>.</summary>
    public Task<ApiResult<T>> PutAsync<T>(string path, object body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Put, path, JsonContent.Create(body, body.GetType(), options: Json), cancellationToken);

    /// <summary>DELETEs <paramref name="path"/>; the value is true when the API answered 2xx.</summary>
    public async Task<ApiResult<bool>> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, path, null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.IsSuccessStatusCode
            ? new ApiResult<bool> { Value = true }
            : new ApiResult<bool> { Problem = await ReadProblemAsync(response, cancellationToken) };
    }

    /// <summary>
    /// Opens a streaming GET (Server-Sent Events): the response once its headers arrived, to be read and disposed by
    /// the caller; a problem when the API refused.
    /// </summary>
    public async Task<ApiResult<HttpResponseMessage>> OpenStreamAsync(string path, string? lastEventId, CancellationToken cancellationToken)
    {
        var response = await SendRawAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken, lastEventId);
        if (response.IsSuccessStatusCode)
            return new ApiResult<HttpResponseMessage> { Value = response };
        using (response)
            return new ApiResult<HttpResponseMessage> { Problem = await ReadProblemAsync(response, cancellationToken) };
    }

    /// <summary>The principal's queues as the API reports them (<c>GET /api/v1/queues</c>).</summary>
    public Task<ApiResult<QueueStatus[]>> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<QueueStatus[]>("api/v1/queues", cancellationToken);

    /// <summary>The workers (<c>GET /api/v1/workers</c>).</summary>
    public Task<ApiResult<WorkerStatus[]>> GetWorkersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<WorkerStatus[]>("api/v1/workers", cancellationToken);

    /// <summary>One job (<c>GET /api/v1/jobs/{id}</c>).</summary>
    public Task<ApiResult<JobRecord>> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<JobRecord>($"api/v1/jobs/{Uri.EscapeDataString(id)}", cancellationToken);

    /// <summary>The stored output of a job's latest attempt (<c>GET /api/v1/jobs/{id}/logs</c>).</summary>
    public Task<ApiResult<JobLogs>> GetLogsAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<JobLogs>($"api/v1/jobs/{Uri.EscapeDataString(id)}/logs", cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, content, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return new ApiResult<T> { Problem = await ReadProblemAsync(response, cancellationToken) };
        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
            return new ApiResult<T> { Value = default };
        return new ApiResult<T> { Value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken) };
    }

    private async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string path, HttpContent? content, HttpCompletionOption completion, CancellationToken cancellationToken, string? lastEventId = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        var state = await authentication.GetAuthenticationStateAsync();
        if (UiAuthentication.KeyOf(state.User) is { } key)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (lastEventId is not null)
            request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, completion, timeout.Token);
        // The key was revoked since the page opened: only a new sign-in helps (the caller still gets the 401 problem).
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            navigation.NavigateTo(UiAuthentication.SignInPath, forceLoad: true);

        return response;
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
            return new ApiProblem { Status = status, Title = response.ReasonPhrase };
        var body = await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellationToken);
        return new ApiProblem
        {
            Status = status,
            Title = body?.Title,
            Detail = body?.Detail,
            Errors = body?.Errors ?? new Dictionary<string, string[]>(),
        };
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
