using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Workflows;

/// <summary>The workflows REST API as a test reads it: typed records in, typed records out.</summary>
public sealed class WorkflowsHttpClient(HttpClient http)
{
    /// <summary>The resource's route.</summary>
    public const string Route = "/api/v1/workflows";

    /// <summary>Starts and expects 202 Accepted with a Location.</summary>
    public async Task<WorkflowRecord> StartAsync(WorkflowSpec spec)
    {
        using var response = await http.PostAsJsonAsync(Route, spec, SchedulerCluster.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"start answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var workflow = await SchedulerCluster.ReadAsync<WorkflowRecord>(response);
        Assert.Equal($"{Route}/{workflow.Id}", response.Headers.Location?.OriginalString);
        return workflow;
    }

    /// <summary>The workflow; fails the test when it is unknown.</summary>
    public async Task<WorkflowRecord> GetAsync(string id) =>
        (await http.GetFromJsonAsync<WorkflowRecord>($"{Route}/{id}", SchedulerCluster.Json))!;

    /// <summary>Cancels and returns the record afterwards.</summary>
    public async Task<WorkflowRecord> CancelAsync(string id)
    {
        using var response = await http.PostAsync($"{Route}/{id}/cancel", null);
        response.EnsureSuccessStatusCode();
        return await SchedulerCluster.ReadAsync<WorkflowRecord>(response);
    }

    /// <summary>Polls until the workflow satisfies <paramref name="condition"/>, then returns it.</summary>
    public async Task<WorkflowRecord> WaitUntilAsync(string id, Func<WorkflowRecord, bool> condition, TimeSpan timeout, string because)
    {
        WorkflowRecord? workflow = null;
        await Eventually.Async(async () => condition(workflow = await GetAsync(id)), timeout,
            $"workflow {id} {because} (last seen: {workflow?.State}, steps {string.Join(", ", workflow?.Steps.Select(s => $"{s.Name}={s.State}") ?? [])})");
        return workflow!;
    }

    /// <summary>Polls until the workflow is terminal and none of its steps runs any more.</summary>
    public Task<WorkflowRecord> WaitForEndAsync(string id, TimeSpan timeout) =>
        WaitUntilAsync(id, w => w.State.IsTerminal() && w.Steps.All(s => s.State != WorkflowStepState.Running), timeout, "to end");
}
