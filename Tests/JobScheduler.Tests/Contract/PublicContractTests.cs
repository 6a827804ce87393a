using Orleans;
using System.Reflection;
using System.Text.RegularExpressions;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Queues;
using JobScheduler.Grains.Schedules;
using JobScheduler.Grains.Workers;
using JobScheduler.Tests.Infrastructure;

namespace JobScheduler.Tests.Contract;

/// <summary>
/// The public contract (Grains.Interfaces, which any service may reference) holds what clients may call; the silo's
/// internal protocol (claims, reports, heartbeats, enqueue/dequeue, parent notifications, sweeps) lives in the Grains
/// assembly, and the API calls only the public contract.
/// </summary>
public sealed partial class PublicContractTests
{
    private static readonly Type[] ProtocolInterfaces =
    [
        typeof(IJobProtocolGrain),
        typeof(IQueueProtocolGrain),
        typeof(IWorkerProtocolGrain),
        typeof(IJobParentGrain),
        typeof(IScheduleProtocolGrain),
        typeof(IScheduleCatalogProtocolGrain),
    ];

    private static readonly Assembly PublicContract = typeof(IJobGrain).Assembly;

    [Fact]
    public void PublicContract_GrainInterfaces_DeclareNoProtocolMethod()
    {
        var protocolMethods = ProtocolInterfaces
            .SelectMany(i => i.GetMethods().Select(m => (Interface: i, Alias: AliasOf(m))))
            .ToList();
        var publicMethods = PublicContract.GetTypes()
            .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t))
            .SelectMany(i => i.GetMethods().Select(m => (Interface: i, Method: m)))
            .ToList();
        Assert.NotEmpty(publicMethods);

        // The same grain class implements both sides; a method moved to the protocol must not come back under its old
        // name on the public interface of that grain.
        var leaked = publicMethods
            .Where(p => protocolMethods.Any(q => q.Alias == AliasOf(p.Method) && ImplementedTogether(p.Interface, q.Interface)))
            .Select(p => $"{p.Interface.Name}.{p.Method.Name}")
            .ToList();
        Assert.Empty(leaked);

        foreach (var name in new[] { "Claim", "ReportStarted", "ReportResult", "Heartbeat", "Adopt", "Reconcile", "SubmitFor", "Expire",
                                     "Enqueue", "Dequeue", "Release", "ReportRunning", "NotifyWorkAvailable", "CancelAttempt", "OnJobEnded", "Wake", "WakeAll" })
            Assert.DoesNotContain(publicMethods, p => p.Method.Name == name);
    }

    [Fact]
    public void PublicContract_Types_HoldNoProtocolInterfaceOrTheirDtos()
    {
        Assert.All(ProtocolInterfaces, i => Assert.NotSame(PublicContract, i.Assembly));
        foreach (var dto in new[] { typeof(DispatchTicket), typeof(AttemptResult), typeof(QueueBatch), typeof(QueueEntry), typeof(RunningJob), typeof(ScheduleCatalogEntry) })
        {
            Assert.NotSame(PublicContract, dto.Assembly);
            // Moved, not renamed: the wire and stored-state alias is the previous release's.
            Assert.Equal($"JobScheduler.{dto.Name}", dto.GetCustomAttribute<AliasAttribute>()?.Alias);
        }
    }

    [Fact]
    public void PublicContract_ProtocolInterfaces_AreImplementedByThePublicGrainsClasses()
    {
        var grainClasses = typeof(IJobProtocolGrain).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)).ToList();
        foreach (var protocol in ProtocolInterfaces)
        {
            var implementers = grainClasses.Where(protocol.IsAssignableFrom).ToList();
            Assert.NotEmpty(implementers);
            // Each implementer also implements a public interface of the same key kind: one grain, two faces, one key.
            Assert.All(implementers, c => Assert.Contains(c.GetInterfaces(), i => i.Assembly == PublicContract && typeof(IGrain).IsAssignableFrom(i)
                                                                                   && KeyKind(i) == KeyKind(protocol)));
        }
    }

    [Fact]
    public void ClientApi_Source_CallsNoProtocolInterface()
    {
        var root = Path.Combine(RepositoryLayout.Root, "Client.Api");
        var names = ProtocolInterfaces.Select(i => i.Name).ToList();
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => names.Any(n => l.Text.Contains(n, StringComparison.Ordinal)) || ProtocolNamespaceUse().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(RepositoryLayout.Root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.Empty(offenders);
    }

    private static string AliasOf(MethodInfo method) => method.GetCustomAttribute<AliasAttribute>()?.Alias ?? method.Name;

    private static bool ImplementedTogether(Type publicInterface, Type protocol) =>
        typeof(IJobProtocolGrain).Assembly.GetTypes().Any(t => publicInterface.IsAssignableFrom(t) && protocol.IsAssignableFrom(t));

    private static Type? KeyKind(Type grainInterface) =>
        new[] { typeof(IGrainWithStringKey), typeof(IGrainWithIntegerKey), typeof(IGrainWithGuidKey) }.FirstOrDefault(k => k.IsAssignableFrom(grainInterface));

    /// <summary>A <c>GetGrain&lt;I…ProtocolGrain&gt;</c> or <c>AsReference&lt;I…ProtocolGrain&gt;</c>, whatever its name.</summary>
    [GeneratedRegex(@"(GetGrain|AsReference)<\s*I\w*Protocol\w*\s*>")]
    private static partial Regex ProtocolNamespaceUse();
}
