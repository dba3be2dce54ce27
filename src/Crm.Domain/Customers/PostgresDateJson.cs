using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Domain.Customers;

/// <summary>
/// A <see cref="DateOnly"/> as PostgreSQL's JSON writes a <c>date</c>: Npgsql stores <see cref="DateOnly.MaxValue"/>
/// and <see cref="DateOnly.MinValue"/> as <c>infinity</c> and <c>-infinity</c>, so the card's JSON document
/// carries those words where the portable loader reads the two dates back.
/// </summary>
internal sealed class PostgresDateJson : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() switch
        {
            "infinity" => DateOnly.MaxValue,
            "-infinity" => DateOnly.MinValue,
            var text => DateOnly.ParseExact(text!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}
