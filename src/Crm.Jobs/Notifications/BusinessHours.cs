namespace Crm.Jobs.Notifications;

/// <summary>Adds working time (Monday to Friday, between a day's start and end, in one zone) to an instant.</summary>
public sealed record BusinessHours(TimeOnly DayStart, TimeOnly DayEnd, TimeZoneInfo Zone)
{
    /// <summary>The instant when <paramref name="hours"/> business hours have passed since <paramref name="from"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset from, double hours)
    {
        if (DayEnd <= DayStart) throw new InvalidOperationException("The business day must end after it starts.");
        var remaining = TimeSpan.FromHours(hours);
        var local = TimeZoneInfo.ConvertTime(from, Zone).DateTime;
        // Ten years of weekdays is far more than any follow-up needs; the bound only guards the loop.
        for (var day = 0; day < 3660; day++)
        {
            if (local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                var start = local.Date + DayStart.ToTimeSpan();
                var end = local.Date + DayEnd.ToTimeSpan();
                var begin = local > start ? local : start;
                if (begin < end)
                {
                    var available = end - begin;
                    if (remaining <= available) return ToInstant(begin + remaining);
                    remaining -= available;
                }
            }
            local = local.Date.AddDays(1);
        }
        throw new InvalidOperationException("Business hours could not be added.");
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        // A business-day time inside a DST gap does not exist; the hour after it does.
        if (Zone.IsInvalidTime(local)) local = local.AddHours(1);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
