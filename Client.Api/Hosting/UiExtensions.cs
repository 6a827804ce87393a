using System.Security.Cryptography.X509Certificates;
using JobScheduler.Client.Api.Ui;
using JobScheduler.Client.Api.Ui.Services;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Secrets;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.FluentUI.AspNetCore.Components;
using StackExchange.Redis;

namespace JobScheduler.Client.Api.Hosting;

/// <summary>
/// Wires the web UI: a Blazor Web App (interactive server) at <c>/</c>, signed in with an API key into a cookie
/// session that authenticates the UI's routes only, with data protection keys shared through Redis in cluster mode.
/// </summary>
public static class UiExtensions
{
    /// <summary>The application name that isolates the API processes' data protection keys (cookies, antiforgery).</summary>
    public const string DataProtectionApplicationName = "JobScheduler.Api";

    private const string MappedKey = "JobScheduler.Client.Api.SchedulerUiMapped";

    /// <summary>The Redis key holding the UI's data protection key ring for <paramref name="keyPrefix"/>.</summary>
    public static string KeyRingKey(string keyPrefix) => $"{keyPrefix}:ui:keyring";

    /// <summary>Registers the UI's services, its cookie scheme and policy, and data protection. Safe to call more than once.</summary>
    public static WebApplicationBuilder AddSchedulerUi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(UiKeyCheck)))
            return builder;
        builder.AddSchedulerApi();
        // Serves the Fluent UI package's and the framework's assets from the build output in every environment (a
        // process started as `dotnet JobScheduler.Client.Api.dll`, as in cluster mode and tests), not only Development;
        // a published app carries them in wwwroot instead, and this is then a no-op.
        builder.WebHost.UseStaticWebAssets();

        services.AddOptions<UiOptions>().BindConfiguration(UiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UiOptions>, UiOptionsValidator>();
        services.AddSingleton<UiKeyCheck>();
        services.AddSingleton<UiApiAddress>();
        services.AddHttpClient<UiApiClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<UiApiAddress>().BaseAddress;
            // Streams (events, log follow) stay open; plain calls are bounded by the API's own timeouts.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<UiEventFeed>();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddFluentUIComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, UiAuthenticationStateProvider>();

        services.AddAuthentication().AddCookie(UiAuthentication.Scheme);
        services.AddOptions<CookieAuthenticationOptions>(UiAuthentication.Scheme).Configure<IOptions<UiOptions>>(ConfigureCookie);
        services.AddAuthorizationBuilder().AddUiPolicies();

        AddKeyRing(builder);
        return builder;
    }

    /// <summary>Maps the UI: antiforgery, its static assets, its pages and Blazor hub, and sign-out. Call after <see cref="ApiExtensions.MapSchedulerApi"/>. Safe to call more than once.</summary>
    public static WebApplication MapSchedulerUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!((IApplicationBuilder)app).Properties.TryAdd(MappedKey, true))
            return app;
        app.MapSchedulerApi();

        app.UseAntiforgery();
        // Stylesheets and scripts are the package's and the framework's; the sign-in page needs them before a session exists.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(UiAuthentication.Policy);
        app.MapPost(UiAuthentication.SignOutPath, (Delegate)SignOut)
            .RequireAuthorization(UiAuthentication.Policy)
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<RedirectHttpResult> SignOut(HttpContext context)
    {
        await context.SignOutAsync(UiAuthentication.Scheme);
        return TypedResults.LocalRedirect(UiAuthentication.SignInPath);
    }

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, IOptions<UiOptions> ui)
    {
        cookie.Cookie.Name = UiAuthentication.CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = ui.Value.SessionLifetime;
        cookie.SlidingExpiration = true;
        cookie.LoginPath = UiAuthentication.SignInPath;
        cookie.AccessDeniedPath = UiAuthentication.AccessDeniedPath;
        cookie.ReturnUrlParameter = "returnUrl";
        // Each request re-checks the key (through the verifier's short cache): a revoked key ends the session.
        cookie.Events.OnValidatePrincipal = async context =>
        {
            var keys = context.HttpContext.RequestServices.GetRequiredService<UiKeyCheck>();
            if (context.Principal is null || !await keys.IsValidAsync(context.Principal, context.HttpContext.RequestAborted))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(UiAuthentication.Scheme);
            }
        };
    }

    /// <summary>
    /// Embedded mode: keys in memory (a restart signs everyone out). Cluster mode: the key ring in Redis (on the process's
    /// shared connection), under <c>{Scheduler:Redis:KeyPrefix}:ui:keyring</c>, so every API process reads every other's cookies and antiforgery
    /// tokens; encrypted with <c>Scheduler:Secrets:CertificatePath</c> when that is set, as the secrets' key ring is.
    /// </summary>
    private static void AddKeyRing(WebApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        var configuration = builder.Configuration;
        // Decides what is registered, so it is read before the container exists: the options class, bound once.
        var redis = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (string.IsNullOrWhiteSpace(redis.ConnectionString))
        {
            dataProtection.UseEphemeralDataProtectionProvider();
            return;
        }

        // The process's one Redis connection (the cluster client's), and the key prefix as the options bind it.
        builder.Services.AddSchedulerRedis();
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IOptions<RedisOptions>, IServiceProvider>((o, options, services) =>
            o.XmlRepository = new RedisXmlRepository(() => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), KeyRingKey(options.Value.KeyPrefix)));
        var secrets = configuration.GetSection(SecretOptions.SectionName).Get<SecretOptions>();
        if (secrets?.CertificatePath is { Length: > 0 } path)
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, secrets.CertificatePassword));
    }
}
