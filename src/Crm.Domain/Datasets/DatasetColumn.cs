using Crm.Domain.Access;

namespace Crm.Domain.Datasets;

/// <summary>
/// One column of a dataset table: its name, type, meaning and the field class a reader needs for it.
/// A column whose class the person may not read is not written at all (absent, not blank).
/// </summary>
public sealed record DatasetColumn(string Name, DatasetType Type, FieldClass Class, string Meaning);
