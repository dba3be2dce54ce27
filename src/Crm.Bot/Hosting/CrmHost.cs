using Crm.Bot.Commands.Admin;
using Crm.Bot.Cli;
using Crm.Bot.Jobs;
using Crm.Bot.Platforms.Slack;
using Crm.Bot.Platforms.Teams;
using Crm.Bot.Pipeline;
using Crm.Bot.Storage;
using Crm.Bot.TryIt;

namespace Crm.Bot.Hosting;

/// <summary>The composition root: each area adds its services and maps its endpoints.</summary>
public static class CrmHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var isCli = args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=');
        if (!isCli)
        {
            var app = Build(args, isCli: false);
            await app.RunAsync();
            return 0;
        }

        // Admin verbs read configuration from the environment and appsettings, not from their arguments.
        await using var cli = Build([], isCli: true);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        await using var scope = cli.Services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<CliRunner>();
        return await runner.RunAsync(args, Console.Out, Console.Error, cancel.Token);
    }

    public static WebApplication Build(string[] args, bool isCli)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (isCli)
        {
            // The CLI prints its own results; framework chatter would drown them.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error);
        }
        // EF logs a failed command even when it handles the failure itself (it probes for the
        // migrations table on a fresh database); real failures reach the caller as exceptions.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);

        builder.Services.AddSingleton(TimeProvider.System);
        var storage = builder.Services.AddCrmStorage(builder.Configuration);
        builder.Services.AddHostBasics(builder.Configuration);
        builder.Services.AddCliVerbs();
        builder.Services.AddCommandPipeline(builder.Configuration);
        builder.Services.AddPersonalDataTools();
        builder.Services.AddCrmJobsHost(builder.Configuration, storage);
        builder.Services.AddSlack(builder.Configuration);
        builder.Services.AddTeams(builder.Configuration);
        // Last of the areas: it stands in for each platform that is not configured, replacing that platform's directory and transport.
        builder.Services.AddTryItConsole(builder.Configuration);

        var app = builder.Build();
        app.MapHostBasics();
        app.MapCrmJobs();
        app.MapSlack();
        app.MapTeams();
        app.MapTryItConsole();
        return app;
    }
}
