using System.Globalization;
using CsvHelper;

namespace Crm.Domain.Datasets;

/// <summary>
/// One CSV file per table (UTF-8, comma, header row) through CsvHelper. A text cell a spreadsheet would run
/// as a formula (starting with = + - @, tab or CR) gets a leading ', as `export customers` does. Values are
/// written invariantly: dates yyyy-MM-dd, instants ISO 8601 UTC with Z, decimals with a dot, empty for none.
/// </summary>
internal sealed class CsvTableWriter : IDatasetTableWriter
{
    private readonly StreamWriter _text;
    private readonly CsvWriter _csv;
    private readonly IReadOnlyList<DatasetColumn> _columns;

    public CsvTableWriter(Stream stream, IReadOnlyList<DatasetColumn> columns)
    {
        _text = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
        _csv = CsvWriter.Create(_text, new CsvWriterOptions { Injection = CsvInjection.Escape, NewLine = "\n" }, leaveOpen: true);
        _columns = columns;
        _csv.WriteHeader([.. columns.Select(c => c.Name)]);
    }

    public Task WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        var fields = new string?[_columns.Count];
        foreach (var row in rows)
        {
            for (var c = 0; c < fields.Length; c++) fields[c] = Format(row[c]);
            _csv.WriteRecord(fields!);
        }
        return _csv.FlushAsync(ct).AsTask();
    }

    internal static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        long n => n.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString("0.00", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public async Task CompleteAsync(CancellationToken ct)
    {
        await _csv.FlushAsync(ct);
        await _text.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _csv.DisposeAsync();
        await _text.DisposeAsync();
    }
}
