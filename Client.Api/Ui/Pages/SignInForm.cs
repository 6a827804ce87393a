namespace JobScheduler.Client.Api.Ui.Pages;

/// <summary>The sign-in form's fields.</summary>
public sealed class SignInForm
{
    /// <summary>The API key typed in.</summary>
    public string? Key { get; set; }
}
