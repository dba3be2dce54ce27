namespace Crm.Domain.Access;

/// <summary>What a role may do. Every command names the permission it needs; nothing is allowed without one.</summary>
public enum Permission
{
    ReadCustomers,
    CreateCustomer,
    CreateContact,
    CreateDeal,
    WriteNote,
    /// <summary>Change deals the person owns (sales-rep).</summary>
    ChangeOwnDeal,
    /// <summary>Change any deal of the person's sales region (sales-manager).</summary>
    ChangeRegionDeal,
    WriteTicket,
    ReadInvoices,
    WriteInvoice,
    WriteTask,
    OfferHandoff,
    DecideHandoff,
    Share,
    Follow,
    ManageDigests,
    RunReports,
    ReadAudit,
    ExportAudit,
    Admin,
    /// <summary>Change a customer's own fields; which fields, and of which customers, <see cref="EditPolicy"/> decides.</summary>
    EditCustomer,
    /// <summary>Change a contact's name, title, e-mail or phone.</summary>
    EditContact,
}
