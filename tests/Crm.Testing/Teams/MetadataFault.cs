namespace Crm.Testing.Teams;

/// <summary>How <see cref="FakeBotFrameworkAuth"/> answers the OpenID metadata request.</summary>
public enum MetadataFault
{
    None,
    /// <summary>HTTP 500 at once.</summary>
    Error,
    /// <summary>No answer until the caller gives up.</summary>
    Hang,
}
