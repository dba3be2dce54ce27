namespace Crm.Domain.Common;

/// <summary>
/// A broken business rule. The message is written for the person who typed the command:
/// it says what was wrong and how to do it right.
/// </summary>
public sealed class DomainException(string message) : Exception(message);
