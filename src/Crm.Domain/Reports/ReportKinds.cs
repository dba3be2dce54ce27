using Crm.Domain.Access;
using Crm.Domain.Digests;

namespace Crm.Domain.Reports;

/// <summary>The five reports (the same kinds a digest can be), their names and the field class each needs.</summary>
public static class ReportKinds
{
    public static IReadOnlyList<DigestKind> All { get; } = Enum.GetValues<DigestKind>();

    public static string AllNames => string.Join(", ", All.Select(Name));

    public static string Name(this DigestKind kind) => kind.ToString().ToLowerInvariant();

    public static string Title(this DigestKind kind) => kind switch
    {
        DigestKind.Pipeline => "Pipeline",
        DigestKind.Tickets => "Tickets",
        DigestKind.Renewals => "Renewals (next 60 days)",
        DigestKind.Overdue => "Overdue invoices",
        _ => "Data quality",
    };

    public static bool TryParse(string? text, out DigestKind kind) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);

    /// <summary>The class an audience needs to see the report's records.</summary>
    public static FieldClass RequiredClass(this DigestKind kind) => kind switch
    {
        DigestKind.Pipeline or DigestKind.Renewals => FieldClass.Commercial,
        DigestKind.Tickets => FieldClass.Support,
        DigestKind.Overdue => FieldClass.Financial,
        _ => FieldClass.Basic,
    };

    /// <summary>
    /// The least an audience needs for any view of the report: support and financial summaries see
    /// counts and totals, segment-level aggregates see counts per segment.
    /// </summary>
    public static bool CanSeeAnything(this DigestKind kind, FieldClass audience) =>
        ReportReplyBuilder.ViewFor(kind, audience) != ReportView.None;
}
