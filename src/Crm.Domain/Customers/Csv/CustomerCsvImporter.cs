using System.Globalization;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Storage;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Csv;

/// <summary>
/// Imports customers (each with an optional first contact) from CSV. Every row is checked first:
/// formats, duplicates inside the file and against the database (same name or domain). Without
/// <c>skipInvalid</c> one bad row means nothing is written; with it the good rows are written and
/// the bad ones reported. Either way the attempt is audited.
/// </summary>
public sealed class CustomerCsvImporter(CrmDbContext db, TimeProvider time)
{
    private const int LookupChunk = 500;

    public async Task<CustomerImportReport> ImportAsync(TextReader reader, bool skipInvalid, string actor, string command,
        CancellationToken cancellationToken)
    {
        var (rows, problems, fileError) = Read(reader);
        if (fileError is null)
        {
            await MarkDuplicatesAsync(rows, problems, cancellationToken);
        }

        // One entry per bad line, with every reason found for it (field faults first, then duplicates).
        problems = problems.GroupBy(p => p.Line).OrderBy(g => g.Key)
            .Select(g => new ImportProblem(g.Key, g.SelectMany(p => p.Reasons).Distinct().ToList())).ToList();
        var good = rows.Where(r => r.Customer is not null && problems.All(p => p.Line != r.Line)).ToList();
        var apply = fileError is null && (skipInvalid || problems.Count == 0);
        var report = new CustomerImportReport(rows.Count, apply ? good.Count : 0, problems, fileError);
        if (apply && good.Count > 0) await AddAsync(good, cancellationToken);

        db.Audit.Add(new AuditRecord
        {
            At = time.GetUtcNow(), Actor = actor, Platform = Platform.Cli, Command = command, Action = AuditAction.Import,
            Outcome = report.Applied > 0 || (apply && rows.Count == 0) ? AuditOutcome.Allowed : AuditOutcome.Failed,
            Detail = fileError ?? $"{report.Applied} of {rows.Count} rows imported; {problems.Count} invalid",
        });
        // One SaveChanges: the customers, their contacts and the audit row commit together or not at all.
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    private static (List<CustomerCsvRow> Rows, List<ImportProblem> Problems, string? FileError) Read(TextReader reader)
    {
        var rows = new List<CustomerCsvRow>();
        var problems = new List<ImportProblem>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = bad => problems.Add(new ImportProblem((int)bad.LineNumber, bad.Reason == CsvMalformedReason.FieldCountMismatch
                ? "Has a different number of fields than the header (a missing or extra comma, or an unquoted comma in a value)."
                : $"Malformed quoting ({bad.Reason}); put values containing commas or quotes in double quotes and double the quotes inside.")),
        };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        var columns = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (columns.Length == 0 || columns.All(c => c.Length == 0))
            return (rows, problems, $"The file is empty; the first line must be a header such as: {string.Join(',', CustomerCsvColumns.All.Skip(1))}");

        var unknown = columns.Where(c => !CustomerCsvColumns.All.Contains(c)).ToList();
        var missing = CustomerCsvColumns.Required.Where(r => !columns.Contains(r)).ToList();
        var repeated = columns.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (unknown.Count > 0 || missing.Count > 0 || repeated.Count > 0)
        {
            var reasons = new List<string>();
            if (missing.Count > 0) reasons.Add($"required column(s) missing: {string.Join(", ", missing)}");
            if (unknown.Count > 0) reasons.Add($"unknown column(s): {string.Join(", ", unknown)}");
            if (repeated.Count > 0) reasons.Add($"repeated column(s): {string.Join(", ", repeated)}");
            return (rows, problems, $"The header is not usable ({string.Join("; ", reasons)}). Known columns: {string.Join(", ", CustomerCsvColumns.All)}.");
        }

        // Every cell may end up in front of other people (cards, digests): bidi controls and invisible characters go.
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            var values = Enumerable.Range(0, columns.Length).Select(i => i < csv.FieldCount ? Unescape(UntrustedText.Neutralize(csv.GetString(i)).Trim()) : "").ToArray();
            if (values.All(v => v.Length == 0)) continue;
            var row = CustomerCsvRow.Parse(line, name => Array.IndexOf(columns, name) is >= 0 and var i && values[i].Length > 0 ? values[i] : null);
            if (row.Errors.Count > 0) problems.Add(new ImportProblem(line, row.Errors));
            rows.Add(row);
        }
        return (rows, problems, null);
    }

    /// <summary>Undoes the export's formula guard: a leading ' before = + - @ marks text, not part of the value.</summary>
    private static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' ? value[1..] : value;

    /// <summary>
    /// Same name or same domain as an earlier line or an existing customer. Rows with other faults are
    /// checked too (by whatever of name and domain is valid), so fixing those does not reveal new ones.
    /// </summary>
    private async Task MarkDuplicatesAsync(List<CustomerCsvRow> rows, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        var firstByName = new Dictionary<string, int>();
        var firstByDomain = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            if (row.NameKey is { } key && !firstByName.TryAdd(key, row.Line))
                problems.Add(new ImportProblem(row.Line, $"Duplicate of line {firstByName[key]} (same name '{row.Name}'); remove one of the two rows or give them different names."));
            if (row.Domain is { } domain && !firstByDomain.TryAdd(domain, row.Line))
                problems.Add(new ImportProblem(row.Line, $"Duplicate of line {firstByDomain[domain]} (same domain {domain}); remove one of the two rows or change the domain."));
        }

        var names = await ExistingAsync(firstByName.Keys, keys => db.Customers.Where(c => keys.Contains(c.NameKey)).Select(c => new KeyedNumber(c.NameKey, c.Number)), cancellationToken);
        var domains = await ExistingAsync(firstByDomain.Keys, keys => db.Customers.Where(c => keys.Contains(c.Domain!)).Select(c => new KeyedNumber(c.Domain!, c.Number)), cancellationToken);
        foreach (var row in rows)
        {
            if (row.NameKey is { } key && names.TryGetValue(key, out var byName))
                problems.Add(new ImportProblem(row.Line, $"Customer {HumanId.Format(HumanId.Customer, byName)} already has the name '{row.Name}'; leave the row out (change that customer in chat) or give the new one a different name."));
            if (row.Domain is { } domain && domains.TryGetValue(domain, out var byDomain))
                problems.Add(new ImportProblem(row.Line, $"Customer {HumanId.Format(HumanId.Customer, byDomain)} already has the domain {domain}; leave the row out or change the domain."));
        }
    }

    private static async Task<Dictionary<string, long>> ExistingAsync(IEnumerable<string> keys, Func<List<string>, IQueryable<KeyedNumber>> query,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, long>();
        foreach (var chunk in keys.Chunk(LookupChunk))
        {
            foreach (var hit in await query([.. chunk]).ToListAsync(cancellationToken))
                found.TryAdd(hit.Key, hit.Number);
        }
        return found;
    }

    private async Task AddAsync(List<CustomerCsvRow> rows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nextCustomer = (await db.Customers.MaxAsync(c => (long?)c.Number, cancellationToken) ?? 1000) + 1;
        var nextContact = (await db.Contacts.MaxAsync(c => (long?)c.Number, cancellationToken) ?? 1000) + 1;
        foreach (var row in rows)
        {
            var c = row.Customer!;
            var customer = new Customer(nextCustomer++, c.Name, c.Domain, c.Region, c.OwnerEmail)
            {
                Industry = c.Industry, Segment = c.Segment, Lifecycle = c.Lifecycle, CreatedAt = now, UpdatedAt = now,
            };
            customer.SetHealth(c.HealthScore);
            customer.SetArr(c.Arr, c.Currency);
            if (row.Contact is { } p)
                customer.Contacts.Add(new Contact(nextContact++, 0, p.Name, p.Email, p.Phone, p.Title) { CreatedAt = now });
            db.Customers.Add(customer);
        }
    }

    private sealed record KeyedNumber(string Key, long Number);
}
