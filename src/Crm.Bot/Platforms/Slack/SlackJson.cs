using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Slack speaks snake_case JSON; we read only the fields we use and ignore the rest.</summary>
internal static class SlackJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
