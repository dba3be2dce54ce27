using System.Globalization;
using Crm.Domain.Audit;
using Crm.Domain.Storage;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Audit;

/// <summary>The audit trail since a moment as CSV: shared by the chat command (run through <c>ask</c>) and the <c>audit export</c> verb.</summary>
public static class AuditCsv
{
    private static readonly string[] Header = ["id", "at", "actor", "platform", "workspace", "channel", "command", "action", "record", "customer_id", "outcome", "detail"];

    /// <summary>Writes the rows at or after <paramref name="from"/> to <paramref name="path"/>; returns how many.</summary>
    public static async Task<int> WriteAsync(CrmDbContext db, DateTimeOffset from, string path, CancellationToken ct)
    {
        var rows = await db.Audit.AsNoTracking().Where(a => a.At >= from).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        // Actors and details are typed by people: escape anything a spreadsheet would run as a formula.
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape };
        await using var stream = new StreamWriter(path, append: false);
        using var csv = CsvWriter.Create(stream, options, leaveOpen: true);
        foreach (var header in Header) csv.WriteField(header);
        csv.EndRecord();
        foreach (var a in rows)
        {
            foreach (var value in Fields(a)) csv.WriteField(value);
            csv.EndRecord();
        }
        csv.Flush();
        return rows.Count;
    }

    private static IEnumerable<string> Fields(AuditRecord a) =>
    [
        a.Id.ToString(CultureInfo.InvariantCulture), a.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), a.Actor,
        a.Platform.ToString().ToLowerInvariant(), a.Workspace ?? "", a.Channel ?? "", a.Command, a.Action.ToString().ToLowerInvariant(),
        a.RecordRef ?? "", a.CustomerId?.ToString(CultureInfo.InvariantCulture) ?? "", a.Outcome.ToString().ToLowerInvariant(), a.Detail ?? "",
    ];
}
