using Crm.Bot.Delivery;
using Crm.Bot.Commands.Admin;
using Crm.Bot.Cli;
using Crm.Bot.Files;
using Crm.Bot.Jobs;
using Crm.Bot.Platforms.Slack;
using Crm.Bot.Platforms.Teams;
using Crm.Bot.Pipeline;
using Crm.Bot.Storage;
using Crm.Bot.Telemetry;
using Crm.Bot.TryIt;
using Crm.Jobs.Telemetry;

using Microsoft.AspNetCore.Hosting.Server;

namespace Crm.Bot.Hosting;

/// <summary>The composition root: each area adds its services and maps its endpoints.</summary>
public static class CrmHost
{
    public const string VerboseFlag = "--verbose";

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs a verb (or lists them for --help, -h, help) and exits, or runs the bot when no verb is given.
    /// Nothing that goes wrong reaches the terminal as a stack trace unless --verbose is given.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var verbose = args.Contains(VerboseFlag);
        var rest = args.Where(a => a != VerboseFlag).ToArray();
        // Settings may come first as --Section:Key=value (as for the host); the first other word is the verb.
        var settings = rest.TakeWhile(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray();
        var verb = rest.Skip(settings.Length).ToArray();
        var isCli = verb.Length > 0 && (CliRunner.IsHelp(verb[0]) || (!verb[0].StartsWith('-') && !verb[0].Contains('=')));
        if (!isCli) return await RunHostAsync(rest, verbose, error);

        try
        {
            // Admin verbs read configuration from the environment, appsettings and leading settings, never from the verb's own arguments.
            await using var cli = Build(settings, isCli: true, verbose);
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                await using var scope = cli.Services.CreateAsyncScope();
                var runner = scope.ServiceProvider.GetRequiredService<CliRunner>();
                return await runner.RunAsync(verb, output, error, cancel.Token, verbose);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
        catch (Exception e) when (e is not HostAbortedException)
        {
            // Configuration that cannot even be read (e.g. an invalid setting): one line, as for the host.
            await error.WriteLineAsync(HostStartFailure.Describe(e));
            if (verbose) await error.WriteLineAsync(e.ToString());
            return 1;
        }
    }

    private static async Task<int> RunHostAsync(string[] args, bool verbose, TextWriter error)
    {
        var inTestServer = false;
        try
        {
            // RunAsync disposes the host when it ends, also after a failed start.
            var app = Build(args, isCli: false, verbose);
            // WebApplicationFactory swaps in its test server and learns of a failed start from the exception.
            inTestServer = app.Services.GetRequiredService<IServer>().GetType().Namespace == "Microsoft.AspNetCore.TestHost";
            // Settings that must not run (the console beside a configured platform): say why, start nothing.
            if (app.Services.GetRequiredService<ConsoleMode>().Refusal is { } refusal)
            {
                await app.DisposeAsync();
                await error.WriteLineAsync(refusal);
                return 2;
            }
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is not HostAbortedException && !inTestServer)
        {
            await error.WriteLineAsync(HostStartFailure.Describe(e));
            if (verbose) await error.WriteLineAsync(e.ToString());
            return 1;
        }
    }

    public static WebApplication Build(string[] args, bool isCli, bool verbose = false)
    {
        var options = new WebApplicationOptions
        {
            Args = args,
            // appsettings.json lives beside the executable; the working directory stays the user's, so
            // relative paths given to verbs (export, import, --out) land where the user stands.
            ContentRootPath = AppContext.BaseDirectory,
        };
        // A verb never serves HTTP: the slim builder skips what only a running web server needs.
        var builder = isCli ? WebApplication.CreateSlimBuilder(options) : WebApplication.CreateBuilder(options);
        if (isCli && !verbose)
        {
            // The CLI prints its own results: only the product's own warnings are shown (without stack
            // traces, on stderr); framework chatter (EF, Hangfire, hosting) needs --verbose.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o =>
            {
                o.FormatterName = CliLogFormatter.FormatterName;
                o.LogToStandardErrorThreshold = LogLevel.Trace;
            }).AddConsoleFormatter<CliLogFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
            builder.Services.PostConfigure<LoggerFilterOptions>(o =>
            {
                o.Rules.Clear();
                o.MinLevel = LogLevel.None;
                o.Rules.Add(new LoggerFilterRule(null, "Crm", LogLevel.Warning, null));
            });
        }
        else if (isCli)
        {
            // --verbose: what the framework does too (EF's SQL, hosting), on stderr so the verb's own
            // output stays clean for pipes.
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.PostConfigure<LoggerFilterOptions>(o =>
            {
                o.Rules.Clear();
                o.MinLevel = LogLevel.Information;
            });
        }
        else if (!verbose)
        {
            // The host reports a failed start itself, in one line (HostStartFailure); the framework's
            // copy would add a stack trace to it.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            // EF logs a failed command even when it handles the failure itself (it probes for the
            // migrations table on a fresh database); real failures reach the caller as exceptions.
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        var storage = builder.Services.AddCrmStorage(builder.Configuration);
        builder.Services.AddHostBasics(builder.Configuration);
        // A verb's command is traced like a request when spans are exported; otherwise it only counts.
        if (!isCli || TelemetrySetup.Exports(builder.Configuration)) builder.Services.AddCrmTelemetry(builder.Configuration, builder.Logging);
        else builder.Services.AddCrmMetrics();
        builder.Services.AddCliVerbs();
        builder.Services.AddCommandPipeline(builder.Configuration);
        builder.Services.AddPersonalDataTools();
        builder.Services.AddCrmJobsHost(builder.Configuration, storage);
        // After the jobs' outbox machinery (claims, heartbeat, pacer, recorder), before the platforms: the host
        // stops the platforms' work first, then the sender drains, then the heartbeat and the dispatcher stop.
        builder.Services.AddAnswerDelivery();
        builder.Services.AddReplyFiles();
        builder.Services.AddSlack(builder.Configuration);
        builder.Services.AddTeams(builder.Configuration);
        // Last of the areas: it stands in for each platform that is not configured, replacing that platform's directory and transport.
        builder.Services.AddTryItConsole(builder.Configuration);

        var app = builder.Build();
        // Endpoints only for the bot: mapping them would resolve services a verb never needs (the
        // Hangfire dashboard's storage prepares its schema on PostgreSQL, even for `--help`).
        if (isCli) return app;
        app.MapHostBasics();
        app.MapFiles();
        app.MapCrmTelemetry();
        app.MapCrmJobs();
        app.MapSlack();
        app.MapTeams();
        app.MapTryItConsole();
        return app;
    }
}
