namespace Crm.Domain.Common;

public enum Department
{
    Sales,
    Support,
    Finance,
    Marketing,
    Management,
}

public static class DepartmentNames
{
    public static bool TryParse(string? text, out Department department) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out department) && Enum.IsDefined(department);

    public static string AllNames => string.Join(", ", Enum.GetNames<Department>().Select(n => n.ToLowerInvariant()));
}
