using System.Text.Json;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The top-level elements of a reply's cards, written one after another into one buffer. Each
/// element's size is known once it is written, so the renderer can split the reply into cards
/// without serialising anything twice.
/// </summary>
internal sealed class CardElementList : IDisposable
{
    private readonly PooledUtf8Buffer _buffer = new();
    private readonly List<(int Start, int Length)> _elements = [];
    private readonly Utf8JsonWriter _writer;
    private int _start;

    public CardElementList() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>Set by a divider: the next element starts with a separator line.</summary>
    public bool SeparateNext { get; set; }

    public int Count => _elements.Count;

    public int Size(int index) => _elements[index].Length;

    public ReadOnlySpan<byte> Element(int index) => _buffer.WrittenSpan.Slice(_elements[index].Start, _elements[index].Length);

    /// <summary>Opens the next element (an object of <paramref name="type"/>); its properties follow, then <see cref="End"/>.</summary>
    public Utf8JsonWriter Start(string type)
    {
        _writer.Reset(_buffer);
        _start = _buffer.WrittenCount;
        _writer.WriteStartObject();
        _writer.WriteString(CardJson.Type, type);
        if (SeparateNext) _writer.WriteBoolean(CardJson.Separator, true);
        SeparateNext = false;
        return _writer;
    }

    public void End()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        _elements.Add((_start, _buffer.WrittenCount - _start));
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }
}
