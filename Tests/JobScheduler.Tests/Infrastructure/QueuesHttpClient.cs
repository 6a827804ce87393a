using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>The queues and workers REST API as a test reads it.</summary>
public sealed class QueuesHttpClient(HttpClient http)
{
    /// <summary>A queue name no other test uses.</summary>
    public static string UniqueName(string purpose) => $"{purpose}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Replaces the queue's settings and expects 200.</summary>
    public async Task<QueueStatus> UpdateAsync(string name, QueueSettings settings)
    {
        using var response = await http.PutAsJsonAsync($"/api/v1/queues/{name}", settings, SchedulerCluster.Json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT queue answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await SchedulerCluster.ReadAsync<QueueStatus>(response);
    }

    /// <summary>The queue's status.</summary>
    public async Task<QueueStatus> GetAsync(string name) =>
        (await http.GetFromJsonAsync<QueueStatus>($"/api/v1/queues/{name}", SchedulerCluster.Json))!;

    /// <summary>Every queue.</summary>
    public async Task<QueueStatus[]> ListAsync() =>
        (await http.GetFromJsonAsync<QueueStatus[]>("/api/v1/queues", SchedulerCluster.Json))!;

    /// <summary>Pauses or resumes the queue and expects 200.</summary>
    public Task<QueueStatus> PauseAsync(string name) => PostAsync<QueueStatus>($"/api/v1/queues/{name}/pause");

    /// <summary>Resumes the queue and expects 200.</summary>
    public Task<QueueStatus> ResumeAsync(string name) => PostAsync<QueueStatus>($"/api/v1/queues/{name}/resume");

    /// <summary>Every worker.</summary>
    public async Task<WorkerStatus[]> ListWorkersAsync() =>
        (await http.GetFromJsonAsync<WorkerStatus[]>("/api/v1/workers", SchedulerCluster.Json))!;

    /// <summary>Drains the worker and expects 200.</summary>
    public Task<WorkerStatus> DrainAsync(string worker) => PostAsync<WorkerStatus>($"/api/v1/workers/{worker}/drain");

    /// <summary>Lets the worker take work again and expects 200.</summary>
    public Task<WorkerStatus> ResumeWorkerAsync(string worker) => PostAsync<WorkerStatus>($"/api/v1/workers/{worker}/resume");

    private async Task<T> PostAsync<T>(string path)
    {
        using var response = await http.PostAsync(path, null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await SchedulerCluster.ReadAsync<T>(response);
    }
}
