using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>Slack's snake_case, for building payloads the way Slack would send them back.</summary>
internal static class SlackJsonForTests
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
