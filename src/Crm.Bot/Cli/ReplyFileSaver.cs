using System.Text.Json.Nodes;
using Crm.Domain.Replies;

namespace Crm.Bot.Cli;

/// <summary>Writes the files a reply carries into a folder for <c>ask --save</c>, each under its own name made safe for a file system.</summary>
public static class ReplyFileSaver
{
    /// <summary>The files written, each with its full path; a name already taken gets " (2)", " (3)" … before its extension.</summary>
    public static IReadOnlyList<(Guid Id, string Path)> Save(Reply reply, string folder)
    {
        if (reply.Files is not { Count: > 0 } files) return [];
        var directory = Directory.CreateDirectory(Path.GetFullPath(folder)).FullName;
        var saved = new List<(Guid, string)>();
        foreach (var file in files)
        {
            if (file.Content is null) continue;
            var path = FreePath(directory, SafeName(file.Name));
            File.WriteAllBytes(path, file.Content);
            saved.Add((file.Id, path));
        }
        return saved;
    }

    /// <summary>The reply's JSON with each saved file's "path".</summary>
    public static string WithPaths(string replyJson, IReadOnlyList<(Guid Id, string Path)> saved)
    {
        if (saved.Count == 0) return replyJson;
        var node = JsonNode.Parse(replyJson)!;
        foreach (var file in node["files"]!.AsArray())
            if (saved.FirstOrDefault(s => s.Id.ToString() == file!["id"]!.GetValue<string>()) is { Path: { } path })
                file!["path"] = path;
        return node.ToJsonString(ReplyJson.Options);
    }

    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(Path.GetFileName(name).Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim('.', ' ');
        return safe.Length == 0 ? "file" : safe;
    }

    private static string FreePath(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        for (var n = 2; File.Exists(path); n++)
            path = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(name)} ({n}){Path.GetExtension(name)}");
        return path;
    }
}
