using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Api;
using JobScheduler.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JobScheduler.Tests.Security;

/// <summary>The ways in besides API keys (JWTs, open mode on loopback) and the per-principal rate limit, each on a host of its own.</summary>
public sealed class AuthModesTests : IAsyncDisposable
{
    private const string SigningKey = "test-jwt-signing-key-of-at-least-32-bytes!";
    private const string Audience = "jobscheduler-tests";
    private readonly EmbeddedHosts _hosts = new();

    private WebApplicationFactory<Program> Host(params (string Key, string Value)[] settings) => _hosts.Create(settings);

    [Fact]
    public async Task Jwt_WithScopesAndQueuesClaims_ActsWithinThem()
    {
        var host = Host(("Scheduler:Auth:Jwt:SigningKey", SigningKey), ("Scheduler:Auth:Jwt:Audience", Audience), ("Scheduler:Auth:Jwt:Issuer", "tests"));
        using var reader = host.CreateClient().Authorize(Token("alice", "read", "team-a", SigningKey));

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/jobs?queue=team-b")).StatusCode);
        using var submit = await reader.PostAsync("/api/v1/jobs", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);

        using var forged = host.CreateClient().Authorize(Token("mallory", "admin", null, "another-signing-key-of-at-least-32-bytes!!"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/v1/jobs")).StatusCode);
        using var wrongAudience = host.CreateClient().Authorize(Token("bob", "admin", null, SigningKey, audience: "someone-else"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongAudience.GetAsync("/api/v1/jobs")).StatusCode);
    }

    [Fact]
    public async Task Jwt_Submitter_IsRecordedByItsSubject()
    {
        var host = Host(("Scheduler:Auth:Jwt:SigningKey", SigningKey), ("Scheduler:Auth:Jwt:Audience", Audience), ("Scheduler:Auth:Jwt:Issuer", "tests"));
        using var client = host.CreateClient().Authorize(Token("carol", "submit read", null, SigningKey));

        var job = await new JobsHttpClient(client).SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], RunAt = DateTimeOffset.UtcNow.AddHours(1) });

        Assert.Equal("jwt:carol", job.SubmittedBy);
    }

    [Fact]
    public async Task OpenMode_OnLoopback_LetsAnonymousCallersAct()
    {
        var host = Host(("Scheduler:Auth:Mode", "Open"), ("Urls", "http://127.0.0.1:5080"));
        using var anonymous = host.CreateClient();

        var job = await new JobsHttpClient(anonymous).SubmitAsync(new JobSpec { Image = "busybox:latest", Command = ["true"], RunAt = DateTimeOffset.UtcNow.AddHours(1) });

        Assert.Equal("anonymous", job.SubmittedBy);
    }

    [Fact]
    public void OpenMode_OnAnExposedBind_RefusesToStart()
    {
        var host = Host(("Scheduler:Auth:Mode", "Open"), ("Urls", "http://0.0.0.0:5080"));

        var error = Assert.ThrowsAny<Exception>(() => host.Server);

        Assert.Contains("Mode=Open is only allowed", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_Exhausted_Answers429WithRetryAfterNamingTheLimit()
    {
        var host = Host(("Scheduler:Auth:RateLimit:PermitsPerSecond", "1"), ("Scheduler:Auth:RateLimit:Burst", "3"));
        using var client = host.CreateAdminClient();

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await client.GetAsync("/api/v1/queues");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                limited = response;
            else
                response.Dispose();
        }

        Assert.NotNull(limited);
        Assert.True(limited.Content.Headers.ContentType?.MediaType == "application/problem+json", await limited.Content.ReadAsStringAsync());
        var problem = await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.True(problem.TryGetProperty("limit", out _), problem.GetRawText());
        Assert.Equal("rate", problem.GetProperty("limit").GetString());
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        limited.Dispose();
        // Liveness is never limited.
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Quotas_PrincipalAtItsPendingQuota_Is429UntilAJobLeaves_OthersUnaffected()
    {
        var host = Host(("Scheduler:Quotas:MaxPendingJobsPerPrincipal", "2"));
        using var admin = host.CreateAdminClient();
        var key = await ApiKeysHttp.CreateAsync(admin, "quota", [ApiScopes.Submit, ApiScopes.Read, ApiScopes.Operate]);
        using var client = host.CreateClient().Authorize(key.Key);
        var jobs = new JobsHttpClient(client);
        var later = new JobSpec { Image = "busybox:latest", Command = ["true"], RunAt = DateTimeOffset.UtcNow.AddHours(1) };
        var first = await jobs.SubmitAsync(later);
        await jobs.SubmitAsync(later);

        using var refused = await client.PostAsJsonAsync("/api/v1/jobs", later, SchedulerCluster.Json);

        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("principal.maxPendingJobs", problem.GetProperty("limit").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        var mine = await client.GetFromJsonAsync<JobPage>("/api/v1/jobs", SchedulerCluster.Json);
        Assert.Equal(2, mine!.Items.Count(j => j.State == JobState.Scheduled));
        // Another principal has a quota of its own.
        await new JobsHttpClient(admin).SubmitAsync(later);
        // A job that leaves frees a place.
        await jobs.CancelAsync(first.Id);
        Assert.Equal(JobState.Scheduled, (await jobs.SubmitAsync(later)).State);
    }

    private static string Token(string subject, string scopes, string? queues, string signingKey, string audience = Audience)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["scope"] = scopes };
        if (queues is not null)
            claims["queues"] = queues;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "tests",
            Audience = audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    public ValueTask DisposeAsync() => _hosts.DisposeAsync();
}
