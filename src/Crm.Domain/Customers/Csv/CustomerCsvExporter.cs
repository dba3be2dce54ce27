using System.Globalization;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Storage;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Csv;

/// <summary>Writes every customer with its first contact in the import format, streaming, and audits the export.</summary>
public sealed class CustomerCsvExporter(CrmDbContext db, TimeProvider time)
{
    public async Task<long> ExportAsync(TextWriter writer, string actor, string command, CancellationToken cancellationToken)
    {
        // Escape cells a spreadsheet would run as formulas (a name like "=HYPERLINK(...)"); import undoes it.
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape, NewLine = "\n" };
        await using var csv = CsvWriter.Create(writer, options, leaveOpen: true);
        csv.WriteHeader([.. CustomerCsvColumns.All]);

        long count = 0;
        var rows = db.Customers.AsNoTracking().OrderBy(c => c.Number).Select(c => new
        {
            Customer = c,
            Contact = c.Contacts.OrderBy(p => p.Number).FirstOrDefault(),
        }).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var c = row.Customer;
            var p = row.Contact;
            string?[] fields =
            [
                c.HumanId, c.Name, c.Domain, c.Industry, c.Segment, c.Region, c.OwnerEmail, c.Lifecycle.ToString().ToLowerInvariant(),
                c.HealthScore?.ToString(CultureInfo.InvariantCulture), c.Arr.ToString("0.00", CultureInfo.InvariantCulture), c.Currency,
                p?.Name, p?.Email, p?.Phone, p?.Title,
            ];
            csv.WriteRecord(fields!);
            count++;
        }
        await csv.FlushAsync(cancellationToken);

        db.Audit.Add(new AuditRecord
        {
            At = time.GetUtcNow(), Actor = actor, Platform = Platform.Cli, Command = command, Action = AuditAction.Export,
            Outcome = AuditOutcome.Allowed, Detail = $"{count} customers exported",
        });
        await db.SaveChangesAsync(cancellationToken);
        return count;
    }
}
