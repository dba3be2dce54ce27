namespace Crm.Domain.Customers;

/// <summary>
/// Why a customer matched a search by what was said: the note, who wrote it and when, and a short
/// piece of its text around the first matching word (plain text, at most <see cref="Search.NoteSnippet.MaxLength"/> characters).
/// </summary>
public sealed record NoteMatch(long EntryId, string ActorEmail, DateTimeOffset At, string Snippet);
