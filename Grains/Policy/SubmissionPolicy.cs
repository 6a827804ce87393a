using System.Globalization;
using JobScheduler.Grains.Builds;
using JobScheduler.Grains.Interfaces;
using JobScheduler.Grains.Outbound;
using JobScheduler.Grains.Schedules;
using JobScheduler.Grains.Webhooks;
using Microsoft.Extensions.Options;

namespace JobScheduler.Grains.Policy;

/// <summary>
/// The one place that decides whether a valid spec may run here: the server's maxima and image policy, its queue's
/// network access, maxima and image policy, private registries, and a schedule's minimum cron interval. Jobs check
/// on submission (whoever submits them: the API, a schedule, a workflow), schedules and workflows on creation, so a
/// template that its queue refuses is a 400 when it is written, not a failure later. It runs on the silo, whose
/// configuration is authoritative; queue settings come from a brief per-silo cache, so the common path costs no extra
/// grain call.
/// </summary>
public sealed class SubmissionPolicy(
    QueueSettingsCache queues,
    RegistryAddressGuard registries,
    IOptions<SubmissionLimitsOptions> limits,
    IOptions<ImagePolicyOptions> images,
    IOptions<ScheduleOptions> schedules,
    IOptions<OutboundOptions> outbound)
{
    // The occurrences looked at for the shortest gap: enough for any pattern a cron expression can repeat within.
    private const int GapOccurrences = 1000;

    private const string OnThisServer = "on this server";

    private readonly JobMaxima _maxima = limits.Value.ToMaxima();
    private readonly ImagePolicy _images = images.Value.ToPolicy();
    private readonly TimeSpan _minCronInterval = schedules.Value.MinCronInterval;

    /// <summary>What <paramref name="spec"/> (already valid on its own) may not ask for, keyed by field path; empty when it may run.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> CheckJobAsync(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = QueuePolicy.Maxima(spec, _maxima, OnThisServer).ToList();
        foreach (var (field, messages) in QueuePolicy.Check(spec, await queues.GetAsync(spec.Queue)))
            problems.AddRange(messages.Select(m => (field, m)));

        if (spec.Build is { } build)
        {
            // The Dockerfile's base images are known only once it is fetched: the worker checks them before building.
            problems.AddRange(BuildUrlRules.Problems(build, outbound.Value));
            return QueuePolicy.ByField(problems);
        }

        var image = ImageName.Parse(spec.Image);
        problems.AddRange(QueuePolicy.Image(image, _images, OnThisServer));
        problems.AddRange(JobNotifyRules.Refusals(spec, outbound.Value));
        // Resolving a name is the costly part: only for an image nothing else refused.
        if (!problems.Any(p => p.Field == "image") && await registries.RefusalAsync(image) is { } refusal)
            problems.Add(("image", refusal));
        return QueuePolicy.ByField(problems);
    }

    /// <summary>
    /// Why a Dockerfile's base image (a <c>FROM</c> reference) may not be used by a job of <paramref name="queue"/>: the
    /// server's and the queue's image policies and the private-registry guard, as for a job's own image. Null when it
    /// may.
    /// </summary>
    public async Task<string?> BaseImageRefusalAsync(string reference, string queue)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var image = ImageName.Parse(reference);
        var problems = QueuePolicy.Image(image, _images, OnThisServer).ToList();
        if ((await queues.GetAsync(queue)).ImagePolicy is { } policy)
            problems.AddRange(QueuePolicy.Image(image, policy, $"in queue '{queue}'"));
        if (problems.Count > 0)
            return problems[0].Message;
        return await registries.RefusalAsync(image);
    }

    /// <summary>Whether <paramref name="queue"/>'s settings allow network access (for its jobs, and for their builds).</summary>
    public async Task<bool> AllowsNetworkAsync(string queue) => (await queues.GetAsync(queue)).AllowNetwork;

    /// <summary>The problems of each step's job (<c>steps[1].job.network</c>); empty when every step may run.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> CheckWorkflowAsync(WorkflowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Steps.Count; i++)
        {
            if (spec.Steps[i].Job is not { } job)
                continue;
            foreach (var (field, messages) in await CheckJobAsync(job))
                errors[$"steps[{i}].job.{field}"] = messages;
        }
        return errors;
    }

    /// <summary>
    /// The problems of a schedule's template (<c>job.image</c>, <c>workflow.steps[0].job.network</c>) and of its cron
    /// expression's shortest interval against the server's and the template's queues' minimum (<c>cron</c>).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string[]>> CheckScheduleAsync(ScheduleSpec spec, CronSchedule cron, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(cron);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var jobs = new List<JobSpec>();
        if (spec.Job is { } job)
        {
            jobs.Add(job);
            foreach (var (field, messages) in await CheckJobAsync(job))
                errors["job." + field] = messages;
        }
        if (spec.Workflow is { } workflow)
        {
            jobs.AddRange(workflow.Steps.Select(s => s.Job).OfType<JobSpec>());
            foreach (var (field, messages) in await CheckWorkflowAsync(workflow))
                errors["workflow." + field] = messages;
        }

        var (minimum, where) = (_minCronInterval, OnThisServer);
        foreach (var queue in jobs.Select(j => j.Queue).Distinct(StringComparer.Ordinal))
        {
            if ((await queues.GetAsync(queue)).MinCronInterval is { } queueMinimum && queueMinimum > minimum)
                (minimum, where) = (queueMinimum, $"in queue '{queue}'");
        }
        if (cron.ShortestGap(now, GapOccurrences) is { } gap && gap < minimum)
        {
            errors["cron"] = [$"Occurrences come {Format(gap)} apart; at least {Format(minimum)} is required {where}."];
        }
        return errors;
    }

    /// <summary>
    /// The queue's default resources above the server's maxima (<c>resources.memoryMb</c>), which would let the
    /// queue's jobs exceed them by leaving the value out; empty when the settings fit.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> CheckQueueSettings(QueueSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Resources is { } defaults
            ? QueuePolicy.ByField(QueuePolicy.Maxima(new JobSpec { Resources = defaults }, _maxima, OnThisServer))
            : new Dictionary<string, string[]>(StringComparer.Ordinal);
    }

    /// <summary>The queue's settings changed on this silo: its next check reads them again.</summary>
    public void QueueSettingsChanged(string queue) => queues.Invalidate(queue);

    private static string Format(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}
