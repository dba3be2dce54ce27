using System.Text;
using System.Text.Json.Nodes;

namespace Crm.Bot.Tests.Fuzz;

/// <summary>JSON values of the wrong type, size or shape, for the fields platforms send: seeded like the grammar.</summary>
public sealed class OddJson(Random random)
{
    public JsonNode? Value(int depth = 0) => random.Next(depth > 2 ? 7 : 10) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(4) switch { 0 => long.MaxValue, 1 => long.MinValue, 2 => -1, _ => random.Next() }),
        3 => JsonValue.Create(random.Next(3) switch { 0 => double.MaxValue, 1 => 1e-300, _ => random.NextDouble() }),
        4 or 5 or 6 => JsonValue.Create(Text()),
        7 => new JsonArray(Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(depth + 1)).ToArray()),
        _ => Object(depth + 1),
    };

    public JsonObject Object(int depth = 0)
    {
        var result = new JsonObject();
        for (var i = random.Next(0, 4); i > 0; i--)
            result[Text()] = Value(depth + 1);
        return result;
    }

    public string Text() => random.Next(12) switch
    {
        0 => new string('x', random.Next(1, 5000)),
        1 => "\uD800",
        _ => CommandGrammar.OddValues[random.Next(CommandGrammar.OddValues.Count)],
    };

    /// <summary>Sets a few fields of <paramref name="target"/> (dotted paths) to odd values, or removes them.</summary>
    public void Bend(JsonObject target, params string[] paths) => Bend(target, textOnly: false, paths);

    /// <summary>As <see cref="Bend(JsonObject, string[])"/>; with <paramref name="textOnly"/> only odd strings, for fields typed as text.</summary>
    public void Bend(JsonObject target, bool textOnly, params string[] paths)
    {
        foreach (var path in paths.Where(_ => random.Next(3) == 0))
        {
            var parts = path.Split('.');
            var node = target;
            for (var i = 0; i < parts.Length - 1 && node is not null; i++)
                node = node[parts[i]] as JsonObject;
            if (node is null) continue;
            if (random.Next(4) == 0) node.Remove(parts[^1]);
            else node[parts[^1]] = textOnly ? JsonValue.Create(Text()) : Value();
        }
    }

    /// <summary>Text that is not the JSON it claims to be: cut off, nested too deep, or not JSON at all.</summary>
    public string Broken(string json) => random.Next(5) switch
    {
        0 => json[..random.Next(0, json.Length)],
        1 => new StringBuilder().Append('[', 5000).ToString(),
        2 => "{\"a\":" + new string('{', 300),
        3 => "\"just a string\"",
        _ => json.Replace("\"", "'"),
    };
}
