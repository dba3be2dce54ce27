using Crm.Bot.Cli;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Customers;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Commands;

public sealed class ShowCustomerCommandTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Show_ForSalesRep_ShowsDealsAndTicketSummary_ButNoInvoices()
    {
        var reply = await _h.AskAsync("ava@example.com", "show acme");
        var text = ReplyTextRenderer.Render(reply);

        Assert.Contains("Acme Corporation (C-1001)", text);
        Assert.Contains("Jane Roe", text);
        Assert.Contains("D-1001", text);
        Assert.Contains("1 (highest high)", text);
        Assert.DoesNotContain("INV-1001", text);
        Assert.DoesNotContain("12,500", text);
        Assert.DoesNotContain("Cannot log in", text);
        Assert.Equal(["financial summary", "financial", "aggregates"], reply.Redaction!.HiddenClasses.Where(c => c != "support").ToArray());
    }

    [Fact]
    public async Task Show_ByIdAndByQuotedName_FindTheSameCustomer()
    {
        var byId = await _h.AskAsync("fiona@example.com", "show C-1001");
        var byName = await _h.AskAsync("fiona@example.com", "show \"Acme Corporation\"");
        Assert.Equal(byId.FallbackText, byName.FallbackText);
        Assert.Contains("INV-1001", ReplyTextRenderer.Render(byId));
    }

    [Fact]
    public async Task Show_InSalesChannel_HidesInvoices_EvenForFinanceAsker()
    {
        var reply = await _h.AskInChannelAsync("fiona@example.com", "C0SALES", "show acme");
        Assert.Equal(ReplyVisibility.Channel, reply.Visibility);
        Assert.DoesNotContain("INV-1001", reply.ToJson());
        Assert.Contains("financial", reply.Redaction!.HiddenClasses);
    }
    [Fact]
    public async Task Show_ByExactName_PicksThatCustomer_WhenLongerNamesStartWithIt()
    {
        await AddCustomersAsync(("Brightline", 900_001), ("Brightline Logistics", 900_002), ("Brightline Labs", 900_003));

        var reply = await _h.AskAsync("ava@example.com", "show brightline");

        Assert.Contains("Brightline (C-900001)", ReplyTextRenderer.Render(reply));
        Assert.DoesNotContain("which one did you mean", reply.FallbackText);
    }

    [Fact]
    public async Task Show_ByANameTwoCustomersShare_AsksWhichOne()
    {
        await AddCustomersAsync(("Twinbrook Labs", 900_011), ("Twinbrook Labs", 900_012));

        var reply = await _h.AskAsync("ava@example.com", "show twinbrook labs");

        Assert.Contains("'twinbrook labs' matches 2 customers; which one did you mean?", reply.FallbackText);
        Assert.Contains("C-900011", reply.FallbackText);
        Assert.Contains("C-900012", reply.FallbackText);
    }

    private async Task AddCustomersAsync(params (string Name, long Number)[] customers)
    {
        await using var db = _h.Db();
        foreach (var (name, number) in customers)
            db.Customers.Add(new Customer(number, name, null, "EMEA", "ava@example.com"));
        await db.SaveChangesAsync();
    }
}
