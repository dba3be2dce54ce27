namespace Crm.Bot.Pipeline;

/// <summary>The arguments after the verb, with the small helpers every command's grammar needs.</summary>
public sealed class CommandArgs(string verb, IReadOnlyList<Token> tokens, string text)
{
    public string Verb { get; } = verb;
    public IReadOnlyList<Token> Tokens { get; } = tokens;
    /// <summary>The whole normalised command line, verb included.</summary>
    public string Text { get; } = text;

    public int Count => Tokens.Count;

    public Token? At(int index) => index >= 0 && index < Tokens.Count ? Tokens[index] : null;

    public string? Word(int index) => At(index)?.Text;

    public bool IsWord(int index, string word) => At(index)?.IsWord(word) == true;

    /// <summary>Index of the first bare word equal to <paramref name="keyword"/> at or after <paramref name="from"/>, or -1.</summary>
    public int IndexOf(string keyword, int from = 0)
    {
        for (var i = Math.Max(0, from); i < Tokens.Count; i++)
            if (Tokens[i].IsWord(keyword)) return i;
        return -1;
    }

    public int LastIndexOf(string keyword, int from = 0)
    {
        for (var i = Tokens.Count - 1; i >= Math.Max(0, from); i--)
            if (Tokens[i].IsWord(keyword)) return i;
        return -1;
    }

    public bool HasFlag(string flag) => Tokens.Any(t => t.IsWord(flag));

    /// <summary>
    /// Everything from token <paramref name="from"/> up to (not including) <paramref name="until"/>, as typed,
    /// so free text keeps its punctuation. A lone quoted token comes back without its quotes.
    /// </summary>
    public string Rest(int from, int until = -1)
    {
        var end = until < 0 || until > Tokens.Count ? Tokens.Count : until;
        if (from >= end) return "";
        if (end - from == 1 && Tokens[from].Kind == TokenKind.Quoted) return Tokens[from].Text;
        var startAt = Tokens[from].Start;
        var stopAt = end < Tokens.Count ? Tokens[end].Start : Text.Length;
        return Text[startAt..stopAt].Trim();
    }

    public IReadOnlyList<Token> Slice(int from, int until = -1)
    {
        var end = until < 0 || until > Tokens.Count ? Tokens.Count : until;
        return from >= end ? [] : Tokens.Skip(from).Take(end - from).ToList();
    }
}
