using System.Globalization;

namespace Crm.Domain.Common;

/// <summary>
/// How a reply shows instants: all in one zone, and always saying which ("2026-12-07 09:00 Europe/Berlin",
/// "… UTC"), so nobody has to guess and one screen never mixes zones. The zone is the reader's: the
/// asker's own for a private answer, the channel's for a post, the digest's for a digest.
/// </summary>
public sealed record TimeDisplay(TimeZoneInfo Zone)
{
    public static TimeDisplay Utc { get; } = new(TimeZoneInfo.Utc);

    /// <summary>The zone as shown after each time: "UTC" or its IANA name.</summary>
    public string ZoneName { get; } = Name(Zone);

    /// <summary>Date and time of day in the zone, followed by the zone's name.</summary>
    public string Moment(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + ZoneName;

    /// <summary>
    /// An instant in a stored record (an audit detail): ISO 8601 in UTC ("2026-12-07T08:00Z"). Records
    /// are read later by anyone, anywhere, so they carry the unambiguous form, not a reader's zone.
    /// </summary>
    public static string Record(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>The zone named by <paramref name="zoneId"/> when it is a known zone; otherwise <paramref name="fallback"/>.</summary>
    public static TimeDisplay For(string? zoneId, TimeDisplay fallback) => TryFind(zoneId, out var zone) ? new TimeDisplay(zone) : fallback;

    public static bool TryFind(string? zoneId, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(zoneId)) return false;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId.Trim(), out var found)) return false;
        zone = found;
        return true;
    }

    private static string Name(TimeZoneInfo zone)
    {
        if (zone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "Etc/Universal" or "Etc/Zulu" || zone == TimeZoneInfo.Utc) return "UTC";
        if (zone.HasIanaId) return zone.Id;
        return TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
    }
}
