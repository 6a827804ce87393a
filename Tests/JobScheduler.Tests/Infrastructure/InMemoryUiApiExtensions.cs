using JobScheduler.Client.Api.Ui.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Infrastructure;

/// <summary>
/// An in-memory host (WebApplicationFactory) has no socket for the UI's loopback calls to the API: this sends them
/// through the test server instead, the same requests with the same bearer key.
/// </summary>
public static class InMemoryUiApiExtensions
{
    /// <summary>Routes <see cref="UiApiClient"/> through the in-memory test server.</summary>
    public static IWebHostBuilder UseInMemoryUiApi(this IWebHostBuilder builder)
    {
        builder.UseSetting($"{UiOptions.SectionName}:ApiBaseAddress", "http://localhost/");
        return builder.ConfigureTestServices(services => services.AddHttpClient<UiApiClient>()
            .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler()));
    }
}
