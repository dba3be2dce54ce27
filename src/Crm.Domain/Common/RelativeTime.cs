using System.Globalization;

namespace Crm.Domain.Common;

/// <summary>How long ago something happened, as people say it: "just now", "5 minutes ago", "yesterday", "3 days ago".</summary>
public static class RelativeTime
{
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        // A moment slightly in the future (clocks of two hosts) is "just now" too.
        if (age < TimeSpan.FromMinutes(1)) return "just now";
        if (age < TimeSpan.FromHours(1)) return Count((int)age.TotalMinutes, "minute");
        if (age < TimeSpan.FromDays(1)) return Count((int)age.TotalHours, "hour");
        if (age < TimeSpan.FromDays(2)) return "yesterday";
        if (age < TimeSpan.FromDays(30)) return Count((int)age.TotalDays, "day");
        if (age < TimeSpan.FromDays(365)) return Count((int)(age.TotalDays / 30), "month");
        return Count((int)(age.TotalDays / 365), "year");
    }

    private static string Count(int n, string unit) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s") + " ago";
}
