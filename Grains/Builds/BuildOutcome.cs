namespace JobScheduler.Grains.Builds;

/// <summary>What the build phase of an attempt ended with: an image to run, or a failure reason.</summary>
/// <param name="Image">The built (or reused) image's tag; null when the phase failed.</param>
/// <param name="FailureReason">
/// <c>build-failed: …</c>, <c>fetch-failed: …</c>, <c>docker-unavailable: …</c> or <c>cancelled</c>; null when an
/// image is ready.
/// </param>
/// <param name="Reused">True when the image existed already and nothing was built.</param>
public sealed record BuildOutcome(string? Image, string? FailureReason, bool Reused);
