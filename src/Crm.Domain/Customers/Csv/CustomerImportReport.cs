namespace Crm.Domain.Customers.Csv;

/// <summary>A row that cannot be imported, and every reason why (each says what to do instead).</summary>
public sealed record ImportProblem(int Line, IReadOnlyList<string> Reasons)
{
    public ImportProblem(int line, string reason) : this(line, [reason]) { }

    /// <summary>The reasons as one line of text.</summary>
    public string Reason => string.Join(" ", Reasons);
}

/// <summary>
/// The outcome of an import. <see cref="FileError"/> is set when the file as a whole is unusable
/// (no header, unknown or missing columns); then nothing is applied.
/// </summary>
public sealed record CustomerImportReport(int Rows, int Applied, IReadOnlyList<ImportProblem> Problems, string? FileError)
{
    public bool AppliedAnything => Applied > 0;
}
