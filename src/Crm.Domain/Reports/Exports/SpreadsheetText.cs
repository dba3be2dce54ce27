namespace Crm.Domain.Reports.Exports;

/// <summary>
/// Defuses formula injection: a cell whose text starts with = + - @, a tab or a carriage return would be
/// read as a formula (or a DDE command) by a spreadsheet; it gets a leading apostrophe, which shows the text as it is.
/// </summary>
public static class SpreadsheetText
{
    public static string Defuse(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
