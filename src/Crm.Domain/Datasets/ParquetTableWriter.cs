using Parquet;
using Parquet.Schema;

namespace Crm.Domain.Datasets;

/// <summary>
/// One Parquet file per table, one row group per batch, through Parquet.Net's column writer. Every column
/// is optional (nullable) so an empty value stays empty; types follow <see cref="DatasetType"/>.
/// </summary>
internal sealed class ParquetTableWriter : IDatasetTableWriter
{
    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly IReadOnlyList<DatasetColumn> _columns;
    private readonly DataField[] _fields;
    private bool _completed;

    private ParquetTableWriter(Stream stream, ParquetWriter writer, IReadOnlyList<DatasetColumn> columns, DataField[] fields)
    {
        _stream = stream;
        _writer = writer;
        _columns = columns;
        _fields = fields;
    }

    public static async Task<ParquetTableWriter> CreateAsync(Stream stream, IReadOnlyList<DatasetColumn> columns, CancellationToken ct)
    {
        var fields = columns.Select(Field).ToArray();
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, new ParquetOptions(), false, ct);
        return new ParquetTableWriter(stream, writer, columns, fields);
    }

    internal static DataField Field(DatasetColumn c) => c.Type switch
    {
        DatasetType.Text => new DataField<string>(c.Name, true),
        DatasetType.Integer => new DataField<long?>(c.Name, true),
        DatasetType.Decimal => new DecimalDataField(c.Name, 18, 2, false, true),
        DatasetType.Date => new DataField<DateOnly?>(c.Name, true),
        DatasetType.Timestamp => new DateTimeDataField(c.Name, DateTimeFormat.Timestamp, true, DateTimeTimeUnit.Micros, true),
        DatasetType.Boolean => new DataField<bool?>(c.Name, true),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Type, "Unknown dataset type."),
    };

    public async Task WriteAsync(IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        using var group = _writer.CreateRowGroup();
        for (var c = 0; c < _columns.Count; c++)
        {
            var field = _fields[c];
            switch (_columns[c].Type)
            {
                case DatasetType.Text:
                    await group.WriteAsync(field, Column<string>(rows, c));
                    break;
                case DatasetType.Integer:
                    await group.WriteAsync(field, (ReadOnlyMemory<long?>)Nullable<long>(rows, c), null, null, ct);
                    break;
                case DatasetType.Decimal:
                    await group.WriteAsync(field, (ReadOnlyMemory<decimal?>)Nullable<decimal>(rows, c), null, null, ct);
                    break;
                case DatasetType.Date:
                    await group.WriteAsync(field, (ReadOnlyMemory<DateOnly?>)Nullable<DateOnly>(rows, c), null, null, ct);
                    break;
                case DatasetType.Timestamp:
                    await group.WriteAsync(field, (ReadOnlyMemory<DateTime?>)Nullable<DateTime>(rows, c), null, null, ct);
                    break;
                default:
                    await group.WriteAsync(field, (ReadOnlyMemory<bool?>)Nullable<bool>(rows, c), null, null, ct);
                    break;
            }
        }
        group.CompleteValidate();
    }

    private static T[] Column<T>(IReadOnlyList<object?[]> rows, int c) where T : class
    {
        var values = new T[rows.Count];
        for (var r = 0; r < rows.Count; r++) values[r] = (T)rows[r][c]!;
        return values;
    }

    private static T?[] Nullable<T>(IReadOnlyList<object?[]> rows, int c) where T : struct
    {
        var values = new T?[rows.Count];
        for (var r = 0; r < rows.Count; r++) values[r] = rows[r][c] is T v ? v : null;
        return values;
    }

    public async Task CompleteAsync(CancellationToken ct)
    {
        // Disposing the writer writes the footer; it must happen once.
        _completed = true;
        await _writer.DisposeAsync();
        await _stream.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed) await _writer.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
