using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Client.Api.Ui.Components;

/// <summary>
/// The operator pages' <see cref="LivePage"/>: they name their events as <see cref="LiveFilter"/> and
/// <see cref="Reloads"/>, may draw an event at once with <see cref="Apply"/> (a workflow's step turning green), and
/// keep the page's timer running under the events, since some of what they show has no event (a worker's heartbeat
/// age, a drain). One event stream per circuit serves them all (<see cref="Services.UiEventFeed"/>).
/// </summary>
public abstract class OperationsPage : LivePage
{
    /// <summary>The events that make this page reload, as the query string of <c>/api/v1/events</c> (empty: all).</summary>
    protected virtual string LiveFilter => "";

    /// <summary>Whether <paramref name="e"/> changes what the page shows; by default every event of the filter does.</summary>
    protected virtual bool Reloads(SchedulerEvent e) => true;

    /// <summary>Applies <paramref name="e"/> to what the page shows at once, before the reload; by default nothing.</summary>
    protected virtual void Apply(SchedulerEvent e)
    {
    }

    /// <summary>Whether the page overrides <see cref="Apply"/>.</summary>
    protected virtual bool DrawsEvents => false;

    /// <inheritdoc />
    protected sealed override string? EventFilter => LiveFilter;

    /// <inheritdoc />
    protected sealed override bool Affects(SchedulerEvent e) => Reloads(e);

    /// <inheritdoc />
    protected sealed override bool AppliesEvents => DrawsEvents;

    /// <inheritdoc />
    protected sealed override void ApplyEvent(SchedulerEvent e) => Apply(e);

    /// <inheritdoc />
    protected override bool RefreshOnTimer => true;
}
