using Crm.Domain.Customers;
using Crm.Domain.Deals;
using Crm.Domain.Invoices;
using Crm.Domain.Tickets;
using static Crm.Domain.Demo.DemoVocabulary;

namespace Crm.Domain.Demo;

/// <summary>
/// Generated demo records beside the fixed ones. Everything follows from the seed, the customer
/// count and the anchor time (dates are relative to it, so invoices are overdue and tickets recent
/// whenever the demo is seeded). Human numbers continue after the fixed records (C-1002, D-1002, …).
/// Children are produced per kind in customer order; each customer and kind has its own random
/// stream, so the kinds can be written one table at a time without holding the data set in memory.
/// </summary>
public sealed class DemoDataGenerator
{
    public const int MaxCustomers = 8_000_000;
    public const long FirstNumber = DemoFixedRecords.AcmeNumber + 1;
    private const long NameSpace = 64L * 64 * 64 * 32;
    private const long NameStride = 2_654_435_761L; // odd and coprime with 2^23, so index → name is one-to-one

    private readonly long _seed;
    private readonly long _nameOffset;

    public DemoDataGenerator(long seed, int customers, DateTimeOffset anchor)
    {
        if (customers is < 0 or > MaxCustomers)
            throw new ArgumentOutOfRangeException(nameof(customers), $"Between 0 and {MaxCustomers:N0} customers can be generated.");
        _seed = seed;
        CustomerCount = customers;
        Now = anchor.ToUniversalTime();
        Today = DateOnly.FromDateTime(Now.UtcDateTime);
        _nameOffset = (long)(new DemoRandom(seed, -1, 0).Next() % NameSpace);
    }

    public int CustomerCount { get; }
    public DateTimeOffset Now { get; }
    public DateOnly Today { get; }

    /// <summary>The i-th generated customer (C-(1002 + i)), not yet saved.</summary>
    public Customer Customer(int index)
    {
        var rng = new DemoRandom(_seed, index, 1);
        var (name, domain) = CompanyName(index);
        var region = rng.Pick(Regions);
        var owner = rng.Chance(0.03) ? null : rng.Pick(Owners[region]);
        var created = Now.AddDays(-rng.Between(30, 1500)).AddMinutes(-rng.Below(1440));
        var customer = new Customer(FirstNumber + index, name, domain, region, owner)
        {
            Industry = rng.Chance(0.04) ? null : rng.Pick(Industries),
            Segment = rng.Pick(Segments),
            Lifecycle = (LifecycleStage)rng.Weighted([20, 25, 45, 10]),
            CreatedAt = created,
            UpdatedAt = created.AddDays(rng.Between(0, (int)(Now - created).TotalDays)),
        };
        customer.SetHealth(customer.Lifecycle == LifecycleStage.Lead ? null : rng.Between(5, 100));
        if (customer.Lifecycle is LifecycleStage.Customer or LifecycleStage.Churned)
            customer.SetArr(rng.Between(4, 600) * 500m, "USD");
        return customer;
    }

    public IEnumerable<Customer> Customers()
    {
        for (var i = 0; i < CustomerCount; i++) yield return Customer(i);
    }

    /// <summary>One to three people per customer, e-mail at the customer's domain.</summary>
    public IEnumerable<Contact> Contacts(Func<int, long> customerId)
    {
        var number = FirstNumber;
        for (var i = 0; i < CustomerCount; i++)
        {
            var rng = new DemoRandom(_seed, i, 2);
            var (_, domain) = CompanyName(i);
            var count = rng.Between(1, 3);
            for (var c = 0; c < count; c++)
            {
                var first = rng.Pick(FirstNames);
                var last = rng.Pick(LastNames);
                var phone = rng.Chance(0.8) ? $"{rng.Pick(PhonePrefixes)} {rng.Between(1000, 9999)} {rng.Between(100, 999)}" : null;
                yield return new Contact(number++, customerId(i), $"{first} {last}", $"{first}.{last}.{c + 1}@{domain}".ToLowerInvariant(),
                    phone, rng.Pick(Titles)) { CreatedAt = Now.AddDays(-rng.Between(1, 900)) };
            }
        }
    }

