using Crm.Domain.Digests;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Jobs.Tests.Digests;

internal static class DigestTestData
{
    public static async Task<long> SubscribeAsync(CrmDbContext db, DigestKind kind, string channelExternalId, bool skipWhenEmpty = false,
        string schedule = "weekly mon 09:00", string zone = "Europe/Berlin")
    {
        var channel = await db.Channels.SingleAsync(c => c.ExternalId == channelExternalId);
        Assert.True(DigestSchedule.TryParse(schedule, zone, out var parsed, out var error), error);
        var subscription = new DigestSubscription
        {
            ChannelId = channel.Id, Kind = kind, Schedule = parsed.Text, Cron = parsed.Cron, TimeZone = parsed.TimeZoneId,
            SkipWhenEmpty = skipWhenEmpty, CreatedBy = "max@example.com", CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Digests.Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }
}
