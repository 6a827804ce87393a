namespace JobScheduler.Grains.Interfaces;

/// <summary>Workflow ids and the ids of their steps' jobs.</summary>
public static class WorkflowIds
{
    /// <summary>Longest workflow id, so that <c>{workflowId}.{step}</c> is still a well-formed job id.</summary>
    public const int MaxLength = 64;

    /// <summary>A new unique id (time-ordered, like <see cref="JobIds.New"/>).</summary>
    public static string New() => JobIds.New();

    /// <summary>True when <paramref name="id"/> can name a workflow: a well-formed job id of at most <see cref="MaxLength"/> characters.</summary>
    public static bool IsWellFormed(string? id) => JobIds.IsWellFormed(id) && id!.Length <= MaxLength;

    /// <summary>
    /// The id of the job that runs <paramref name="step"/> of workflow <paramref name="workflowId"/>. Deterministic, so a
    /// repeated submission (after a crash or a lost answer) reaches the same job grain and never runs the step twice.
    /// </summary>
    public static string StepJobId(string workflowId, string step) => $"{workflowId}.{step}";
}
