using System.Net;
using System.Net.Http.Json;
using System.Text;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Schedules;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Secrets;

/// <summary>Bad <c>secretEnv</c> is a 400 naming <c>secretEnv.NAME</c>, never echoing a value; templates refuse secrets.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class SecretEnvValidationTests(EmbeddedApiFixture api)
{
    private const string Value = "validation-secret-value-4711";
    private readonly HttpClient _http = api.CreateClient();

    [Theory]
    [InlineData("1TOKEN", "secretEnv.1TOKEN")]
    [InlineData("MY-TOKEN", "secretEnv.MY-TOKEN")]
    [InlineData("", "secretEnv.")]
    public async Task Submit_BadSecretName_NamesTheVariableWithoutItsValue(string name, string field)
    {
        using var response = await PostJobAsync(new Dictionary<string, string>(), new Dictionary<string, string> { [name] = Value });

        var messages = await ProblemAssert.NamesFieldAsync(response, field);
        Assert.DoesNotContain(Value, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(messages, m => Assert.Contains("[A-Za-z_]", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_NameInEnvAndSecretEnv_NamesTheSecretVariable()
    {
        using var response = await PostJobAsync(
            new Dictionary<string, string> { ["TOKEN"] = "plain" }, new Dictionary<string, string> { ["TOKEN"] = Value });

        var messages = await ProblemAssert.NamesFieldAsync(response, "secretEnv.TOKEN");
        Assert.Contains(messages, m => m.Contains("also in env", StringComparison.Ordinal));
        Assert.DoesNotContain(Value, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_SecretValueWithNul_NamesTheVariableWithoutItsValue()
    {
        using var response = await _http.PostAsync("/api/v1/jobs", new StringContent(
            """{"image":"busybox:latest","command":["true"],"secretEnv":{"TOKEN":"validation-secret\u0000value"}}""", Encoding.UTF8, "application/json"));

        await ProblemAssert.NamesFieldAsync(response, "secretEnv.TOKEN");
        Assert.DoesNotContain("validation-secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"image":"busybox:latest","command":["true"],"secretEnv":{"TOKEN":987654321987}}""")]
    [InlineData("""{"image":"busybox:latest","command":["true"],"secretEnv":{"TOKEN":["987654321987"]}}""")]
    [InlineData("""{"image":"busybox:latest","command":["true"],"secretEnv":{"TOKEN":"987654321987}}""")]
    public async Task Submit_MalformedSecretValue_AnswerDoesNotEchoIt(string body)
    {
        using var response = await _http.PostAsync("/api/v1/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("987654321987", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooManySecretVariables_NamesSecretEnv()
    {
        var secrets = Enumerable.Range(0, JobSpecLimits.MaxEnvVars + 1).ToDictionary(i => $"S{i}", _ => "x");

        var errors = JobSpecValidator.Validate(new JobSpec { Image = "busybox", Command = ["true"], SecretEnv = secrets }, DateTimeOffset.UtcNow);

        Assert.Contains("secretEnv", errors.Keys);
    }

    [Fact]
    public async Task CreateSchedule_TemplateWithSecretEnv_Returns400NamingJobSecretEnvAndStoresNothing()
    {
        var before = await _http.GetStringAsync("/api/v1/schedules");
        using var response = await _http.PostAsJsonAsync("/api/v1/schedules", new ScheduleSpec
        {
            Cron = "0 3 1 1 *",
            Job = new JobSpec { Image = "busybox:latest", Command = ["true"], SecretEnv = new Dictionary<string, string> { ["TOKEN"] = Value } },
        }, SchedulerCluster.Json);

        var messages = await ProblemAssert.NamesFieldAsync(response, "job.secretEnv");
        Assert.Contains(messages, m => m.Contains("only on jobs submitted directly", StringComparison.Ordinal));
        Assert.DoesNotContain(Value, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await _http.GetStringAsync("/api/v1/schedules"));
    }

    [Fact]
    public async Task StartWorkflow_StepWithSecretEnv_Returns400NamingTheStepsSecretEnv()
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/workflows", new WorkflowSpec
        {
            Steps =
            [
                new WorkflowStepSpec { Name = "a", Job = new JobSpec { Image = "busybox:latest", Command = ["true"] } },
                new WorkflowStepSpec { Name = "b", Job = new JobSpec { Image = "busybox:latest", Command = ["true"], SecretEnv = new Dictionary<string, string> { ["TOKEN"] = Value } } },
            ],
        }, SchedulerCluster.Json);

        await ProblemAssert.NamesFieldAsync(response, "steps[1].job.secretEnv");
        Assert.DoesNotContain(Value, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSchedule_WorkflowTemplateStepWithSecretEnv_NamesTheStep()
    {
        var errors = ScheduleSpecValidator.Validate(new ScheduleSpec
        {
            Cron = "0 3 1 1 *",
            Workflow = new WorkflowSpec
            {
                Steps = [new WorkflowStepSpec { Name = "a", Job = new JobSpec { Image = "busybox", Command = ["true"], SecretEnv = new Dictionary<string, string> { ["T"] = "v" } } }],
            },
        }, DateTimeOffset.UtcNow);

        Assert.Contains("workflow.steps[0].job.secretEnv", errors.Keys);
    }

    private Task<HttpResponseMessage> PostJobAsync(Dictionary<string, string> env, Dictionary<string, string> secretEnv) =>
        _http.PostAsJsonAsync("/api/v1/jobs", new JobSpec { Image = "busybox:latest", Command = ["true"], Env = env, SecretEnv = secretEnv }, SchedulerCluster.Json);
}
