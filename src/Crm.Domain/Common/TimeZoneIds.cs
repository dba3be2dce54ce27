namespace Crm.Domain.Common;

/// <summary>
/// Zone names as directories report them, made IANA ids: Slack gives IANA ("Europe/Berlin"), Microsoft
/// Graph's mailboxSettings gives Windows names ("W. Europe Standard Time"). Everything the CRM stores
/// and shows is IANA, so one person reads the same zone name on every platform.
/// </summary>
public static class TimeZoneIds
{
    /// <summary>The IANA id of <paramref name="id"/> (IANA kept, Windows mapped through ICU); null when it names no known zone.</summary>
    public static string? ToIana(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        var trimmed = id.Trim();
        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(trimmed, out var iana)) return iana;
        // Not a Windows name: keep it when it is a zone this machine knows by its IANA id.
        return TimeZoneInfo.TryFindSystemTimeZoneById(trimmed, out var zone) && zone.HasIanaId ? zone.Id : null;
    }
}
