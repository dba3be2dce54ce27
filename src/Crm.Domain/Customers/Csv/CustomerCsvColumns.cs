namespace Crm.Domain.Customers.Csv;

/// <summary>The customer CSV format shared by import and export (header names, case-insensitive).</summary>
public static class CustomerCsvColumns
{
    public const string Id = "id";
    public const string Name = "name";
    public const string Domain = "domain";
    public const string Industry = "industry";
    public const string Segment = "segment";
    public const string Region = "region";
    public const string Owner = "owner";
    public const string Lifecycle = "lifecycle";
    public const string Health = "health";
    public const string Arr = "arr";
    public const string Currency = "currency";
    public const string ContactName = "contact_name";
    public const string ContactEmail = "contact_email";
    public const string ContactPhone = "contact_phone";
    public const string ContactTitle = "contact_title";

    public static readonly IReadOnlyList<string> Required = [Name];

    /// <summary>
    /// Every column in export order. On import "id" (C-1001) picks the customer a row updates; rows
    /// without one (or with one the database does not have) match by domain, and the rest are created
    /// with the next free numbers.
    /// </summary>
    public static readonly IReadOnlyList<string> All =
    [
        Id, Name, Domain, Industry, Segment, Region, Owner, Lifecycle, Health, Arr, Currency,
        ContactName, ContactEmail, ContactPhone, ContactTitle,
    ];
}
