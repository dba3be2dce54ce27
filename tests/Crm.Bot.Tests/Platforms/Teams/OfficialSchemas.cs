using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// The official schemas in tests/schemas (relative to the repository root, found by walking up
/// to Crm.Bot.sln). JsonSchema.Net evaluates draft-06 natively; it has no draft-04 dialect, so a
/// draft-04 schema is evaluated as draft-06 after checking it uses none of the keywords whose meaning
/// changed between the two (<c>id</c>, boolean <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>).
/// </summary>
public static class OfficialSchemas
{
    private const string Draft04 = "http://json-schema.org/draft-04/schema#";
    private const string Draft06 = "http://json-schema.org/draft-06/schema#";
    private static readonly Lazy<JsonSchema> Card = new(() => Load("adaptive-card-1.5.json"));
    private static readonly Lazy<JsonSchema> TeamsManifest = new(() => Load("teams-app-manifest-1.19.json"));

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Crm.Bot.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("Crm.Bot.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string SchemaPath(string file) => Path.GetFullPath(Path.Combine(RepositoryRoot, "tests", "schemas", file));

    /// <summary>Errors of an Adaptive Card 1.5; the one Teams extension (<c>msteams</c> on the card) is allowed.</summary>
    public static IReadOnlyList<string> AdaptiveCardErrors(JsonNode card)
    {
        var copy = card.DeepClone().AsObject();
        copy.Remove("msteams");
        return Errors(Card.Value, copy);
    }

    public static IReadOnlyList<string> TeamsManifestErrors(JsonNode manifest) => Errors(TeamsManifest.Value, manifest);

    private static IReadOnlyList<string> Errors(JsonSchema schema, JsonNode instance)
    {
        using var document = JsonDocument.Parse(instance.ToJsonString());
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        return (result.Details ?? [result])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid")
            .ToList();
    }

    private static JsonSchema Load(string file)
    {
        var node = JsonNode.Parse(File.ReadAllText(SchemaPath(file)))!.AsObject();
        if (node["$schema"]?.GetValue<string>() == Draft04)
        {
            var changed = KeywordsChangedSinceDraft04(node).ToList();
            if (changed.Count > 0)
                throw new InvalidOperationException($"{file} uses draft-04 keywords that draft-06 reads differently: {string.Join(", ", changed)}");
            node["$schema"] = Draft06;
        }
        return JsonSchema.FromText(node.ToJsonString());
    }

    internal static IEnumerable<string> KeywordsChangedSinceDraft04(JsonNode? node, string path = "#")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "id" && value is JsonValue) yield return $"{path}/id";
                    if (key is "exclusiveMinimum" or "exclusiveMaximum" && value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                        yield return $"{path}/{key}";
                    foreach (var inner in KeywordsChangedSinceDraft04(value, $"{path}/{key}"))
                        yield return inner;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    foreach (var inner in KeywordsChangedSinceDraft04(array[i], $"{path}/{i}"))
                        yield return inner;
                break;
        }
    }
}
