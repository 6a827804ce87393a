using System.Net;
using System.Net.Http.Json;
using System.Text;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Schedules;

/// <summary>The schedules resource in embedded mode: create, read, replace, pause, resume, list, delete, and bad input.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class SchedulesApiTests(EmbeddedApiFixture api)
{
    private readonly HttpClient _http = api.CreateClient();
    private SchedulesHttpClient Schedules => new(_http);

    // Far from now so nothing fires while these tests run: 03:00 on the first of January.
    private static ScheduleSpec Yearly => new()
    {
        Cron = "0 3 1 1 *",
        TimeZone = "Europe/Berlin",
        Job = new JobSpec { Image = "busybox:latest", Command = ["echo", "happy new year"] },
        Description = "yearly greeting",
    };

    [Fact]
    public async Task Create_ValidSpec_Returns201WithLocationDefaultsAndNextOccurrence()
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/schedules", Yearly with { Overlap = OverlapPolicy.Queue }, SchedulerCluster.Json);
        var schedule = await SchedulerCluster.ReadAsync<ScheduleRecord>(response);
        try
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal($"/api/v1/schedules/{schedule.Id}", response.Headers.Location?.OriginalString);
            Assert.Equal(OverlapPolicy.Queue, schedule.Spec.Overlap);
            Assert.Equal(MisfirePolicy.RunOnce, schedule.Spec.Misfire);
            Assert.False(schedule.Paused);
            var next = schedule.NextOccurrence!.Value;
            Assert.Equal((1, 1, 3, 0), (next.Month, next.Day, next.Hour, next.Minute));
            Assert.Equal(TimeSpan.FromHours(1), next.Offset); // CET in winter
        }
        finally
        {
            await Schedules.DeleteAsync(schedule.Id);
        }
    }

    [Fact]
    public async Task Create_OnlyRequiredFields_TakesUtcSkipAndRunOnce()
    {
        using var response = await _http.PostAsync("/api/v1/schedules", new StringContent(
            """{"cron":"0 0 1 1 *","job":{"image":"busybox:latest","command":["true"]}}""", Encoding.UTF8, "application/json"));
        var schedule = await SchedulerCluster.ReadAsync<ScheduleRecord>(response);
        await Schedules.DeleteAsync(schedule.Id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(("UTC", OverlapPolicy.Skip, MisfirePolicy.RunOnce), (schedule.Spec.TimeZone, schedule.Spec.Overlap, schedule.Spec.Misfire));
    }

    [Fact]
    public async Task Get_WithNext_ReturnsThatManyOccurrencesAYearApart()
    {
        var created = await Schedules.CreateAsync(Yearly);
        try
        {
            var schedule = await Schedules.GetAsync(created.Id, next: 3);

            Assert.Equal(3, schedule.NextOccurrences.Count);
            Assert.Equal(schedule.NextOccurrence, schedule.NextOccurrences[0]);
            Assert.Equal(schedule.NextOccurrences[0].AddYears(1), schedule.NextOccurrences[1]);
            Assert.Empty(schedule.Runs);
            var problem = await _http.GetAsync($"/api/v1/schedules/{created.Id}?next=101");
            await ProblemAssert.NamesFieldAsync(problem, "next");
        }
        finally
        {
            await Schedules.DeleteAsync(created.Id);
        }
    }

    [Fact]
    public async Task PauseResumeUpdateDelete_RoundTrip()
    {
        var created = await Schedules.CreateAsync(Yearly);

        var paused = await (await _http.PostAsync($"/api/v1/schedules/{created.Id}/pause", null)).Content.ReadFromJsonAsync<ScheduleRecord>(SchedulerCluster.Json);
        var pausedAgain = await _http.PostAsync($"/api/v1/schedules/{created.Id}/pause", null);
        Assert.True(paused!.Paused);
        Assert.Null(paused.NextOccurrence);
        Assert.Equal(HttpStatusCode.OK, pausedAgain.StatusCode);
        Assert.Empty((await Schedules.GetAsync(created.Id)).NextOccurrences);

        var resumed = await (await _http.PostAsync($"/api/v1/schedules/{created.Id}/resume", null)).Content.ReadFromJsonAsync<ScheduleRecord>(SchedulerCluster.Json);
        Assert.False(resumed!.Paused);
        Assert.Equal(created.NextOccurrence, resumed.NextOccurrence);

        using var put = await _http.PutAsJsonAsync($"/api/v1/schedules/{created.Id}", Yearly with { Cron = "0 12 * * *", TimeZone = "UTC" }, SchedulerCluster.Json);
        var updated = await SchedulerCluster.ReadAsync<ScheduleRecord>(put);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal((created.Id, created.CreatedAt), (updated.Id, updated.CreatedAt));
        Assert.Equal("0 12 * * *", updated.Spec.Cron);
        Assert.Equal(12, updated.NextOccurrence!.Value.UtcDateTime.Hour);
        Assert.True(updated.NextOccurrence - DateTimeOffset.UtcNow <= TimeSpan.FromDays(1));

        var listed = await _http.GetFromJsonAsync<SchedulePage>("/api/v1/schedules?pageSize=500", SchedulerCluster.Json);
        Assert.Contains(listed!.Items, s => s.Id == created.Id && s.Cron == "0 12 * * *" && s.Description == "yearly greeting");

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/schedules/{created.Id}")).StatusCode);
        await ProblemAssert.IsProblemAsync(await _http.GetAsync($"/api/v1/schedules/{created.Id}"), HttpStatusCode.NotFound);
        listed = await _http.GetFromJsonAsync<SchedulePage>("/api/v1/schedules?pageSize=500", SchedulerCluster.Json);
        Assert.DoesNotContain(listed!.Items, s => s.Id == created.Id);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/runs")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/pause")]
    [InlineData("POST", "/resume")]
    [InlineData("POST", "/trigger")]
    public async Task UnknownId_Is404Problem(string method, string suffix)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/schedules/no-such-schedule{suffix}");

        var problem = await ProblemAssert.IsProblemAsync(await _http.SendAsync(request), HttpStatusCode.NotFound);

        Assert.Contains("no-such-schedule", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_UnknownId_Is404()
    {
        using var response = await _http.PutAsJsonAsync("/api/v1/schedules/no-such-schedule", Yearly, SchedulerCluster.Json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"cron":"* * * *","job":{"image":"busybox:latest","command":["true"]}}""", "cron")]
    [InlineData("""{"cron":"61 * * * *","job":{"image":"busybox:latest","command":["true"]}}""", "cron")]
    [InlineData("""{"cron":"* * * * *","timeZone":"Mars/Base","job":{"image":"busybox:latest","command":["true"]}}""", "timeZone")]
    [InlineData("""{"cron":"* * * * *"}""", "job")]
    [InlineData("""{"cron":"* * * * *","job":{"image":"busybox:latest","command":[]}}""", "job.command")]
    [InlineData("""{"cron":"* * * * *","job":{"image":"busybox:latest","command":["true"],"runAt":"2030-01-01T00:00:00Z"}}""", "job.runAt")]
    [InlineData("""{"cron":"* * * * *","job":{"image":"busybox:latest","command":["true"],"privileged":true}}""", "job.privileged")]
    [InlineData("""{"cron":"* * * * *","overlap":"Sometimes","job":{"image":"busybox:latest","command":["true"]}}""", "overlap")]
    [InlineData("""{"cron":null,"job":{"image":"busybox:latest","command":["true"]}}""", "cron")]
    [InlineData("""{"cron":"* * * * *","workflow":{"steps":[{"name":"a","job":{"image":"busybox:latest","command":["true"]},"dependsOn":["zz"]}]}}""", "workflow.steps[0].dependsOn[0]")]
    [InlineData("""{"cron":"* * * * *","job":{"image":"busybox:latest","command":["true"]},"workflow":{"steps":[{"name":"a","job":{"image":"busybox:latest","command":["true"]}}]}}""", "workflow")]
    public async Task Create_BadInput_Is400NamingTheField(string body, string field)
    {
        using var response = await _http.PostAsync("/api/v1/schedules", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Create_EveryProblem_IsReportedAtOnce()
    {
        using var response = await _http.PostAsync("/api/v1/schedules", new StringContent(
            """{"cron":"0 0 31 2 * * *","timeZone":"Nowhere","job":{"image":"","command":["true"],"resources":{"memoryMb":1}}}""",
            Encoding.UTF8, "application/json"));

        await ProblemAssert.NamesFieldAsync(response, "cron");
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("timeZone", out _));
        Assert.True(errors.TryGetProperty("job.image", out _));
        Assert.True(errors.TryGetProperty("job.resources.memoryMb", out _));
    }

    [Fact]
    public async Task Put_BadInput_Is400AndLeavesTheScheduleUnchanged()
    {
        var created = await Schedules.CreateAsync(Yearly);
        try
        {
            using var response = await _http.PutAsJsonAsync($"/api/v1/schedules/{created.Id}", Yearly with { Cron = "nope" }, SchedulerCluster.Json);

            await ProblemAssert.NamesFieldAsync(response, "cron");
            Assert.Equal(Yearly.Cron, (await Schedules.GetAsync(created.Id)).Spec.Cron);
        }
        finally
        {
            await Schedules.DeleteAsync(created.Id);
        }
    }
}
