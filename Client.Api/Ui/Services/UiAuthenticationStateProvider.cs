using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace JobScheduler.Client.Api.Ui.Services;

/// <summary>
/// The signed-in principal of a circuit, re-checked every <see cref="UiOptions.RevalidationInterval"/>: when the key
/// is revoked the circuit turns anonymous and the router sends the browser to the sign-in page.
/// </summary>
internal sealed class UiAuthenticationStateProvider(ILoggerFactory loggers, UiKeyCheck keys, IOptions<UiOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        keys.IsValidAsync(authenticationState.User, cancellationToken);
}
