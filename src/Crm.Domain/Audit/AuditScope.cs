using Crm.Domain.Common;

namespace Crm.Domain.Audit;

/// <summary>Who is acting, where, with which command: the part every audit row of one request shares.</summary>
public sealed record AuditScope(string Actor, Platform Platform, string? Workspace, string? Channel, string Command);
