using System.Net;
using System.Net.Http.Json;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JobScheduler.Tests.Browser;

/// <summary>
/// The webhooks pages in chromium against an embedded API process of their own (loopback http allowed for the local
/// receiver, a 2-second retry window, simulated containers): create a subscription and see its secret once, watch a
/// delivery dead-letter and resend it, see a job's notify targets, delete the subscription; axe and screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WebhooksBrowserTests(BrowserFixture browser)
{
    private static readonly float Wait = (float)TimeSpan.FromSeconds(45).TotalMilliseconds;

    [Fact]
    public async Task WebhooksPage_CreateDeadLetterResendDelete_WorksFromTheBrowser()
    {
        await using var api = await EmbeddedApiProcess.StartAsync("api-webhooks-browser", new Dictionary<string, string>
        {
            ["Scheduler__Containers__Runtime"] = "Simulated",
            ["Scheduler__Outbound__AllowHttp"] = "true",
            ["Scheduler__Outbound__AllowLoopback"] = "true",
            ["Scheduler__Webhooks__InitialRetryDelay"] = "00:00:00.200",
            ["Scheduler__Webhooks__MaxRetryDelay"] = "00:00:00.500",
            ["Scheduler__Webhooks__RetryWindow"] = "00:00:02",
        });
        await using var receiver = await WebhookReceiver.StartAsync(failuresPerId: int.MaxValue);
        using var http = new HttpClient { BaseAddress = api.BaseAddress }.Authorize();
        await using var session = await browser.OpenAsync(api.BaseAddress);
        var page = session.Page;
        await UiSignIn.SignInAsync(page, TestAuth.AdminKey);

        // The nav link, then the form: the secret is shown once.
        await page.GotoAsync("/dead-letters");
        await Assertions.Expect(page.Locator("[data-interactive]")).ToBeAttachedAsync();
        await page.Locator("fluent-nav-item, a").Filter(new() { HasText = "Webhooks" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-interactive]")).ToBeAttachedAsync();
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync(receiver.Url);
        await page.GetByLabel("Queue", new() { Exact = true }).FillAsync("browser-hooks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create subscription" }).ClickAsync();
        var secret = page.Locator("[data-secret]");
        await Assertions.Expect(secret).ToContainTextAsync("whsec_");
        receiver.Secret = (await secret.InnerTextAsync()).Trim();
        var subscription = Assert.Single((await http.GetFromJsonAsync<WebhookSubscription[]>("/api/v1/webhooks", SchedulerCluster.Json))!);
        Assert.Equal((receiver.Url, "browser-hooks"), (subscription.Url, subscription.Queue));
        await Assertions.Expect(page.Locator($"tr[data-webhook='{subscription.Id}']")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "ui-webhooks");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // A job whose Succeeded event the receiver refuses for the whole window: dead-lettered, then resent.
        var job = await SubmitAsync(http, new JobSpec
        {
            Image = "busybox:latest", Command = ["true"], Queue = "browser-hooks",
            Notify = [new JobNotifyTarget { Url = "https://hooks.example.com/jobs", Events = ["Succeeded", "Failed"] }],
        });
        await page.GetByRole(AriaRole.Link, new() { Name = $"Deliveries of {subscription.Id}" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-interactive]")).ToBeAttachedAsync();
        var row = page.Locator("tr[data-delivery]").Filter(new() { HasText = "job.succeeded" });
        await Assertions.Expect(row).ToContainTextAsync("DeadLettered", new() { Timeout = Wait });
        await Assertions.Expect(row).ToContainTextAsync("500");
        Assert.True(receiver.Requests.All(r => r.Verified), "every post verified with the secret the page showed");
        receiver.FailuresPerId = 0;
        await row.GetByRole(AriaRole.Button, new() { Name = "Resend" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Succeeded", new() { Timeout = Wait });
        await Assertions.Expect(row).ToContainTextAsync("204");
        await Screenshots.SaveAsync(page, "ui-webhook-deliveries");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // The job's page lists its notify target, linked to its own subscription's deliveries.
        await page.GotoAsync($"/jobs/{job.Id}");
        var notify = page.Locator("tr[data-notify='0']");
        await Assertions.Expect(notify).ToContainTextAsync("https://hooks.example.com/jobs");
        await Assertions.Expect(notify.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/webhooks/{JobNotifyTarget.SubscriptionId(job.Id, 0)}");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // Delete, confirmed.
        await page.GotoAsync("/webhooks");
        await Assertions.Expect(page.Locator("[data-interactive]")).ToBeAttachedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {subscription.Id}" }).ClickAsync();
        await page.Locator("[role=alertdialog] fluent-button").Filter(new() { HasText = "Yes, delete it" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-webhook='{subscription.Id}']")).ToHaveCountAsync(0);
        using var gone = await http.GetAsync($"/api/v1/webhooks/{subscription.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static async Task<JobRecord> SubmitAsync(HttpClient http, JobSpec spec)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/jobs", spec, SchedulerCluster.Json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await SchedulerCluster.ReadAsync<JobRecord>(response);
    }
}
