using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Crm.Domain.Storage.Bulk;

/// <summary>One column of a bulk write: its name, store type and how to read the stored value from an entity.</summary>
public sealed record BulkColumn(string Name, string StoreType, bool IsKey, Func<object, object?> Read);

/// <summary>
/// A table as the EF model maps it, so bulk paths write exactly what EF would (column names,
/// value converters such as enum-as-string or SQLite's UTC ticks) and keep up with model changes.
/// </summary>
public sealed record BulkTable(string Name, IReadOnlyList<BulkColumn> Columns)
{
    public static BulkTable For<T>(CrmDbContext db) => For(db, typeof(T));

    public static BulkTable For(CrmDbContext db, Type type)
    {
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped.");
        var tableName = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = entity.GetProperties().Select(property =>
        {
            var getter = property.GetGetter();
            var converter = property.GetTypeMapping().Converter;
            return new BulkColumn(property.GetColumnName(store)!, property.GetColumnType(), property == key, e =>
            {
                var value = getter.GetClrValue(e);
                if (value is null) return null;
                if (converter is not null) return converter.ConvertToProvider(value);
                return value is Enum ? Convert.ToInt64(value) : value;
            });
        }).ToList();
        return new BulkTable(tableName, columns);
    }
}
