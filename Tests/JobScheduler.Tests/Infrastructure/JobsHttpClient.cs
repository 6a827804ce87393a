using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>The jobs REST API as a test reads it: typed records in, typed records out.</summary>
public sealed class JobsHttpClient(HttpClient http)
{
    /// <summary>Submits and expects 202 Accepted.</summary>
    public async Task<JobRecord> SubmitAsync(JobSpec spec)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await SchedulerCluster.ReadAsync<JobRecord>(response);
    }

    /// <summary>The job; fails the test when it is unknown.</summary>
    public async Task<JobRecord> GetAsync(string id) =>
        (await http.GetFromJsonAsync<JobRecord>($"/api/v1/jobs/{id}", SchedulerCluster.Json))!;

    /// <summary>The job's logs.</summary>
    public async Task<JobLogs> GetLogsAsync(string id) =>
        (await http.GetFromJsonAsync<JobLogs>($"/api/v1/jobs/{id}/logs", SchedulerCluster.Json))!;

    /// <summary>Cancels and returns the record afterwards.</summary>
    public async Task<JobRecord> CancelAsync(string id)
    {
        using var response = await http.PostAsync($"/api/v1/jobs/{id}/cancel", null);
        response.EnsureSuccessStatusCode();
        return await SchedulerCluster.ReadAsync<JobRecord>(response);
    }

    /// <summary>Polls until the job satisfies <paramref name="condition"/>, then returns it.</summary>
    public async Task<JobRecord> WaitUntilAsync(string id, Func<JobRecord, bool> condition, TimeSpan timeout, string because)
    {
        JobRecord? job = null;
        await Eventually.Async(async () =>
        {
            try
            {
                return condition(job = await GetAsync(id));
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                // 503 with Retry-After is the API's answer while a silo's grains move (failover): poll again.
                return false;
            }
        }, timeout, () => $"job {id} {because} (last seen: {job?.State.ToString() ?? "nothing"})");
        return job!;
    }

    /// <summary>Polls until the job is terminal.</summary>
    public Task<JobRecord> WaitForTerminalAsync(string id, TimeSpan timeout) =>
        WaitUntilAsync(id, j => j.State.IsTerminal(), timeout, "to reach a terminal state");
}
