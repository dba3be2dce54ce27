using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Bot.Delivery;

/// <summary>
/// One outbox row of an answer with what the edge already knew about it: the answer itself and, when the
/// platform can use it, where it goes (a Teams conversation reference), so the sender parses and looks up nothing.
/// </summary>
public sealed record AnswerRow(OutboxMessage Row, Reply Reply, object? SendHint = null);
