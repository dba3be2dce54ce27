using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Domain.Reports;

/// <summary>
/// Who a report is rendered for: a channel at its clearance (digests, shared reports) or one person at
/// their own permissions (the <c>report</c> verb). <paramref name="Name"/> appears in the redaction note.
/// </summary>
public sealed record ReportAudience(string Name, FieldClass Classes, ReplyVisibility Visibility, TimeZoneInfo? TimeZone = null)
{
    public TimeZoneInfo Zone => TimeZone ?? TimeZoneInfo.Utc;

    /// <summary>How this audience sees times: in <see cref="Zone"/>, named after each time.</summary>
    public TimeDisplay Times => new(Zone);
}
