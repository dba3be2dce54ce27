using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// One rendered Adaptive Card, held as the UTF-8 JSON that goes on the wire. Cards are written once
/// and embedded as they are into activities, invoke answers and previews, so an answer's card is
/// never built as a tree and serialised again.
/// </summary>
[JsonConverter(typeof(AdaptiveCardJsonConverter))]
internal sealed class AdaptiveCard(byte[] utf8Json)
{
    public ReadOnlySpan<byte> Utf8Json => utf8Json;

    public void WriteTo(Utf8JsonWriter writer) => writer.WriteRawValue(utf8Json, skipInputValidation: true);

    /// <summary>The card as a tree, for reading it (tests, tools); not used on the answer path.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(utf8Json)!.AsObject();

    public override string ToString() => Encoding.UTF8.GetString(utf8Json);

    private sealed class AdaptiveCardJsonConverter : JsonConverter<AdaptiveCard>
    {
        // Cards only ever go out; nothing reads one back through the serializer.
        public override AdaptiveCard Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Adaptive Cards are written, not read.");

        public override void Write(Utf8JsonWriter writer, AdaptiveCard value, JsonSerializerOptions options) => value.WriteTo(writer);
    }
}
