using System.Text;
using System.Text.Json.Nodes;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Turns a neutral <see cref="Reply"/> into Adaptive Cards 1.5. Every piece of data goes into a
/// TextRun (never parsed as markdown) after <see cref="CardText.Neutralise"/>. A reply too large for
/// one activity is split into several cards, each under <see cref="MaxCardBytes"/>.
/// </summary>
internal sealed class AdaptiveCardRenderer
{
    /// <summary>Teams refuses activities over ~80 KB (protocols.md); the envelope needs a little room.</summary>
    public const int MaxCardBytes = 76 * 1024;
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    private const int MaxFallbackLength = 2000;

    private readonly int _maxCardBytes;

    public AdaptiveCardRenderer() : this(MaxCardBytes) { }

    internal AdaptiveCardRenderer(int maxCardBytes) => _maxCardBytes = maxCardBytes;

    public IReadOnlyList<JsonObject> Render(Reply reply, CardRefresh? refresh = null)
    {
        var color = Color(reply.Tone);
        var elements = new List<JsonObject>();
        var separateNext = false;
        foreach (var block in reply.Blocks)
        {
            if (block is DividerBlock)
            {
                separateNext = true;
                continue;
            }
            foreach (var element in CardElements.For(block, color, _maxCardBytes / 2))
            {
                if (separateNext) element["separator"] = true;
                separateNext = false;
                elements.Add(element);
            }
        }
        if (elements.Count == 0)
            elements.Add(CardElements.Text(reply.FallbackText, color: color));

        var pages = Paginate(elements);
        var fallback = CardText.Neutralise(reply.FallbackText, MaxFallbackLength);
        var cards = new List<JsonObject>(pages.Count);
        for (var i = 0; i < pages.Count; i++)
        {
            var card = new JsonObject
            {
                ["type"] = "AdaptiveCard",
                ["version"] = "1.5",
                ["fallbackText"] = pages.Count == 1 ? fallback : $"({i + 1}/{pages.Count}) {fallback}",
                ["body"] = new JsonArray(pages[i].ToArray<JsonNode?>()),
                ["msteams"] = new JsonObject { ["width"] = "Full" },
            };
            // A refresh re-runs the whole command, so it only fits a reply that is one card.
            if (refresh is not null && pages.Count == 1)
                card["refresh"] = Refresh(refresh);
            cards.Add(card);
        }
        return cards;
    }

    private List<List<JsonObject>> Paginate(List<JsonObject> elements)
    {
        var pages = new List<List<JsonObject>> { new() };
        var size = 0;
        foreach (var element in elements)
        {
            var elementSize = Encoding.UTF8.GetByteCount(element.ToJsonString());
            // Room for the card's own fields and the fallback text.
            if (size + elementSize > _maxCardBytes - MaxFallbackLength * 3 - 512 && pages[^1].Count > 0)
            {
                pages.Add([]);
                size = 0;
            }
            pages[^1].Add(element);
            size += elementSize + 1;
        }
        return pages;
    }

    private static JsonObject Refresh(CardRefresh refresh) => new()
    {
        ["action"] = AdaptiveCardActions.Execute("Refresh", refresh.Command, verb: AdaptiveCardActions.RefreshVerb),
        ["userIds"] = new JsonArray(refresh.UserIds.Take(CardRefresh.MaxUserIds).Select(id => (JsonNode)JsonValue.Create(id)!).ToArray()),
    };

    private static string? Color(ReplyTone tone) => tone switch
    {
        ReplyTone.Success => "good",
        ReplyTone.Warning => "warning",
        ReplyTone.Error or ReplyTone.Denied => "attention",
        _ => null,
    };
}
