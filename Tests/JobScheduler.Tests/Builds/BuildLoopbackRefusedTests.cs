using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Builds;

/// <summary>With the outbound guard's defaults for addresses (loopback not allowed), a loopback Dockerfile URL is refused at submission.</summary>
[Trait("Category", "Builds")]
public sealed class BuildLoopbackRefusedTests : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _root = new();
    private WebApplicationFactory<Program> _api = null!;

    public Task InitializeAsync()
    {
        _api = _root.WithWebHostBuilder(builder => builder.UseFreeSiloPorts().UseTestAuth()
            .UseSetting("Scheduler:Outbound:AllowHttp", "true"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _root.DisposeAsync();
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/Dockerfile", "build.dockerfileUrl")]
    [InlineData("http://localhost/Dockerfile", "build.dockerfileUrl")]
    [InlineData("http://[::1]/Dockerfile", "build.dockerfileUrl")]
    public async Task Submit_LoopbackDockerfileUrlWhenLoopbackIsNotAllowed_Is400AndNothingIsStored(string url, string field)
    {
        using var http = _api.CreateClient().Authorize();
        var spec = new JobSpec { Build = new BuildSpec { DockerfileUrl = url }, Command = ["true"], Labels = new Dictionary<string, string> { ["test"] = "loopback-refused" } };

        using var response = await http.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json);

        var messages = await ProblemAssert.NamesFieldAsync(response, field);
        Assert.Contains(messages, m => m.Contains("loopback", StringComparison.Ordinal));
        var listed = await http.GetFromJsonAsync<JobPage>("/api/v1/jobs?label=test=loopback-refused", SchedulerCluster.Json);
        Assert.Empty(listed!.Items);
    }
}
