using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>Gives an in-process API host (WebApplicationFactory) the test credentials.</summary>
public static class TestAuthHostExtensions
{
    /// <summary>Configures the host with <see cref="TestAuth.Settings"/>.</summary>
    public static IWebHostBuilder UseTestAuth(this IWebHostBuilder builder)
    {
        foreach (var (key, value) in TestAuth.Settings)
            builder.UseSetting(key, value);
        return builder;
    }

    /// <summary>A client of the in-memory server that sends the admin key.</summary>
    public static HttpClient CreateAdminClient(this WebApplicationFactory<Program> factory) => factory.CreateClient().Authorize();
}
