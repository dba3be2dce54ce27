namespace Crm.Domain.Customers.Csv;

/// <summary>A row that cannot be imported, and why.</summary>
public sealed record ImportProblem(int Line, string Reason);

/// <summary>
/// The outcome of an import. <see cref="FileError"/> is set when the file as a whole is unusable
/// (no header, unknown or missing columns); then nothing is applied.
/// </summary>
public sealed record CustomerImportReport(int Rows, int Applied, IReadOnlyList<ImportProblem> Problems, string? FileError)
{
    public bool AppliedAnything => Applied > 0;
}
