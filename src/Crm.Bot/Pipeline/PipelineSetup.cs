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
using Crm.Bot.Delivery;
using Crm.Bot.Commands.Timeline;
using Crm.Bot.Pipeline.Identity;
using Crm.Domain.Common;
using Crm.Domain.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.AddSingleton<PrincipalCache>();
        services.AddSingleton<Resolution.ChannelCache>();
        services.AddScoped<DeliveryClaims>();
        // admin outbox (chat) and the outbox verb share it; a host without the jobs module still has it.
        services.TryAddScoped<OutboxAdmin>();
        services.AddScoped<IdentityResolver>();
        services.AddSingleton<NameOnlyGroupRules>();
        services.AddHostedService(sp => sp.GetRequiredService<NameOnlyGroupRules>());
        services.AddScoped<ICommandPipeline, CommandPipeline>();
        // The pipeline stores answers and hands them to the one sender.
        services.AddAnswerDelivery();
        services.AddSingleton<CommandCatalog>();
        services.AddSingleton<IDirectory>(new DemoUserDirectory(Platform.Cli));
        services.AddSingleton<IDirectory>(new DemoUserDirectory(Platform.Console));
        services.AddSingleton<ICliVerb, AskCliVerb>();

        ICommand[] commands =
        [
            new HelpCommand(), new WhoAmICommand(),
            new FindCustomerCommand(), new ShowCustomerCommand(), new ShareCustomerCommand(),
            new FollowCustomerCommand(), new UnfollowCustomerCommand(),
            new NewCustomerCommand(), new NewContactCommand(), new NewDealCommand(), new ChangeDealCommand(),
            new NoteCommand(), new TicketCommand(), new InvoiceCommand(), new TaskCommand(), new HandoffCommand(),
            new ReportCommand(), new DigestAddCommand(), new DigestListCommand(), new DigestRunCommand(), new DigestRemoveCommand(),
            new AuditCustomerCommand(), new AuditExportCommand(),
            new AdminMapCommand(), new AdminUnmapCommand(), new AdminRulesCommand(),
            new AdminChannelCommand(), new AdminBindCommand(), new AdminUnbindCommand(), new AdminChannelsCommand(), new AdminOutboxCommand(),
        ];
        foreach (var command in commands)
            services.AddSingleton(command);
        return services;
    }
}
