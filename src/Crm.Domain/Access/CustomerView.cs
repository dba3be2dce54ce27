namespace Crm.Domain.Access;

/// <summary>
/// Everything the bot may say about one customer, each part tagged by its field class through
/// <see cref="Redactor"/>. Built from the database, redacted for an audience, then rendered.
/// </summary>
public sealed record CustomerView
{
    // basic
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Domain { get; init; }
    public string? Industry { get; init; }
    public string? Segment { get; init; }
    public string? Region { get; init; }
    public string? Owner { get; init; }
    public string? Lifecycle { get; init; }

    // contact
    public IReadOnlyList<ContactLine> Contacts { get; init; } = [];

    // commercial
    public decimal? Arr { get; init; }
    public string? Currency { get; init; }
    public IReadOnlyList<DealLine> Deals { get; init; } = [];

    // support summary
    public int? Health { get; init; }
    public int? OpenTickets { get; init; }
    public string? WorstOpenPriority { get; init; }

    // support
    public IReadOnlyList<TicketLine> Tickets { get; init; } = [];

    // financial summary
    public int? OverdueInvoices { get; init; }
    public decimal? OverdueTotal { get; init; }
    public string? OverdueCurrency { get; init; }

    // financial
    public IReadOnlyList<InvoiceLine> Invoices { get; init; } = [];

    /// <summary>How many of the latest timeline entries a card shows.</summary>
    public const int LatestEntries = 3;

    /// <summary>
    /// The latest timeline entries, newest first, each with its own class: as loaded, the latest
    /// <see cref="LatestEntries"/> of every class (so whatever an audience may read, its latest
    /// <see cref="LatestEntries"/> are among them); after redaction, the latest the audience may read.
    /// </summary>
    public IReadOnlyList<TimelineLine> Timeline { get; init; } = [];

    /// <summary>What just changed (follow notifications), each line with the class of the data it names.</summary>
    public IReadOnlyList<ChangeLine> Changes { get; init; } = [];
}