    /// <summary>Zero to three deals per customer, spread over every stage; some open ones slip past their close date.</summary>
    public IEnumerable<Deal> Deals(Func<int, long> customerId)
    {
        var number = FirstNumber;
        for (var i = 0; i < CustomerCount; i++)
        {
            var rng = new DemoRandom(_seed, i, 3);
            var owner = Customer(i).OwnerEmail ?? rng.Pick(Owners[rng.Pick(Regions)]);
            var count = rng.Weighted([30, 35, 25, 10]);
            for (var d = 0; d < count; d++)
            {
                var stage = (DealStage)rng.Weighted([18, 16, 14, 12, 22, 18]);
                var close = stage.IsClosed() ? Today.AddDays(-rng.Between(1, 300)) : Today.AddDays(rng.Between(-30, 180));
                var created = Now.AddDays(-rng.Between(20, 400));
                var deal = new Deal(number++, customerId(i), rng.Pick(DealNames), rng.Between(2, 500) * 500m, "USD", close, owner)
                {
                    CreatedAt = created,
                    UpdatedAt = created.AddDays(rng.Between(0, 19)),
                };
                deal.Seat(stage, deal.UpdatedAt);
                yield return deal;
            }
        }
    }

    /// <summary>Zero to two tickets per customer; about half are still open, some past their SLA.</summary>
    public IEnumerable<Ticket> Tickets(Func<int, long> customerId)
    {
        var number = FirstNumber;
        for (var i = 0; i < CustomerCount; i++)
        {
            var rng = new DemoRandom(_seed, i, 4);
            var count = rng.Weighted([40, 40, 20]);
            for (var t = 0; t < count; t++)
            {
                var opened = Now.AddHours(-rng.Between(1, 24 * 60));
                var ticket = new Ticket(number++, customerId(i), rng.Pick(TicketSubjects), (TicketPriority)rng.Weighted([25, 45, 22, 8]), opened);
                var status = (TicketStatus)rng.Weighted([35, 15, 30, 20]);
                if (status != TicketStatus.Open)
                    ticket.ChangeStatus(status, Min(opened.AddHours(rng.Between(1, 96)), Now));
                yield return ticket;
            }
        }
    }

    /// <summary>Zero to three invoices per customer, net 30; most are paid, the rest open or overdue.</summary>
    public IEnumerable<Invoice> Invoices(Func<int, long> customerId)
    {
        var number = FirstNumber;
        for (var i = 0; i < CustomerCount; i++)
        {
            var rng = new DemoRandom(_seed, i, 5);
            var count = rng.Weighted([30, 30, 25, 15]);
            for (var v = 0; v < count; v++)
            {
                var issued = Today.AddDays(-rng.Between(0, 240));
                var invoice = new Invoice(number++, customerId(i), rng.Between(1, 200) * 250m, "USD", issued, issued.AddDays(30));
                var paidOn = issued.AddDays(rng.Between(5, 60));
                if (rng.Chance(0.7) && paidOn <= Today)
                    invoice.MarkPaid(new DateTimeOffset(paidOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
                yield return invoice;
            }
        }
    }

    /// <summary>A unique name and domain per index: the index is mapped one-to-one onto the name space.</summary>
    private (string Name, string Domain) CompanyName(int index)
    {
        var slot = (long)((ulong)(index * NameStride + _nameOffset) % (ulong)NameSpace);
        var sector = Sectors[slot % 32];
        slot /= 32;
        var brand = Syllables[slot % 64] + Syllables[slot / 64 % 64] + Syllables[slot / 4096 % 64];
        brand = char.ToUpperInvariant(brand[0]) + brand[1..];
        return ($"{brand} {sector}", $"{brand}-{sector}.example".ToLowerInvariant());
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
