namespace Crm.Domain.Privacy;

/// <summary>What an erasure did, kind by kind (row counts only: the tombstone in the audit holds this, not the data).</summary>
/// <param name="Pseudonym">What the person's e-mail was replaced with where a row had to stay (audit, timeline, tasks).</param>
public sealed record ErasureReport(string Pseudonym, IReadOnlyList<(string Kind, int Rows, string Done)> Kinds)
{
    public int Total => Kinds.Sum(k => k.Rows);

    public string Summary => Total == 0
        ? "nothing was stored about that person"
        : string.Join(", ", Kinds.Where(k => k.Rows > 0).Select(k => $"{k.Rows} {k.Kind} {k.Done}"));
}
