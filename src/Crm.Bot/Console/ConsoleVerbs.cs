namespace Crm.Bot.TryIt;

/// <summary>The command words the page completes, with an example each (product.md's verb table).</summary>
public static class ConsoleVerbs
{
    public static readonly IReadOnlyList<(string Verb, string Example)> All =
    [
        ("help", "help"),
        ("whoami", "whoami"),
        ("find", "find acme"),
        ("show", "show acme"),
        ("new", "new customer \"Globex Ltd\" domain globex.example region EMEA"),
        ("note", "note acme Call went well, wants a demo"),
        ("deal", "deal D-1001 stage won"),
        ("ticket", "ticket acme \"Cannot log in\" priority high"),
        ("invoice", "invoice acme"),
        ("task", "task acme @ava call back about renewal due fri"),
        ("handoff", "handoff acme to support Onboarding starts Monday"),
        ("share", "share acme"),
        ("follow", "follow acme"),
        ("unfollow", "unfollow acme"),
        ("digest", "digest add pipeline weekly mon 09:00 Europe/Berlin"),
        ("report", "report pipeline"),
        ("audit", "audit acme"),
        ("admin", "admin channel finance"),
    ];
}
