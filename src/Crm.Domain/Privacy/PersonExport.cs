namespace Crm.Domain.Privacy;

/// <summary>
/// Everything the CRM stores about one person (a data subject's access request, GDPR art. 15 /
/// CCPA): each list is one kind of row. Reply addresses (Slack response_url) are never included.
/// </summary>
public sealed record PersonExport(
    string Email,
    DateTimeOffset ExportedAt,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Contacts,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> ChatAccounts,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> RoleRules,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> CustomersOwned,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Timeline,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Tasks,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Handoffs,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Digests,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Messages,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> StoredAnswers,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> Audit,
    IReadOnlyList<IReadOnlyDictionary<string, string?>> StoredFiles)
{
    /// <summary>Each kind of row with its name (the CSV file name and the JSON property).</summary>
    public IEnumerable<(string Kind, IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows)> Kinds =>
    [
        ("contacts", Contacts), ("chat-accounts", ChatAccounts), ("role-rules", RoleRules), ("customers-owned", CustomersOwned),
        ("timeline", Timeline), ("tasks", Tasks), ("handoffs", Handoffs), ("digests", Digests), ("messages", Messages),
        ("stored-answers", StoredAnswers), ("audit", Audit), ("stored-files", StoredFiles),
    ];
}
