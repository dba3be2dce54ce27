namespace Crm.Domain.Datasets;

/// <summary>The value types a dataset column has, each written the same way in every format.</summary>
public enum DatasetType
{
    /// <summary>UTF-8 text.</summary>
    Text,
    /// <summary>A 64-bit whole number.</summary>
    Integer,
    /// <summary>A decimal with 2 places (money), precision 18.</summary>
    Decimal,
    /// <summary>A calendar date (Parquet DATE; CSV yyyy-MM-dd).</summary>
    Date,
    /// <summary>An instant in UTC (Parquet TIMESTAMP, microseconds, adjusted to UTC; CSV ISO 8601 with Z).</summary>
    Timestamp,
    /// <summary>true or false.</summary>
    Boolean,
}
