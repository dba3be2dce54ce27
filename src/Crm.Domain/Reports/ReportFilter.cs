using System.Globalization;
using System.Text.Json;
using Crm.Domain.Digests;

namespace Crm.Domain.Reports;

/// <summary>
/// What a report or digest is narrowed to: a customer region and segment, an owner (by e-mail), and a
/// period of each record's own date (<see cref="DateMeaning"/>). Values are already resolved and canonical
/// (the region as customers store it, the owner's e-mail), so applying the filter is plain equality in
/// the query. A filter only ever removes records; what an audience may see of the rest is decided as
/// without one (<see cref="ReportReplyBuilder"/>).
/// </summary>
public sealed record ReportFilter(string? Region = null, string? Segment = null, string? Owner = null, DateOnly? Since = null, DateOnly? Until = null)
{
    public static readonly ReportFilter None = new();

    /// <summary>The filter words, in the order they are described and parsed.</summary>
    public static readonly IReadOnlyList<string> Words = ["region", "segment", "owner", "since", "until"];

    public bool IsEmpty => Region is null && Segment is null && Owner is null && Since is null && Until is null;

    /// <summary>Which date of a record <c>since</c> and <c>until</c> bound, per report kind.</summary>
    public static string DateMeaning(DigestKind kind) => kind switch
    {
        DigestKind.Pipeline or DigestKind.Renewals => "deal close date",
        DigestKind.Tickets => "ticket opened (UTC day)",
        DigestKind.Overdue => "invoice due date",
        _ => "customer created (UTC day); stale deals by close date",
    };

    /// <summary>Whose records <c>owner</c> picks, per report kind.</summary>
    public static string OwnerMeaning(DigestKind kind) => kind switch
    {
        DigestKind.Pipeline or DigestKind.Renewals => "deal owner",
        DigestKind.Tickets or DigestKind.Overdue => "customer owner",
        _ => "customer owner; stale deals by deal owner",
    };

    /// <summary>The filter as it is typed back (<c>region EMEA owner max@example.com since 2026-10-01</c>); empty when none.</summary>
    public string ToWords()
    {
        var parts = new List<string>();
        if (Region is not null) parts.Add($"region {Quote(Region)}");
        if (Segment is not null) parts.Add($"segment {Quote(Segment)}");
        if (Owner is not null) parts.Add($"owner {Owner}");
        if (Since is { } s) parts.Add($"since {Date(s)}");
        if (Until is { } u) parts.Add($"until {Date(u)}");
        return string.Join(' ', parts);
    }

    /// <summary>For a reply: what the filter kept, in the report's own terms ("region EMEA · deal owner max@… · deal close date 2026-10-01 to 2026-12-31").</summary>
    public string Describe(DigestKind kind)
    {
        var parts = new List<string>();
        if (Region is not null) parts.Add($"region {Region}");
        if (Segment is not null) parts.Add($"segment {Segment}");
        if (Owner is not null) parts.Add($"{OwnerMeaning(kind)} {Owner}");
        if (Since is not null || Until is not null)
        {
            var range = (Since, Until) switch
            {
                ({ } s, { } u) => $"{Date(s)} to {Date(u)}",
                ({ } s, null) => $"from {Date(s)}",
                (null, { } u) => $"until {Date(u)}",
                _ => "",
            };
            parts.Add($"{DateMeaning(kind)} {range}");
        }
        return string.Join(" · ", parts);
    }

    /// <summary>The stored form (a digest's <c>Filters</c> column): JSON, or null for no filter.</summary>
    public string? ToJson() => IsEmpty ? null : JsonSerializer.Serialize(this, JsonOptions);

    public static ReportFilter FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? None : JsonSerializer.Deserialize<ReportFilter>(json, JsonOptions) ?? None;

    /// <summary>The first instant of <see cref="Since"/> (UTC), for records dated by an instant.</summary>
    internal DateTimeOffset? SinceInstant => Since is { } s ? new DateTimeOffset(s.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    /// <summary>The first instant after <see cref="Until"/> (UTC): <see cref="Until"/> is a whole day, included.</summary>
    internal DateTimeOffset? UntilEndInstant => Until is { } u ? new DateTimeOffset(u.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Quote(string value) => value.Contains(' ') ? $"\"{value}\"" : value;
}
