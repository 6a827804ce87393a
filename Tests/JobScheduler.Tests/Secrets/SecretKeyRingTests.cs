using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using JobScheduler.Grains.Secrets;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace JobScheduler.Tests.Secrets;

/// <summary>The secrets' key ring in Redis, shared by every process of a deployment, optionally under a certificate.</summary>
[Collection("redis")]
public sealed class SecretKeyRingTests(RedisFixture redis) : IDisposable
{
    private readonly string _prefix = "keyring-" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<string> _files = [];
    private readonly List<ServiceProvider> _providers = [];

    [Fact]
    public void RedisKeyRing_SealedInOneProcess_UnsealedByAnother()
    {
        var secrets = new Dictionary<string, string> { ["TOKEN"] = "s3cret", ["OTHER"] = "x=y" };
        var sealedEnv = Protector().Seal("job-1", secrets);

        var unsealed = Protector().Unseal("job-1", sealedEnv);

        Assert.Equal(secrets, unsealed);
        Assert.DoesNotContain("s3cret", sealedEnv, StringComparison.Ordinal);
    }

    [Fact]
    public void Unseal_ForAnotherJob_Throws()
    {
        var protector = Protector();
        var sealedEnv = protector.Seal("job-1", new Dictionary<string, string> { ["TOKEN"] = "s3cret" });

        Assert.ThrowsAny<CryptographicException>(() => protector.Unseal("job-2", sealedEnv));
    }

    [Fact]
    public async Task RedisKeyRing_WithoutCertificate_StoresKeysReadably()
    {
        Protector().Seal("job-1", new Dictionary<string, string> { ["TOKEN"] = "s3cret" });

        var keys = await KeyRingEntriesAsync();

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains("<value>", k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RedisKeyRing_WithCertificate_StoresKeysEncryptedAndAnotherProcessWithItUnseals()
    {
        var (path, password) = CreateCertificate();
        var settings = new Dictionary<string, string?> { ["Scheduler:Secrets:CertificatePath"] = path, ["Scheduler:Secrets:CertificatePassword"] = password };
        var sealedEnv = Protector(settings).Seal("job-1", new Dictionary<string, string> { ["TOKEN"] = "s3cret" });

        var keys = await KeyRingEntriesAsync();
        var unsealed = Protector(settings).Unseal("job-1", sealedEnv);

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains("EncryptedData", k, StringComparison.Ordinal));
        Assert.All(keys, k => Assert.DoesNotContain("<value>", k, StringComparison.Ordinal));
        Assert.Equal("s3cret", unsealed["TOKEN"]);
    }

    [Fact]
    public void Options_MissingCertificateFileOrPasswordAlone_ReportsEach()
    {
        var result = new SecretOptionsValidator().Validate(null, new SecretOptions { CertificatePath = "/nonexistent/keyring.pfx" });
        var passwordAlone = new SecretOptionsValidator().Validate(null, new SecretOptions { CertificatePassword = "hunter2-password" });

        Assert.True(result.Failed);
        Assert.Contains("CertificatePath", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(passwordAlone.Failed);
        Assert.DoesNotContain("hunter2", passwordAlone.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRedisSecretKeyRing_MissingCertificate_FailsWhenResolved()
    {
        Assert.Throws<OptionsValidationException>(() =>
            Protector(new Dictionary<string, string?> { ["Scheduler:Secrets:CertificatePath"] = "/nonexistent/keyring.pfx" }));
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
            provider.Dispose();
        foreach (var file in _files)
            File.Delete(file);
    }

    // One provider stands for one process: it reads the key ring from Redis afresh.
    private SecretEnvProtector Protector(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings ?? [])
        {
            ["Scheduler:Redis:ConnectionString"] = redis.ConnectionString,
            ["Scheduler:Redis:KeyPrefix"] = _prefix,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddRedisSecretKeyRing();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<SecretEnvProtector>();
    }

    private async Task<string[]> KeyRingEntriesAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var entries = await connection.GetDatabase().ListRangeAsync(SecretServiceCollectionExtensions.KeyRingKey(_prefix));
        return [.. entries.Select(e => e.ToString())];
    }

    private (string Path, string Password) CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=jobscheduler-secrets-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var path = Path.Combine(Path.GetTempPath(), $"{_prefix}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        _files.Add(path);
        return (path, password);
    }
}
