namespace Crm.Domain.Datasets;

/// <summary>The outcome of <c>export dataset</c>: whose clearance, where, and each table's result.</summary>
public sealed record DatasetExport(string Person, string Role, DatasetFormat Format, string Directory, string SchemaFile, IReadOnlyList<DatasetTableResult> Tables);
