using Crm.Bot.Pipeline;
using Crm.Domain.Reports.Exports;

namespace Crm.Bot.Commands.Reports;

/// <summary>
/// The trailing format word of <c>report &lt;kind&gt; … csv|xlsx</c>, taken off before the rest of the words are
/// read, so whatever else the command reads (the kind, filters) never sees it.
/// </summary>
internal static class ReportFormatWord
{
    public static CommandArgs Strip(CommandArgs args, out ExportFormat? format)
    {
        format = null;
        if (args.Count < 2 || args.At(args.Count - 1)!.Kind != TokenKind.Word || !ReportExport.TryParse(args.Word(args.Count - 1), out var parsed))
            return args;
        format = parsed;
        return new CommandArgs(args.Verb, args.Slice(0, args.Count - 1), args.Text);
    }
}
