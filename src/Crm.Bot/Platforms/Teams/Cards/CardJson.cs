using System.Text.Json;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Property names written on every card, encoded once, and a helper to write JSON into bytes.</summary>
internal static class CardJson
{
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Separator = JsonEncodedText.Encode("separator");
    public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    public static readonly JsonEncodedText Inlines = JsonEncodedText.Encode("inlines");
    public static readonly JsonEncodedText Items = JsonEncodedText.Encode("items");
    public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    public static readonly JsonEncodedText Width = JsonEncodedText.Encode("width");

    /// <summary>What <paramref name="write"/> writes, as UTF-8 bytes (written in a pooled buffer, copied out once).</summary>
    public static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        using var buffer = new PooledUtf8Buffer();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
