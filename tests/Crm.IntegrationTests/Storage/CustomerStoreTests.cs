using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Invoices;
using Crm.Domain.Tickets;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.IntegrationTests.Storage;

public sealed class CustomerStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 26);

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task Customer_WithRecords_RoundTripsAndUpdates(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        long customerId;
        await using (var db = store.CreateContext())
        {
            var customer = new Customer(1042, "Globex Ltd", "globex.example", "EMEA", "ava@example.com") { CreatedAt = Now, UpdatedAt = Now };
            customer.SetArr(30_000.5m, "EUR");
            customer.Contacts.Add(new Contact(1042, 0, "Hank Scorpio", "hank@globex.example", "+1 555 0199"));
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            customerId = customer.Id;
            var deal = new Deal(1042, customerId, "Expansion", 30_000m, "EUR", Today.AddDays(90), "ava@example.com");
            deal.Seat(DealStage.Propose, Now);
            db.Deals.Add(deal);
            db.Tickets.Add(new Ticket(1042, customerId, "Cannot log in", TicketPriority.Urgent, Now));
            db.Invoices.Add(new Invoice(1042, customerId, 999.99m, "EUR", Today.AddDays(-40), Today.AddDays(-10)));
            await db.SaveChangesAsync();
        }

        await using (var db = store.CreateContext())
        {
            var customer = await db.Customers.Include(c => c.Contacts).SingleAsync(c => c.Number == 1042);
            Assert.Equal(("Globex Ltd", "globex.example", 30_000.5m, "EUR"), (customer.Name, customer.Domain, customer.Arr, customer.Currency));
            Assert.Equal("hank@globex.example", Assert.Single(customer.Contacts).Email);
            Assert.Equal(Now, customer.CreatedAt);
            var ticket = await db.Tickets.SingleAsync(t => t.CustomerId == customerId);
            Assert.Equal(Now.AddHours(4), ticket.SlaDueAt);
            // Range queries on money and time must translate on both providers.
            Assert.Equal(1, await db.Invoices.CountAsync(i => i.PaidAt == null && i.DueOn < Today && i.Amount > 500m));
            Assert.Equal(1, await db.Tickets.CountAsync(t => t.SlaDueAt < Now.AddHours(5)));
            Assert.Equal(DealStage.Propose, (await db.Deals.SingleAsync()).Stage);

            customer.Rename("Globex Corporation");
            (await db.Deals.SingleAsync()).MoveTo(DealStage.Won, Now.AddDays(1));
            db.Contacts.Remove(customer.Contacts[0]);
            await db.SaveChangesAsync();
        }

        await using (var db = store.CreateContext())
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == customerId);
            Assert.Equal("globex corporation", customer.NameKey);
            Assert.Equal(DealStage.Won, (await db.Deals.SingleAsync()).Stage);
            Assert.Equal(0, await db.Contacts.CountAsync());
        }
    }

    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task CustomerNumbers_AreUnique(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.CreateContext();
        db.Customers.Add(new Customer(1001, "Acme Corporation", null, null, null));
        db.Customers.Add(new Customer(1001, "Someone Else", null, null, null));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
