using System.Security.Claims;
using JobScheduler.Client.Api.Security;
using JobScheduler.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>
/// Signs a key in and re-checks a session's key, with the API's own <see cref="ApiKeyVerifier"/> (and its short cache),
/// so a revoked key ends its sessions within seconds.
/// </summary>
internal sealed class UiKeyCheck(ApiKeyVerifier verifier, IOptions<AuthOptions> authOptions)
{
    /// <summary>The session principal for <paramref name="key"/>, or null when the key is not accepted.</summary>
    public async Task<ClaimsPrincipal?> SignInAsync(string? key, CancellationToken cancellationToken)
    {
        key = key?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            // Open mode (loopback only): the API takes requests without a key as the anonymous admin; so does the UI.
            return authOptions.Value.Mode == AuthMode.Open
                ? UiAuthentication.Principal(ApiKeyAuthenticationHandler.AnonymousActor, ApiScopes.All, queues: null, key: null)
                : null;
        }

        if (verifier.IsBootstrapKey(key))
            return UiAuthentication.Principal(ApiKeyAuthenticationHandler.BootstrapActor, ApiScopes.All, queues: null, key);
        return await verifier.VerifyAsync(key, cancellationToken) is { } info
            ? UiAuthentication.Principal($"key:{info.Id}", info.Scopes, info.Queues, key)
            : null;
    }

    /// <summary>Whether the session of <paramref name="user"/> may go on: its key is still valid (or open mode still holds).</summary>
    public async Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
            return false;
        var key = UiAuthentication.KeyOf(user);
        if (key is null)
            return authOptions.Value.Mode == AuthMode.Open;
        return verifier.IsBootstrapKey(key) || await verifier.VerifyAsync(key, cancellationToken) is not null;
    }
}
