using System.Text.Json;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Builds;

/// <summary>
/// Workflow steps and schedule templates carry a <see cref="JobSpec"/>, so they may build too, with the same checks; the
/// OpenAPI document shows the build spec.
/// </summary>
[Collection(BuildCollection.Name)]
[Trait("Category", "Builds")]
public sealed class BuildTemplateTests(BuildApiFixture api)
{
    private JobSchedulerClient Client => api.Factory.Services.GetRequiredService<JobSchedulerClient>();

    [Fact]
    public async Task Workflow_StepWithBuild_BuildsAndPassesItsOutputOn()
    {
        var nonce = Guid.NewGuid().ToString("N");
        var url = api.Server.Serve($"/workflow/{nonce}/Dockerfile", $"FROM busybox:latest\nRUN echo 'step {nonce}' > /opt.txt\n");
        var spec = new WorkflowSpec
        {
            Steps =
            [
                new WorkflowStepSpec { Name = "built", Job = new JobSpec { Build = new BuildSpec { DockerfileUrl = url.ToString() }, Command = ["cat", "/opt.txt"] } },
                new WorkflowStepSpec { Name = "after", DependsOn = ["built"], Job = new JobSpec { Image = "busybox:latest", Command = ["true"] } },
            ],
        };

        var started = await Client.StartWorkflowAsync(spec);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var done = await Client.WaitForWorkflowAsync(started.Id, TimeSpan.FromMilliseconds(200), timeout.Token);

        Assert.Equal(WorkflowState.Succeeded, done.State);
        Assert.Equal($"step {nonce}", done.Steps[0].Output);
    }

    [Fact]
    public async Task Schedule_TemplateWithRefusedBuildUrl_Is400NamingTheTemplateField()
    {
        var spec = new ScheduleSpec
        {
            Cron = "0 0 * * * *",
            Job = new JobSpec { Build = new BuildSpec { DockerfileUrl = "http://169.254.169.254/Dockerfile" }, Command = ["true"] },
        };

        var refused = await Assert.ThrowsAsync<JobValidationException>(() => Client.CreateScheduleAsync(spec));

        Assert.True(refused.Errors.ContainsKey("job.build.dockerfileUrl"), string.Join(", ", refused.Errors.Keys));
    }

    [Fact]
    public async Task Schedule_TemplateWithBuild_IsAcceptedAndKeepsTheBuild()
    {
        var url = api.Server.Url("/any/Dockerfile").ToString();
        var spec = new ScheduleSpec
        {
            Cron = "0 0 * * * *",
            Job = new JobSpec { Build = new BuildSpec { DockerfileUrl = url, BuildArgs = new Dictionary<string, string> { ["V"] = "1" } }, Command = ["true"] },
        };

        var created = await Client.CreateScheduleAsync(spec);

        Assert.Equal(url, created.Spec.Job!.Build!.DockerfileUrl);
        Assert.Equal("1", created.Spec.Job.Build.BuildArgs["V"]);
        await Client.DeleteScheduleAsync(created.Id);
    }

    [Fact]
    public async Task OpenApi_JobSpec_DocumentsBuildAndItsFields()
    {
        using var http = api.CreateClient();

        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));

        // Schema names are the generator's; what matters is that the build spec and its fields are documented.
        var text = document.RootElement.GetRawText();
        foreach (var field in new[] { "\"build\"", "\"dockerfileUrl\"", "\"contextUrl\"", "\"buildArgs\"", "\"target\"" })
            Assert.Contains(field, text, StringComparison.Ordinal);
    }
}
