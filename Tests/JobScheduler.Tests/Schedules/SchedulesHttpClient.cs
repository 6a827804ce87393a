using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Schedules;

/// <summary>The schedules REST API as a test reads it.</summary>
public sealed class SchedulesHttpClient(HttpClient http)
{
    /// <summary>Creates and expects 201 Created.</summary>
    public async Task<ScheduleRecord> CreateAsync(ScheduleSpec spec)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/schedules", spec, SchedulerCluster.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await SchedulerCluster.ReadAsync<ScheduleRecord>(response);
    }

    /// <summary>The schedule with its next occurrences.</summary>
    public async Task<ScheduleRecord> GetAsync(string id, int next = 5) =>
        (await http.GetFromJsonAsync<ScheduleRecord>($"/api/v1/schedules/{id}?next={next}", SchedulerCluster.Json))!;

    /// <summary>The schedule's runs, newest first.</summary>
    public async Task<ScheduleRun[]> RunsAsync(string id) =>
        (await http.GetFromJsonAsync<ScheduleRun[]>($"/api/v1/schedules/{id}/runs", SchedulerCluster.Json))!;

    /// <summary>A job.</summary>
    public async Task<JobRecord> JobAsync(string id) =>
        (await http.GetFromJsonAsync<JobRecord>($"/api/v1/jobs/{id}", SchedulerCluster.Json))!;

    /// <summary>Deletes the schedule (so it stops firing); a schedule already gone is fine.</summary>
    public async Task DeleteAsync(string id)
    {
        using var response = await http.DeleteAsync($"/api/v1/schedules/{id}");
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"delete answered {(int)response.StatusCode}");
    }
}
