using JobScheduler.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobScheduler.Tests.Browser;

/// <summary>The Orleans dashboard in chromium, served by the API process of a cluster with two silo processes.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
[Trait("Category", "Cluster")]
public sealed class DashboardClusterBrowserTests(BrowserFixture browser, ClusterApiFixture deployment, ITestOutputHelper output)
    : IClassFixture<ClusterApiFixture>
{
    [Fact]
    public async Task Dashboard_Cluster_ShowsEverySiloProcess()
    {
        var cluster = deployment.Cluster;
        await using var session = await browser.OpenAsync(deployment.BaseAddress, TestAuth.AdminKey);
        var page = session.Page;

        await DashboardPage.OpenSilosAsync(page);

        var silos = await DashboardPage.WaitForSilosAsync(page, ClusterApiFixture.SiloCount);
        foreach (var port in cluster.SiloPorts)
            Assert.Contains(silos, silo => silo.StartsWith($"127.0.0.1:{port}@", StringComparison.Ordinal));
        await Screenshots.SaveAsync(page, "dashboard-cluster");
        var known = await Accessibility.AssertNoSeriousViolationsAsync(page, thirdParty: DashboardPage.ThirdPartyAxeViolations);
        if (known.Count > 0)
            output.WriteLine(Accessibility.Describe(page.Url, known));
    }
}
