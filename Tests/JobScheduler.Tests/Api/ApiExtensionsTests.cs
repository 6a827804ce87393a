using JobScheduler.Client.Api.Hosting;
using JobScheduler.Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Api;

public sealed class ApiExtensionsTests
{
    [Fact]
    public async Task AddAndMapSchedulerApi_CalledTwice_MapEachRouteOnce()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddSingleton(new JobSchedulerClient(FailingGrainFactory.Create(new InvalidOperationException("not called"))));
        builder.AddSchedulerApi();
        builder.AddSchedulerApi();
        await using var app = builder.Build();

        app.MapSchedulerApi();
        app.MapSchedulerApi();

        var routes = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => $"{endpoint.RoutePattern.RawText} {string.Join(",", endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])}")
            .ToList();
        Assert.Contains(routes, r => r.StartsWith("/api/v1/jobs/{id}/cancel", StringComparison.Ordinal));
        Assert.Equal(routes.Count, routes.Distinct().Count());
        Assert.Single(app.Services.GetServices<Microsoft.AspNetCore.Diagnostics.IExceptionHandler>());
    }
}
