using System.Globalization;

namespace Crm.Jobs.Bench;

internal sealed record BenchArgs(string Scenario, IReadOnlyDictionary<string, int> Numbers)
{
    public int Get(string name, int fallback) => Numbers.TryGetValue(name, out var value) ? value : fallback;

    public static BenchArgs Parse(string[] args)
    {
        var numbers = new Dictionary<string, int>();
        for (var i = 1; i + 1 < args.Length; i += 2)
            numbers[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        return new BenchArgs(args.FirstOrDefault() ?? "", numbers);
    }

    public static int Usage()
    {
        Console.Error.WriteLine("Usage: Crm.Jobs.Bench digests [--customers N] [--subscriptions N] [--parallel N] | dispatch [--channels N] [--messages N]");
        return 2;
    }

    /// <summary>Writes a dated markdown result beside the others in bench/results.</summary>
    public static string Save(string name, string markdown)
    {
        var dir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../results"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{DateTime.UtcNow:yyyy-MM-dd}-{name}.md");
        File.WriteAllText(path, markdown);
        return path;
    }
}
