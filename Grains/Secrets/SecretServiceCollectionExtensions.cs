using System.Security.Cryptography.X509Certificates;
using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Indexing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Grains.Secrets;

/// <summary>Registers the <see cref="SecretEnvProtector"/> and its key ring. Each method is safe to call twice.</summary>
public static class SecretServiceCollectionExtensions
{
    /// <summary>The application name the secrets' key ring is isolated by.</summary>
    public const string ApplicationName = "JobScheduler.Secrets";

    /// <summary>
    /// Registers <see cref="SecretOptions"/> (validated at start) and, unless a key ring was chosen with
    /// <see cref="AddRedisSecretKeyRing"/>, an ephemeral in-memory one: right for embedded mode (one process, nothing
    /// persisted, so a secret never outlives the process that can decrypt it), wrong for several silos.
    /// </summary>
    public static IServiceCollection AddSecretProtection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SecretOptions>().BindConfiguration(SecretOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretOptions>, SecretOptionsValidator>());
        services.TryAddSingleton(sp => new SecretEnvProtector(new EphemeralDataProtectionProvider(sp.GetRequiredService<ILoggerFactory>())));
        return services;
    }

    /// <summary>
    /// Cluster mode: the key ring lives in Redis, under <c>{Scheduler:Redis:KeyPrefix}:secrets:keyring</c>, so every
    /// silo decrypts what any silo encrypted; with <see cref="SecretOptions.CertificatePath"/> its keys are encrypted
    /// with that certificate. Replaces any key ring registered before. Uses the scheduler's
    /// <see cref="IConnectionMultiplexer"/> (registering it from <c>Scheduler:Redis:ConnectionString</c> unless one is registered).
    /// </summary>
    public static IServiceCollection AddRedisSecretKeyRing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRedisConnection();
        services.AddSecretProtection();
        services.RemoveAll<SecretEnvProtector>();
        services.AddSingleton(sp =>
        {
            var redis = sp.GetRequiredService<IConnectionMultiplexer>();
            var redisOptions = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            var options = sp.GetRequiredService<IOptions<SecretOptions>>().Value;
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            return new SecretEnvProtector(() => RedisKeyRing(redis, redisOptions, options, loggers));
        });
        return services;
    }

    /// <summary>The Redis key holding the secrets' key ring for <paramref name="keyPrefix"/>.</summary>
    public static string KeyRingKey(string keyPrefix) => $"{keyPrefix}:secrets:keyring";

    // A container of its own: the host's data protection (the API's cookies, antiforgery) keeps its own keys and settings.
    private static IDataProtectionProvider RedisKeyRing(IConnectionMultiplexer redis, RedisOptions redisOptions, SecretOptions options, ILoggerFactory loggers)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(loggers);
        var dataProtection = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToStackExchangeRedis(redis, KeyRingKey(redisOptions.KeyPrefix));
        if (options.CertificatePath is { } path)
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }
}
