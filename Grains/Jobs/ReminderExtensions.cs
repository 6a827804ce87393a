namespace JobScheduler.Grains.Jobs;

/// <summary>Reminder helpers for grains that keep at most one reminder per name.</summary>
internal static class ReminderExtensions
{
    /// <summary>Unregisters the reminder if the grain holds one; a no-op otherwise.</summary>
    public static async Task UnregisterReminderIfAny(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
            await grain.UnregisterReminder(reminder);
    }
}
