namespace Crm.Domain.Customers.Search;

/// <summary>A note that matched a search, with the customer it belongs to.</summary>
public sealed record NoteRow(long EntryId, long CustomerId, string ActorEmail, DateTimeOffset At, string Text,
    long Number, string Name, string? Domain, string? Region);
