using Crm.Bot.Cli;
using Crm.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Testing;

/// <summary>Runs admin verbs through the real composition root, pointed at a test database.</summary>
public static class CliHarness
{
    public static async Task<(int Exit, string Output)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var configuration = settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();
        HangfireStatics.ForgetDisposedHostLogger();
        await using var host = CrmHost.Build(configuration, isCli: true);
        await using var scope = host.Services.CreateAsyncScope();
        var output = new StringWriter();
        var exit = await scope.ServiceProvider.GetRequiredService<CliRunner>().RunAsync(args, output, output, default);
        return (exit, output.ToString());
    }
}
