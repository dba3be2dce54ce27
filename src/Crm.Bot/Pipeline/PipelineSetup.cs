using Crm.Domain.Outbox;
using Crm.Bot.Cli;
using Crm.Bot.Commands.Admin;
using Crm.Bot.Commands.Audit;
using Crm.Bot.Commands.Customers;
using Crm.Bot.Commands.Deals;
using Crm.Bot.Commands.Digests;
using Crm.Bot.Commands.General;
using Crm.Bot.Commands.Handoffs;
using Crm.Bot.Commands.Invoices;
using Crm.Bot.Commands.Reports;
using Crm.Bot.Commands.Tasks;
using Crm.Bot.Commands.Tickets;
using Crm.Bot.Commands.Timeline;
using Crm.Bot.Pipeline.Identity;
using Crm.Domain.Common;
using Crm.Domain.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Crm.Jobs.Telemetry;

namespace Crm.Bot.Pipeline;

public static class PipelineSetup
{
    /// <summary>The command pipeline, every command, the console/CLI directory and the <c>ask</c> CLI verb.</summary>
    public static IServiceCollection AddCommandPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TimeDisplayOptions>().BindConfiguration(TimeDisplayOptions.Section)
            .Validate(o => TimeDisplay.TryFind(o.DefaultTimeZone, out _), TimeDisplayOptions.Invalid).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddCrmMetrics();
        services.AddSingleton<PrincipalCache>();
        services.AddSingleton<Resolution.ChannelCache>();
        services.AddScoped<DeliveryClaims>();
        // admin outbox (chat) and the outbox verb share it; a host without the jobs module still has it.
        services.TryAddScoped<OutboxAdmin>();
        services.AddScoped<IdentityResolver>();
        services.AddSingleton<NameOnlyGroupRules>();
        services.AddHostedService(sp => sp.GetRequiredService<NameOnlyGroupRules>());
        services.AddScoped<ICommandPipeline, CommandPipeline>();
        services.AddSingleton<CommandCatalog>();
        services.AddSingleton<PlatformDirectories>();
        services.AddSingleton<IDirectory>(new DemoUserDirectory(Platform.Cli));
        services.AddSingleton<IDirectory>(new DemoUserDirectory(Platform.Console));
        services.AddSingleton<ICliVerb, AskCliVerb>();

        // Commands are singletons built by the container: what one needs comes through its constructor.
        services.AddSingleton<ICommand, HelpCommand>();
        services.AddSingleton<ICommand, WhoAmICommand>();
        services.AddSingleton<ICommand, FindCustomerCommand>();
        services.AddSingleton<ICommand, ShowCustomerCommand>();
        services.AddSingleton<ICommand, ShareCustomerCommand>();
        services.AddSingleton<ICommand, FollowCustomerCommand>();
        services.AddSingleton<ICommand, UnfollowCustomerCommand>();
        services.AddSingleton<ICommand, NewCustomerCommand>();
        services.AddSingleton<ICommand, NewContactCommand>();
        services.AddSingleton<ICommand, NewDealCommand>();
        services.AddSingleton<ICommand, ChangeDealCommand>();
        services.AddSingleton<ICommand, ChangeCustomerCommand>();
        services.AddSingleton<ICommand, ChangeContactCommand>();
        services.AddSingleton<ICommand, NoteCommand>();
        services.AddSingleton<ICommand, TimelineCommand>();
        services.AddSingleton<ICommand, TicketCommand>();
        services.AddSingleton<ICommand, InvoiceCommand>();
        services.AddSingleton<ICommand, TaskCommand>();
        services.AddSingleton<ICommand, TasksCommand>();
        services.AddSingleton<ICommand, HandoffCommand>();
        services.AddSingleton<ICommand, ReportCommand>();
        services.AddSingleton<ICommand, DigestAddCommand>();
        services.AddSingleton<ICommand, DigestListCommand>();
        services.AddSingleton<ICommand, DigestRunCommand>();
        services.AddSingleton<ICommand, DigestRemoveCommand>();
        services.AddSingleton<ICommand, AuditCustomerCommand>();
        services.AddSingleton<ICommand, AuditExportCommand>();
        services.AddSingleton<ICommand, AdminMapCommand>();
        services.AddSingleton<ICommand, AdminUnmapCommand>();
        services.AddSingleton<ICommand, AdminRulesCommand>();
        services.AddSingleton<ICommand, AdminChannelCommand>();
        services.AddSingleton<ICommand, AdminBindCommand>();
        services.AddSingleton<ICommand, AdminUnbindCommand>();
        services.AddSingleton<ICommand, AdminChannelsCommand>();
        services.AddSingleton<ICommand, AdminOutboxCommand>();
        return services;
    }
}
