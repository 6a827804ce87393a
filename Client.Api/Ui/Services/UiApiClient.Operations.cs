using System.Text;
using System.Text.Json;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>The operator pages' calls: schedules, workflows, queues, workers and dead letters.</summary>
public sealed partial class UiApiClient
{
    /// <summary>One page of schedules, newest first (<c>GET /api/v1/schedules</c>).</summary>
    public Task<ApiResult<SchedulePage>> ListSchedulesAsync(int page, int pageSize, CancellationToken cancellationToken = default) =>
        GetAsync<SchedulePage>($"api/v1/schedules?page={page}&pageSize={pageSize}", cancellationToken);

    /// <summary>One schedule with its recent runs and its next <paramref name="next"/> occurrences.</summary>
    public Task<ApiResult<ScheduleRecord>> GetScheduleAsync(string id, int next, CancellationToken cancellationToken = default) =>
        GetAsync<ScheduleRecord>($"{SchedulePath(id)}?next={next}", cancellationToken);

    /// <summary>Creates a schedule from the spec as JSON text (<c>POST /api/v1/schedules</c>).</summary>
    public Task<ApiResult<ScheduleRecord>> CreateScheduleAsync(string json, CancellationToken cancellationToken = default) =>
        PostJsonAsync<ScheduleRecord>("api/v1/schedules", json, cancellationToken);

    /// <summary>Replaces a schedule's spec with the JSON text (<c>PUT /api/v1/schedules/{id}</c>).</summary>
    public Task<ApiResult<ScheduleRecord>> UpdateScheduleAsync(string id, string json, CancellationToken cancellationToken = default) =>
        SendAsync<ScheduleRecord>(HttpMethod.Put, SchedulePath(id), new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>Pauses (<paramref name="pause"/>) or resumes a schedule.</summary>
    public Task<ApiResult<ScheduleRecord>> PauseScheduleAsync(string id, bool pause, CancellationToken cancellationToken = default) =>
        PostAsync<ScheduleRecord>($"{SchedulePath(id)}/{(pause ? "pause" : "resume")}", cancellationToken: cancellationToken);

    /// <summary>Runs a schedule now: the answer is the started job's or workflow's record (with its <c>id</c>).</summary>
    public Task<ApiResult<JsonElement>> TriggerScheduleAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync<JsonElement>($"{SchedulePath(id)}/trigger", cancellationToken: cancellationToken);

    /// <summary>Deletes a schedule.</summary>
    public Task<ApiResult<bool>> DeleteScheduleAsync(string id, CancellationToken cancellationToken = default) =>
        DeleteAsync(SchedulePath(id), cancellationToken);

    /// <summary>One page of workflows, newest first, optionally in one state (<c>GET /api/v1/workflows</c>).</summary>
    public Task<ApiResult<WorkflowPage>> ListWorkflowsAsync(WorkflowState? state, int page, int pageSize, CancellationToken cancellationToken = default) =>
        GetAsync<WorkflowPage>($"api/v1/workflows?page={page}&pageSize={pageSize}{(state is { } s ? $"&state={s}" : "")}", cancellationToken);

    /// <summary>One workflow with every step's state.</summary>
    public Task<ApiResult<WorkflowRecord>> GetWorkflowAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<WorkflowRecord>(WorkflowPath(id), cancellationToken);

    /// <summary>Cancels a workflow; the answer is its record afterwards.</summary>
    public Task<ApiResult<WorkflowRecord>> CancelWorkflowAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync<WorkflowRecord>($"{WorkflowPath(id)}/cancel", cancellationToken: cancellationToken);

    /// <summary>Pauses (<paramref name="pause"/>) or resumes a queue.</summary>
    public Task<ApiResult<QueueStatus>> PauseQueueAsync(string name, bool pause, CancellationToken cancellationToken = default) =>
        PostAsync<QueueStatus>($"{QueuePath(name)}/{(pause ? "pause" : "resume")}", cancellationToken: cancellationToken);

    /// <summary>Replaces a queue's settings with the JSON text (<c>PUT /api/v1/queues/{name}</c>, admin).</summary>
    public Task<ApiResult<QueueStatus>> UpdateQueueSettingsAsync(string name, string json, CancellationToken cancellationToken = default) =>
        SendAsync<QueueStatus>(HttpMethod.Put, QueuePath(name), new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>Drains (<paramref name="drain"/>) or resumes a worker.</summary>
    public Task<ApiResult<WorkerStatus>> DrainWorkerAsync(string id, bool drain, CancellationToken cancellationToken = default) =>
        PostAsync<WorkerStatus>($"api/v1/workers/{Uri.EscapeDataString(id)}/{(drain ? "drain" : "resume")}", cancellationToken: cancellationToken);

    /// <summary>One page of dead letters, filtered by queue and one label (<c>key=value</c>).</summary>
    public Task<ApiResult<JobPage>> ListDeadLettersAsync(string? queue, string? label, int page, int pageSize, CancellationToken cancellationToken = default) =>
        GetAsync<JobPage>($"api/v1/dead-letters?page={page}&pageSize={pageSize}{Filter(queue, label)}", cancellationToken);

    /// <summary>Requeues one job (<c>POST /api/v1/jobs/{id}/requeue</c>).</summary>
    public Task<ApiResult<JobRecord>> RequeueJobAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync<JobRecord>($"api/v1/jobs/{Uri.EscapeDataString(id)}/requeue", cancellationToken: cancellationToken);

    /// <summary>Requeues every dead letter matching the filter; the answer says how many.</summary>
    public Task<ApiResult<JsonElement>> RequeueDeadLettersAsync(string? queue, string? label, CancellationToken cancellationToken = default) =>
        PostAsync<JsonElement>("api/v1/dead-letters/requeue?" + Filter(queue, label).TrimStart('&'), cancellationToken: cancellationToken);

    /// <summary>Deletes one dead letter and its history.</summary>
    public Task<ApiResult<bool>> DeleteDeadLetterAsync(string id, CancellationToken cancellationToken = default) =>
        DeleteAsync($"api/v1/dead-letters/{Uri.EscapeDataString(id)}", cancellationToken);

    private static string Filter(string? queue, string? label) =>
        (string.IsNullOrWhiteSpace(queue) ? "" : "&queue=" + Uri.EscapeDataString(queue.Trim()))
        + (string.IsNullOrWhiteSpace(label) ? "" : "&label=" + Uri.EscapeDataString(label.Trim()));

    private static string SchedulePath(string id) => $"api/v1/schedules/{Uri.EscapeDataString(id)}";

    private static string WorkflowPath(string id) => $"api/v1/workflows/{Uri.EscapeDataString(id)}";

    private static string QueuePath(string name) => $"api/v1/queues/{Uri.EscapeDataString(name)}";
}
