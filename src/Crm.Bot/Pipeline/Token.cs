namespace Crm.Bot.Pipeline;

public enum TokenKind
{
    Word,
    Quoted,
    /// <summary>Slack's <c>&lt;@U123|ava&gt;</c>; <see cref="Token.Text"/> is the user id.</summary>
    SlackMention,
    /// <summary>Teams' <c>&lt;at&gt;Ava&lt;/at&gt;</c>; <see cref="Token.Text"/> is the display name.</summary>
    TeamsMention,
}

/// <summary>One word of a command line; <see cref="Start"/> is its offset, so free text after it keeps its spacing.</summary>
public sealed record Token(string Text, TokenKind Kind, int Start)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsMention => Kind is TokenKind.SlackMention or TokenKind.TeamsMention ||
                             (Kind == TokenKind.Word && Text.Length > 1 && Text[0] == '@');
}
