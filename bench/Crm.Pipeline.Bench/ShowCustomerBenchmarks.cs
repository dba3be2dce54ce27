using Crm.Jobs.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using BenchmarkDotNet.Attributes;
using Crm.Bot.Commands.Customers;
using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Identity;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Microsoft.Extensions.Options;

namespace Crm.Pipeline.Bench;

/// <summary>
/// The in-process cost of <c>show C-1001</c> without the database: parse, find the command, the cached
/// identity, authorize, redact the (already loaded) customer, build the Reply, and serialise it as the
/// platforms and the outbox do. The database reads are measured in the storage benchmarks.
/// </summary>
[MemoryDiagnoser]
public class ShowCustomerBenchmarks
{
    private CommandCatalog _catalog = null!;
    private PrincipalCache _cache = null!;
    private CustomerView _acme = null!;

    [Params("private", "channel")]
    public string Audience { get; set; } = "private";

    [GlobalSetup]
    public void Setup()
    {
        _catalog = new CommandCatalog([new ShowCustomerCommand(), new FindCustomerCommand(), new NewCustomerCommand(), new ShareCustomerCommand()]);
        _cache = new PrincipalCache(TimeProvider.System, Options.Create(new PipelineOptions { IdentityCacheTtl = TimeSpan.FromHours(1) }),
            new ServiceCollection().AddCrmMetrics().BuildServiceProvider().GetRequiredService<CrmMetrics>());
        _cache.Set(Platform.Slack, "T0DEMO", "U0AVA", new Principal("ava@example.com", "Ava Sales", "Sales", [], Role.SalesRep, "EMEA", "Europe/Berlin",
            "your e-mail ava@example.com is mapped to sales-rep"));
        _acme = AcmeView.Build();
    }

    [Benchmark]
    public Reply ShowAcme()
    {
        var parsed = Crm.Bot.Pipeline.CommandLine.Parse("show C-1001");
        var command = _catalog.Find(parsed.Tokens[0].Text.ToLowerInvariant(), parsed.Tokens.ElementAtOrDefault(1)?.Text)!;
        var args = new CommandArgs("show", parsed.Tokens.Skip(1).ToList(), parsed.Text);
        if (!_cache.TryGet(Platform.Slack, "T0DEMO", "U0AVA", out var principal))
            throw new InvalidOperationException("The identity should be cached.");
        var decision = AccessPolicy.Authorize(principal, command.RequiredFor(args)!.Permission, "read customers");
        if (!decision.Allowed)
            throw new InvalidOperationException(decision.Reason);
        var audience = Audience == "channel" ? Crm.Domain.Access.Audience.Channel("sales", Department.Sales, principal) : Crm.Domain.Access.Audience.Private(principal);
        var redacted = Redactor.Redact(_acme, audience);
        return CustomerCard.Build(redacted, Audience == "channel" ? ReplyVisibility.Channel : ReplyVisibility.Private, principal, Crm.Domain.Common.TimeDisplay.Utc);
    }

    [Benchmark]
    public string ShowAcmeAsJson() => ShowAcme().ToJson();
}
