using Crm.Bot.Cli;
using Crm.Bot.Platforms.Slack;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Testing.Slack;

/// <summary>
/// The real bot host (CrmHost) on a test database, pointed at a <see cref="FakeSlackServer"/>, with a
/// known signing secret. Any public type of Crm.Bot names the entry assembly; CliRunner is one.
/// </summary>
public sealed class SlackHost(
    string connectionString,
    FakeSlackServer slack,
    string? signingSecret = SlackHost.Secret,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<CliRunner>
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string BotToken = "xoxb-test-token";
    public const string LinkPattern = "https://crm.example.com/customers/{id}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Crm", connectionString);
        builder.UseSetting("Slack:SigningSecret", signingSecret ?? "");
        builder.UseSetting("Slack:BotToken", signingSecret is null ? "" : BotToken);
        builder.UseSetting("Slack:ApiBaseUrl", slack.ApiBaseUrl);
        builder.UseSetting("Slack:CustomerLinkPattern", LinkPattern);
        builder.UseSetting("Outbox:SlackChannelInterval", "00:00:00");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }

    /// <summary>Waits until every piece of after-the-ack work has finished and the answers it stored are sent.</summary>
    public async Task IdleAsync()
    {
        await Services.GetRequiredService<SlackBackgroundWork>().IdleAsync();
        await Services.GetRequiredService<Crm.Bot.Delivery.AnswerSender>().IdleAsync();
    }
}
