namespace JobScheduler.Client.Api.DeadLetters;

/// <summary>The answer to a bulk requeue of dead letters.</summary>
/// <param name="Requeued">How many dead-lettered jobs were started again.</param>
public sealed record DeadLetterRequeueResult(int Requeued);
