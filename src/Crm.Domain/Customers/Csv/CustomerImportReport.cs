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
/// (no header, unknown or missing columns); then nothing is applied. <see cref="Applied"/> counts the
/// customers written (created and updated); in a dry run nothing is, and <see cref="Lines"/> says what would be.
/// </summary>
public sealed record CustomerImportReport(int Rows, int Applied, IReadOnlyList<ImportProblem> Problems, string? FileError)
{
    public bool AppliedAnything => Applied > 0;

    /// <summary>Every line of the file with what it does: create, update (with its changes), unchanged or reject.</summary>
    public IReadOnlyList<ImportLine> Lines { get; init; } = [];

    public int Creates => Lines.Count(l => l.Action == ImportLineAction.Create);
    public int Updates => Lines.Count(l => l.Action == ImportLineAction.Update);
    public int Unchanged => Lines.Count(l => l.Action == ImportLineAction.Unchanged);

    public bool DryRun { get; init; }
}
