namespace Crm.Domain.Datasets;

/// <summary>The file format of an analyst dataset: one file per table.</summary>
public enum DatasetFormat
{
    Parquet,
    Csv,
}
