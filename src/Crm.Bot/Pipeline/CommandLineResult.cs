namespace Crm.Bot.Pipeline;

/// <summary>The tokens of a command line, or why it could not be read.</summary>
public sealed record CommandLineResult(IReadOnlyList<Token> Tokens, string Text, string? Error)
{
    public static CommandLineResult Fail(string error) => new([], "", error);
}
