using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Crm.Domain.Reports.Exports;

namespace Crm.Domain.Files;

/// <summary>
/// The text a person could read in a stored file, so personal data can be found in files as in rows: its name,
/// audience and alt text, and its content where the content is text (CSV) or holds text (an XLSX workbook's cells,
/// read from the package's XML). A chart draws only what its alt text says (every category and number), so a
/// picture is read through its alt text.
/// </summary>
public static class StoredFileText
{
    /// <summary>The file's text; null when its content should hold text but cannot be read (then nothing can be said of it).</summary>
    public static string? Of(StoredFile file)
    {
        var text = new StringBuilder().AppendLine(file.Name).AppendLine(file.Audience).AppendLine(file.AltText);
        try
        {
            if (file.MediaType.StartsWith("text/", StringComparison.Ordinal))
                text.AppendLine(new UTF8Encoding(false, true).GetString(file.Content));
            else if (file.MediaType == ReportExport.MediaTypes[ExportFormat.Xlsx])
                AppendWorkbook(text, file.Content);
            return text.ToString();
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Every text node of the package's XML parts (cells, sheet names), one per line so cells never run together.</summary>
    private static void AppendWorkbook(StringBuilder text, byte[] content)
    {
        using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
        {
            using var part = entry.Open();
            var xml = XDocument.Load(part);
            foreach (var node in xml.DescendantNodes().OfType<XText>()) text.AppendLine(node.Value);
            foreach (var attribute in xml.Descendants().Attributes().Where(a => a.Name.LocalName == "name")) text.AppendLine(attribute.Value);
        }
    }
}
