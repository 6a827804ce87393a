using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Security;

/// <summary>Creates and revokes API keys through <c>/api/v1/keys</c> with an admin client.</summary>
public static class ApiKeysHttp
{
    /// <summary>Creates a key with <paramref name="scopes"/>, limited to <paramref name="queues"/> when given; returns it.</summary>
    public static async Task<ApiKeyCreated> CreateAsync(HttpClient admin, string name, string[] scopes, string[]? queues = null)
    {
        using var response = await admin.PostAsJsonAsync("api/v1/keys", new ApiKeyRequest { Name = name, Scopes = scopes, Queues = queues }, SchedulerCluster.Json);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"creating key {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ApiKeyCreated>(SchedulerCluster.Json))!;
    }
}
