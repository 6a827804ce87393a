using JobScheduler.Grains.Hosting;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Jobs;
using JobScheduler.Grains.Queues;
using JobScheduler.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JobScheduler.Tests.Hosting;

/// <summary>The job path's remembered grain references: the very references Orleans' <c>GetGrain</c> makes.</summary>
[Collection(EmbeddedApiCollection.Name)]
public sealed class GrainReferencesTests(EmbeddedApiFixture api)
{
    private IGrainFactory Orleans => api.Factory.Services.GetRequiredService<IGrainFactory>();

    private GrainReferences References => api.Factory.Services.GetRequiredService<GrainReferences>();

    [Fact]
    public void Get_SameGrainAndInterfaceAsOrleans_EveryTime()
    {
        foreach (var key in new[] { "job-a", "job-b", "job-a" })
        {
            AssertSame(Orleans.GetGrain<IJobGrain>(key), References.Get<IJobGrain>(key));
            AssertSame(Orleans.GetGrain<IJobProtocolGrain>(key), References.Get<IJobProtocolGrain>(key));
            AssertSame(Orleans.GetGrain<IQueueProtocolGrain>(key), References.Get<IQueueProtocolGrain>(key));
        }
    }

    [Fact]
    public void GetAs_SameAsOrleansAsReference()
    {
        AssertSame(Orleans.GetGrain<IScheduleGrain>("s-1").AsReference<IJobParentGrain>(), References.GetAs<IJobParentGrain, IScheduleGrain>("s-1"));
        AssertSame(Orleans.GetGrain<IWorkflowGrain>("w-1").AsReference<IJobParentGrain>(), References.GetAs<IJobParentGrain, IWorkflowGrain>("w-1"));
    }

    [Fact]
    public async Task Get_CallsReachTheGrain()
    {
        Assert.Null(await References.Get<IJobGrain>("no-such-job-" + Guid.NewGuid().ToString("N")).Get());
    }

    private static void AssertSame(IAddressable expected, IAddressable actual)
    {
        var (e, a) = ((GrainReference)expected, (GrainReference)actual);
        Assert.Equal(e.GrainId, a.GrainId);
        Assert.Equal(e.InterfaceType, a.InterfaceType);
        Assert.IsType(expected.GetType(), actual);
    }
}
