using Crm.Bot.Storage;

namespace Crm.Bot.Files;

public static class FilesSetup
{
    /// <summary>Reply files: their signed links (<see cref="FileLinks"/>) and the reader transports upload from (<see cref="StoredFileReader"/>).</summary>
    public static IServiceCollection AddReplyFiles(this IServiceCollection services)
    {
        services.AddOptions<FileLinkOptions>()
            .Configure<IConfiguration>((o, configuration) =>
            {
                o.PublicBaseUrl = configuration["Host:PublicBaseUrl"];
                o.SigningKey = configuration["Files:SigningKey"];
            })
            .Validate(o => o.Problem() is null, "Host:PublicBaseUrl must be an absolute http(s) URL; Files:SigningKey base64 of at least 32 bytes.")
            .ValidateOnStart();
        // Links made without Files:SigningKey are protected under the database's key ring.
        services.AddDatabaseKeyRing();
        services.AddSingleton<FileLinks>();
        services.AddSingleton<StoredFileReader>();
        return services;
    }
}
