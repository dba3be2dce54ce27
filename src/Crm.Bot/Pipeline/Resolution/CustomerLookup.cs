using Crm.Domain.Customers;
using Crm.Domain.Replies;

namespace Crm.Bot.Pipeline.Resolution;

/// <summary>The one customer a reference named, or the reply that says why not (none, or several to pick from).</summary>
public sealed record CustomerLookup(Customer? Customer, Reply? Problem);
