using System.Globalization;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Timeline;
using Crm.Domain.Storage;
using Crm.Domain.Storage.Bulk;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Csv;

/// <summary>
/// Imports customers (each with an optional first contact) from CSV. A line that matches an existing
/// customer, by its id (C-1001) or else by its domain, updates that customer's fields given in the line
/// (empty cells leave a field as it is) and adds its contact when the customer has no such person; the
/// other lines create customers. Every line is checked first: formats, duplicates inside the file, names
/// and domains another customer has, two lines for one customer. Without <c>skipInvalid</c> one bad line
/// means nothing is written; with it the good lines are written and the bad ones reported. A dry run
/// reports what each line would do and writes nothing. Otherwise the attempt is audited, and each
/// updated customer gets an audit row and one timeline entry per changed field (in that field's class).
/// Matching reads customers in chunks (one query per 500 lines); new customers and contacts go in
/// through the bulk path (binary COPY on PostgreSQL), updates, timeline and audit rows with one
/// SaveChanges (batched statements), all in one transaction.
/// </summary>
public sealed class CustomerCsvImporter(CrmDbContext db, TimeProvider time)
{
    private const int LookupChunk = 500;

    public async Task<CustomerImportReport> ImportAsync(TextReader reader, bool skipInvalid, string actor, string command,
        CancellationToken cancellationToken, bool dryRun = false)
    {
        var (rows, problems, fileError) = Read(reader);
        var matched = new Dictionary<int, Customer>();
        var plans = new Dictionary<int, UpdatePlan>();
        if (fileError is null)
        {
            matched = await MatchAsync(rows, cancellationToken);
            await MarkDuplicatesAsync(rows, matched, problems, cancellationToken);
            plans = await PlanUpdatesAsync(rows.Where(r => r.Customer is not null && matched.ContainsKey(r.Line)).ToList(), matched, cancellationToken);
        }

        // One entry per bad line, with every reason found for it (field faults first, then duplicates).
        problems = problems.GroupBy(p => p.Line).OrderBy(g => g.Key)
            .Select(g => new ImportProblem(g.Key, g.SelectMany(p => p.Reasons).Distinct().ToList())).ToList();
        var rejected = problems.ToDictionary(p => p.Line);
        var good = rows.Where(r => r.Customer is not null && !rejected.ContainsKey(r.Line)).ToList();
        var lines = Describe(rows, rejected, matched, plans);
        var apply = !dryRun && fileError is null && (skipInvalid || problems.Count == 0);
        var creates = good.Where(r => !matched.ContainsKey(r.Line)).ToList();
        var updates = good.Where(r => plans.TryGetValue(r.Line, out var plan) && plan.Changes.Count > 0).ToList();
        var report = new CustomerImportReport(rows.Count, apply ? creates.Count + updates.Count : 0, problems, fileError)
        {
            Lines = lines, DryRun = dryRun,
        };
        if (dryRun)
        {
            // Matching loaded (tracked) customers; a dry run leaves them exactly as they are in the database.
            db.ChangeTracker.Clear();
            return report;
        }
        // One transaction: the created rows (COPY), the updates, timeline and audit rows commit together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (apply)
        {
            if (creates.Count > 0) await AddAsync(creates, cancellationToken);
            if (updates.Count > 0) await UpdateAsync(updates, matched, plans, actor, command, cancellationToken);
        }

        var written = apply && (problems.Count == 0 || report.Applied > 0);
        db.Audit.Add(new AuditRecord
        {
            At = time.GetUtcNow(), Actor = actor, Platform = Platform.Cli, Command = command, Action = AuditAction.Import,
            Outcome = written ? AuditOutcome.Allowed : AuditOutcome.Failed,
            Detail = fileError ?? (apply
                ? $"{creates.Count} created, {updates.Count} updated, {report.Unchanged} unchanged of {rows.Count} rows; {problems.Count} invalid"
                : $"nothing imported: {problems.Count} of {rows.Count} rows invalid"),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
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
    /// The customer each line updates: by its id when the database has that customer, else by its domain
    /// (domains are stored lower-case, so this ignores case). Lines with faults are matched too, so the
    /// checks below see every line.
    /// </summary>
    private async Task<Dictionary<int, Customer>> MatchAsync(List<CustomerCsvRow> rows, CancellationToken cancellationToken)
    {
        var byId = await LoadAsync(rows.Where(r => r.Id is not null).Select(r => r.Id!.Value).Distinct(),
            keys => db.Customers.Where(c => keys.Contains(c.Number)), c => c.Number, cancellationToken);
        var domains = rows.Where(r => !(r.Id is { } id && byId.ContainsKey(id)) && r.Domain is not null).Select(r => r.Domain!).Distinct();
        var byDomain = await LoadAsync(domains, keys => db.Customers.Where(c => keys.Contains(c.Domain!)), c => c.Domain!, cancellationToken);
        var matched = new Dictionary<int, Customer>();
        foreach (var row in rows)
        {
            if (row.Id is { } id && byId.TryGetValue(id, out var customer)) matched[row.Line] = customer;
            else if (row.Domain is { } domain && byDomain.TryGetValue(domain, out customer)) matched[row.Line] = customer;
        }
        return matched;
    }

    /// <summary>Customers (tracked, to be updated) by a key, read in chunks: one query per <see cref="LookupChunk"/> keys.</summary>
    private static async Task<Dictionary<TKey, Customer>> LoadAsync<TKey>(IEnumerable<TKey> keys, Func<List<TKey>, IQueryable<Customer>> query,
        Func<Customer, TKey> keyOf, CancellationToken cancellationToken) where TKey : notnull
    {
        var found = new Dictionary<TKey, Customer>();
        foreach (var chunk in keys.Chunk(LookupChunk))
        {
            foreach (var customer in await query([.. chunk]).ToListAsync(cancellationToken))
                found.TryAdd(keyOf(customer), customer);
        }
        return found;
    }

    /// <summary>
    /// Same name or same domain as an earlier line, two lines for one customer, or a name or domain that
    /// another customer already has. Rows with other faults are checked too (by whatever of name and
    /// domain is valid), so fixing those does not reveal new ones.
    /// </summary>
    private async Task MarkDuplicatesAsync(List<CustomerCsvRow> rows, Dictionary<int, Customer> matched, List<ImportProblem> problems,
        CancellationToken cancellationToken)
    {
        var firstByName = new Dictionary<string, int>();
        var firstByDomain = new Dictionary<string, int>();
        var firstByCustomer = new Dictionary<long, int>();
        foreach (var row in rows)
        {
            if (row.NameKey is { } key && !firstByName.TryAdd(key, row.Line))
                problems.Add(new ImportProblem(row.Line, $"Duplicate of line {firstByName[key]} (same name '{row.Name}'); remove one of the two rows or give them different names."));
            if (row.Domain is { } domain && !firstByDomain.TryAdd(domain, row.Line))
                problems.Add(new ImportProblem(row.Line, $"Duplicate of line {firstByDomain[domain]} (same domain {domain}); remove one of the two rows or change the domain."));
            if (matched.TryGetValue(row.Line, out var target) && !firstByCustomer.TryAdd(target.Number, row.Line))
                problems.Add(new ImportProblem(row.Line, $"Line {firstByCustomer[target.Number]} already updates {target.HumanId}; give each customer one line."));
        }

        var names = await ExistingAsync(firstByName.Keys, keys => db.Customers.Where(c => keys.Contains(c.NameKey)).Select(c => new KeyedNumber(c.NameKey, c.Number)), cancellationToken);
        // A domain can belong to another customer only for a line matched by its id (a line matched by domain is that customer's).
        var movedDomains = rows.Where(r => r.Domain is not null && matched.TryGetValue(r.Line, out var c) && c.Domain != r.Domain).Select(r => r.Domain!).Distinct();
        var domains = await ExistingAsync(movedDomains, keys => db.Customers.Where(c => keys.Contains(c.Domain!)).Select(c => new KeyedNumber(c.Domain!, c.Number)), cancellationToken);
        foreach (var row in rows)
        {
            var target = matched.GetValueOrDefault(row.Line);
            if (row.NameKey is { } key && names.TryGetValue(key, out var byName) && byName != target?.Number)
                problems.Add(new ImportProblem(row.Line, target is null
                    ? $"Customer {HumanId.Format(HumanId.Customer, byName)} already has the name '{row.Name}'; leave the row out (change that customer in chat), give the new one a different name, or give the row that customer's id or domain to update it."
                    : $"Customer {HumanId.Format(HumanId.Customer, byName)} already has the name '{row.Name}', so {target.HumanId} cannot be renamed to it; give it a different name."));
            if (target is not null && row.Domain is { } domain && domains.TryGetValue(domain, out var byDomain) && byDomain != target.Number)
                problems.Add(new ImportProblem(row.Line, $"Customer {HumanId.Format(HumanId.Customer, byDomain)} already has the domain {domain}, so {target.HumanId} cannot take it; leave the domain empty or change it."));
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

    /// <summary>
    /// New customers and their contacts through the bulk path (binary COPY on PostgreSQL) into the live
    /// tables, inside the import's transaction: keys reserved from the tables' sequences, numbers after the highest.
    /// </summary>
    private async Task AddAsync(List<CustomerCsvRow> rows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nextCustomer = (await db.Customers.MaxAsync(c => (long?)c.Number, cancellationToken) ?? 1000) + 1;
        var nextContact = (await db.Contacts.MaxAsync(c => (long?)c.Number, cancellationToken) ?? 1000) + 1;
        await using var loader = BulkLoader.For(db, intoLiveTables: true);
        var customerKeys = await loader.ReserveKeysAsync<Customer>(rows.Count, cancellationToken);
        var contactKeys = await loader.ReserveKeysAsync<Contact>(rows.Count(r => r.Contact is not null), cancellationToken);
        var customers = new Dictionary<Customer, long>(ReferenceEqualityComparer.Instance);
        var contacts = new Dictionary<Contact, long>(ReferenceEqualityComparer.Instance);
        foreach (var row in rows)
        {
            var c = row.Customer!;
            var customer = new Customer(nextCustomer++, c.Name, c.Domain, c.Region, c.OwnerEmail)
            {
                Industry = c.Industry, Segment = c.Segment, Lifecycle = c.Lifecycle, CreatedAt = now, UpdatedAt = now,
            };
            customer.SetHealth(c.HealthScore);
            customer.SetArr(c.Arr, c.Currency);
            var key = customerKeys[customers.Count];
            customers.Add(customer, key);
            if (row.Contact is { } p)
                contacts.Add(new Contact(nextContact++, key, p.Name, p.Email, p.Phone, p.Title) { CreatedAt = now }, contactKeys[contacts.Count]);
        }
        await loader.WriteAsync(customers.Keys, customer => customers[customer], cancellationToken);
        if (contacts.Count > 0) await loader.WriteAsync(contacts.Keys, contact => contacts[contact], cancellationToken);
        await loader.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// What each matched line changes: the fields it gives that differ from the customer's (an empty cell
    /// changes nothing), and its contact when the customer has no one with that e-mail (or, without an
    /// e-mail, that name). The contacts of all matched customers are read in chunks.
    /// </summary>
    private async Task<Dictionary<int, UpdatePlan>> PlanUpdatesAsync(List<CustomerCsvRow> rows, Dictionary<int, Customer> matched,
        CancellationToken cancellationToken)
    {
        var people = new Dictionary<long, List<(string? Email, string Name)>>();
        foreach (var chunk in rows.Select(r => matched[r.Line].Id).Distinct().Chunk(LookupChunk))
        {
            var ids = chunk.ToList();
            foreach (var person in await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.CustomerId))
                         .Select(c => new { c.CustomerId, c.Email, c.Name }).ToListAsync(cancellationToken))
            {
                if (!people.TryGetValue(person.CustomerId, out var list)) people[person.CustomerId] = list = [];
                list.Add((person.Email, person.Name));
            }
        }

        var plans = new Dictionary<int, UpdatePlan>();
        foreach (var row in rows)
        {
            var current = matched[row.Line];
            var wanted = row.Customer!;
            var changes = new List<ImportFieldChange>();
            void Compare(string column, string? old, string? @new, FieldClass fieldClass)
            {
                if (row.Given.Contains(column) && !string.Equals(old, @new, StringComparison.Ordinal))
                    changes.Add(new ImportFieldChange(column, Shown(old), Shown(@new), fieldClass));
            }
            Compare(CustomerCsvColumns.Name, current.Name, wanted.Name, FieldClass.Basic);
            Compare(CustomerCsvColumns.Domain, current.Domain, wanted.Domain, FieldClass.Basic);
            Compare(CustomerCsvColumns.Industry, current.Industry, wanted.Industry, FieldClass.Basic);
            Compare(CustomerCsvColumns.Segment, current.Segment, wanted.Segment, FieldClass.Basic);
            Compare(CustomerCsvColumns.Region, current.Region, wanted.Region, FieldClass.Basic);
            Compare(CustomerCsvColumns.Owner, current.OwnerEmail, wanted.OwnerEmail, FieldClass.Basic);
            Compare(CustomerCsvColumns.Lifecycle, Stage(current.Lifecycle), Stage(wanted.Lifecycle), FieldClass.Basic);
            Compare(CustomerCsvColumns.Health, current.HealthScore?.ToString(CultureInfo.InvariantCulture), wanted.HealthScore?.ToString(CultureInfo.InvariantCulture), FieldClass.Support);
            var arr = row.Given.Contains(CustomerCsvColumns.Arr) ? wanted.Arr : current.Arr;
            var currency = row.Given.Contains(CustomerCsvColumns.Currency) ? wanted.Currency : current.Currency;
            if (arr != current.Arr || currency != current.Currency)
                changes.Add(new ImportFieldChange(CustomerCsvColumns.Arr, Money(current.Arr, current.Currency), Money(arr, currency), FieldClass.Commercial));

            Contact? contact = null;
            if (row.Contact is { } person)
            {
                var known = people.GetValueOrDefault(current.Id) ?? [];
                var there = person.Email is { } email
                    ? known.Any(k => string.Equals(k.Email, email, StringComparison.OrdinalIgnoreCase))
                    : known.Any(k => string.Equals(k.Name, person.Name, StringComparison.OrdinalIgnoreCase));
                if (!there)
                {
                    contact = person;
                    changes.Add(new ImportFieldChange("contact", "(none)", person.Email is null ? person.Name : $"{person.Name} <{person.Email}>", FieldClass.Contact));
                }
            }
            plans[row.Line] = new UpdatePlan(changes, arr, currency, contact);
        }
        return plans;
    }

    private static string Shown(string? value) => string.IsNullOrEmpty(value) ? "(empty)" : value;

    private static string Stage(LifecycleStage stage) => stage.ToString().ToLowerInvariant();

    private static string Money(decimal amount, string currency) => $"{amount.ToString("0.##", CultureInfo.InvariantCulture)} {currency}";

    /// <summary>Every line, in file order, with what it does; lines the CSV reader could not read are rejects too.</summary>
    private static List<ImportLine> Describe(List<CustomerCsvRow> rows, Dictionary<int, ImportProblem> rejected, Dictionary<int, Customer> matched,
        Dictionary<int, UpdatePlan> plans)
    {
        var lines = new List<ImportLine>();
        foreach (var row in rows)
        {
            var target = matched.GetValueOrDefault(row.Line);
            if (rejected.TryGetValue(row.Line, out var problem))
                lines.Add(new ImportLine(row.Line, ImportLineAction.Reject, target?.HumanId, row.Name, [], problem.Reasons));
            else if (target is null)
                lines.Add(new ImportLine(row.Line, ImportLineAction.Create, row.Id is { } id ? HumanId.Format(HumanId.Customer, id) : null, row.Name, [], []));
            else
            {
                var changes = plans[row.Line].Changes;
                lines.Add(new ImportLine(row.Line, changes.Count > 0 ? ImportLineAction.Update : ImportLineAction.Unchanged, target.HumanId, target.Name, changes, []));
            }
        }
        var read = rows.Select(r => r.Line).ToHashSet();
        lines.AddRange(rejected.Values.Where(p => !read.Contains(p.Line)).Select(p => new ImportLine(p.Line, ImportLineAction.Reject, null, null, [], p.Reasons)));
        return [.. lines.OrderBy(l => l.Line)];
    }

    /// <summary>Applies each line's changes to its (tracked) customer, with an audit row per customer and a timeline entry per field.</summary>
    private async Task UpdateAsync(List<CustomerCsvRow> rows, Dictionary<int, Customer> matched, Dictionary<int, UpdatePlan> plans,
        string actor, string command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Contacts created above are already in the table (same transaction), so the highest number counts them.
        var nextContact = (await db.Contacts.MaxAsync(c => (long?)c.Number, cancellationToken) ?? 1000) + 1;
        foreach (var row in rows)
        {
            var customer = matched[row.Line];
            var wanted = row.Customer!;
            var plan = plans[row.Line];
            foreach (var change in plan.Changes)
            {
                switch (change.Field)
                {
                    case CustomerCsvColumns.Name: customer.Rename(wanted.Name); break;
                    case CustomerCsvColumns.Domain: customer.ChangeDomain(wanted.Domain); break;
                    case CustomerCsvColumns.Industry: customer.Industry = wanted.Industry; break;
                    case CustomerCsvColumns.Segment: customer.Segment = wanted.Segment; break;
                    case CustomerCsvColumns.Region: customer.ChangeRegion(wanted.Region); break;
                    case CustomerCsvColumns.Owner: customer.ChangeOwner(wanted.OwnerEmail); break;
                    case CustomerCsvColumns.Lifecycle: customer.Lifecycle = wanted.Lifecycle; break;
                    case CustomerCsvColumns.Health: customer.SetHealth(wanted.HealthScore); break;
                    case CustomerCsvColumns.Arr: customer.SetArr(plan.Arr, plan.Currency); break;
                }
                var kind = change.Class == FieldClass.Contact ? TimelineKind.ContactChange : TimelineKind.FieldChange;
                db.Timeline.Add(new TimelineEntry(customer.Id, kind, change.Class, $"{change} (import)", actor, Platform.Cli, null, customer.HumanId, now));
            }
            if (plan.Contact is { } person)
                db.Contacts.Add(new Contact(nextContact++, customer.Id, person.Name, person.Email, person.Phone, person.Title) { CreatedAt = now });
            customer.UpdatedAt = now;
            db.Audit.Add(new AuditRecord
            {
                At = now, Actor = actor, Platform = Platform.Cli, Command = command, Action = AuditAction.Change, RecordRef = customer.HumanId,
                CustomerId = customer.Id, Outcome = AuditOutcome.Allowed, Detail = $"import line {row.Line}: {string.Join("; ", plan.Changes)}",
            });
        }
    }

    /// <summary>A matched line's changes, the ARR and currency it leaves the customer with, and the contact it adds.</summary>
    private sealed record UpdatePlan(IReadOnlyList<ImportFieldChange> Changes, decimal Arr, string Currency, Contact? Contact);

    private sealed record KeyedNumber(string Key, long Number);
}
