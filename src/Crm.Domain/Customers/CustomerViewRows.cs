using System.Text.Json.Serialization;

namespace Crm.Domain.Customers;

/// <summary>
/// The columns a customer view is built from, read in one go. Kept apart from the entities so the
/// single-round-trip PostgreSQL read can fill them straight from JSON without touching domain rules.
/// </summary>
public sealed record CustomerViewRows(
    [property: JsonPropertyName("customer")] CustomerViewRows.CustomerRow Customer,
    [property: JsonPropertyName("contacts")] IReadOnlyList<CustomerViewRows.ContactRow> Contacts,
    [property: JsonPropertyName("deals")] IReadOnlyList<CustomerViewRows.DealRow> Deals,
    [property: JsonPropertyName("tickets")] IReadOnlyList<CustomerViewRows.TicketRow> Tickets,
    [property: JsonPropertyName("invoices")] IReadOnlyList<CustomerViewRows.InvoiceRow> Invoices,
    [property: JsonPropertyName("timeline")] IReadOnlyList<CustomerViewRows.TimelineRow> Timeline)
{
    public sealed record CustomerRow(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("number")] long Number,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("domain")] string? Domain,
        [property: JsonPropertyName("industry")] string? Industry,
        [property: JsonPropertyName("segment")] string? Segment,
        [property: JsonPropertyName("region")] string? Region,
        [property: JsonPropertyName("owner")] string? OwnerEmail,
        [property: JsonPropertyName("lifecycle")] string Lifecycle,
        [property: JsonPropertyName("health")] int? HealthScore,
        [property: JsonPropertyName("arr")] decimal Arr,
        [property: JsonPropertyName("currency")] string Currency);

    public sealed record ContactRow(
        [property: JsonPropertyName("number")] long Number,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("email")] string? Email,
        [property: JsonPropertyName("phone")] string? Phone);

    public sealed record DealRow(
        [property: JsonPropertyName("number")] long Number,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("stage")] string Stage,
        [property: JsonPropertyName("amount")] decimal Amount,
        [property: JsonPropertyName("currency")] string Currency,
        [property: JsonPropertyName("close")] DateOnly? CloseDate,
        [property: JsonPropertyName("owner")] string? OwnerEmail);

    public sealed record TicketRow(
        [property: JsonPropertyName("number")] long Number,
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("priority")] string Priority,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("sla")] DateTimeOffset SlaDueAt);

    public sealed record InvoiceRow(
        [property: JsonPropertyName("number")] long Number,
        [property: JsonPropertyName("amount")] decimal Amount,
        [property: JsonPropertyName("currency")] string Currency,
        [property: JsonPropertyName("due")] DateOnly DueOn,
        [property: JsonPropertyName("paid")] DateTimeOffset? PaidAt);

    /// <summary>A timeline entry; the rows are the latest few of each field class, newest first.</summary>
    public sealed record TimelineRow(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("actor")] string ActorEmail,
        [property: JsonPropertyName("platform")] string Platform,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("class")] int FieldClass);
}
