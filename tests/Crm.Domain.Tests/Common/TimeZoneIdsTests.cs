using Crm.Domain.Common;

namespace Crm.Domain.Tests.Common;

/// <summary>
/// Graph reports Windows zone names; the CRM keeps IANA ids. On Linux .NET maps them through ICU:
/// these run on the same machine image as the host, so a missing ICU would fail here.
/// </summary>
public sealed class TimeZoneIdsTests
{
    [Theory]
    [InlineData("W. Europe Standard Time", "Europe/Berlin")]
    [InlineData("Pacific Standard Time", "America/Los_Angeles")]
    [InlineData("Eastern Standard Time", "America/New_York")]
    [InlineData("Tokyo Standard Time", "Asia/Tokyo")]
    [InlineData("GMT Standard Time", "Europe/London")]
    [InlineData(" India Standard Time ", "Asia/Calcutta")]
    public void WindowsNames_AreMappedToIana(string windows, string iana)
    {
        var mapped = TimeZoneIds.ToIana(windows);
        Assert.Equal(iana, mapped);
        Assert.True(TimeDisplay.TryFind(mapped, out var zone));
        Assert.Equal(iana, new TimeDisplay(zone).ZoneName);
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/Los_Angeles")]
    public void IanaIds_AreKept(string iana) => Assert.Equal(iana, TimeZoneIds.ToIana(iana));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Customized Time Zone")]
    [InlineData("tzone://Microsoft/Custom")]
    public void UnknownOrCustomZones_AreUnknown(string? id) => Assert.Null(TimeZoneIds.ToIana(id));
}
