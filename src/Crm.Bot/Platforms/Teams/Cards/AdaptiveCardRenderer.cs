using System.Text.Json;
using Crm.Bot.Files;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Turns a neutral <see cref="Reply"/> into Adaptive Cards 1.5. Every piece of data goes into a
/// TextRun (never parsed as markdown) after <see cref="CardText.Neutralise"/>. A reply too large for
/// one activity is split into several cards, each under <see cref="MaxCardBytes"/>. Cards are written
/// straight to UTF-8 JSON: each element once, then copied into the card that holds it.
/// </summary>
internal sealed class AdaptiveCardRenderer
{
    /// <summary>Teams refuses activities over ~80 KB (protocols.md); the envelope needs a little room.</summary>
    public const int MaxCardBytes = 76 * 1024;
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    private const int MaxFallbackLength = 2000;

    private readonly int _maxCardBytes;
    private readonly FileLinks? _links;
    private readonly bool _relativeLinks;

    public AdaptiveCardRenderer() : this(MaxCardBytes) { }

    /// <param name="links">Links to the reply's files (a chart's Image, an export's download button).</param>
    /// <param name="relativeLinks">Link files by path (the try-it console); Teams needs absolute links.</param>
    public AdaptiveCardRenderer(FileLinks links, bool relativeLinks = false) : this(MaxCardBytes, links, relativeLinks) { }

    internal AdaptiveCardRenderer(int maxCardBytes, FileLinks? links = null, bool relativeLinks = false) =>
        (_maxCardBytes, _links, _relativeLinks) = (maxCardBytes, links, relativeLinks);

    public IReadOnlyList<AdaptiveCard> Render(Reply reply, CardRefresh? refresh = null)
    {
        var color = Color(reply.Tone);
        using var elements = new CardElementList();
        foreach (var block in reply.Blocks)
        {
            if (block is DividerBlock)
                elements.SeparateNext = true;
            else if (block is ImageBlock image)
                CardElements.Image(elements, image, _links?.For(image.FileId, _relativeLinks));
            else if (block is FileBlock file)
                CardElements.Download(elements, file, _links?.For(file.FileId, _relativeLinks));
            else
                CardElements.Write(elements, block, color, _maxCardBytes / 2);
        }
        if (elements.Count == 0)
            CardElements.Text(elements, reply.FallbackText, color: color);

        var pages = Paginate(elements);
        var fallback = CardText.Neutralise(reply.FallbackText, MaxFallbackLength);
        var cards = new List<AdaptiveCard>(pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var (first, count) = pages[i];
            cards.Add(new AdaptiveCard(CardJson.Bytes(w =>
            {
                w.WriteStartObject();
                w.WriteString(CardJson.Type, "AdaptiveCard");
                w.WriteString("version", "1.5");
                w.WriteString("fallbackText", pages.Count == 1 ? fallback : $"({i + 1}/{pages.Count}) {fallback}");
                w.WriteStartArray("body");
                for (var e = first; e < first + count; e++)
                    w.WriteRawValue(elements.Element(e), skipInputValidation: true);
                w.WriteEndArray();
                w.WriteStartObject("msteams");
                w.WriteString(CardJson.Width, "Full");
                w.WriteEndObject();
                // A refresh re-runs the whole command, so it only fits a reply that is one card.
                if (refresh is not null && pages.Count == 1)
                    Refresh(w, refresh);
                w.WriteEndObject();
            })));
        }
        return cards;
    }

    /// <summary>Consecutive runs of elements (first index, count), each run small enough for one card.</summary>
    private List<(int First, int Count)> Paginate(CardElementList elements)
    {
        var pages = new List<(int First, int Count)> { (0, 0) };
        var size = 0;
        for (var i = 0; i < elements.Count; i++)
        {
            var elementSize = elements.Size(i);
            // Room for the card's own fields and the fallback text.
            if (size + elementSize > _maxCardBytes - MaxFallbackLength * 3 - 512 && pages[^1].Count > 0)
            {
                pages.Add((i, 0));
                size = 0;
            }
            pages[^1] = (pages[^1].First, pages[^1].Count + 1);
            size += elementSize + 1;
        }
        return pages;
    }

    private static void Refresh(Utf8JsonWriter w, CardRefresh refresh)
    {
        w.WriteStartObject("refresh");
        w.WritePropertyName("action");
        AdaptiveCardActions.Execute(w, "Refresh", refresh.Command, verb: AdaptiveCardActions.RefreshVerb);
        w.WriteStartArray("userIds");
        foreach (var id in refresh.UserIds.Take(CardRefresh.MaxUserIds))
            w.WriteStringValue(id);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string? Color(ReplyTone tone) => tone switch
    {
        ReplyTone.Success => "good",
        ReplyTone.Warning => "warning",
        ReplyTone.Error or ReplyTone.Denied => "attention",
        _ => null,
    };
}
