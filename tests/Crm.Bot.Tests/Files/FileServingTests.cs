using System.Net;
using Crm.Bot.Files;
using Crm.Domain.Files;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Files;

/// <summary>
/// <c>/files/{signed id}</c> on the real host (Kestrel, every area's wiring) over both stores: the signed file is
/// served without a login; a tampered, foreign or unknown id gets 404 and nothing else; an expired link or file gets 410.
/// </summary>
public sealed class FileServingTests
{
    public static readonly TheoryData<string> Stores = [TestStore.Postgres, TestStore.Sqlite];
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    private static async Task<(TestStore Store, RealHost Host)> StartAsync(string provider)
    {
        var store = await TestStore.CreateAsync(provider);
        return (store, await StartHostAsync(store, Key));
    }

    private static Task<RealHost> StartHostAsync(TestStore store, string? signingKey)
    {
        var settings = new Dictionary<string, string?>(store.HostSettings)
        {
            ["Host:PublicBaseUrl"] = "https://crm.example.com/",
            ["Files:SigningKey"] = signingKey,
        };
        var connection = settings.Remove("ConnectionStrings:Crm", out var pg) ? pg! : "";
        return RealHost.StartAsync(connection, settings);
    }

    private static async Task<StoredFile> StoreAsync(TestStore store, byte[] content, string mediaType, TimeSpan expiresIn, string name = "pipeline-chart.png")
    {
        var now = DateTimeOffset.UtcNow;
        var file = new StoredFile
        {
            Id = Guid.NewGuid(), Name = name, MediaType = mediaType, Content = content, AltText = "alt", Audience = "#sales",
            CreatedAt = now, ExpiresAt = now + expiresIn,
        };
        await using var db = store.CreateContext();
        db.Files.Add(file);
        await db.SaveChangesAsync();
        return file;
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TheSignedFile_IsServed_WithoutALogin_AndAnythingElseIsRefused(string provider)
    {
        var (store, host) = await StartAsync(provider);
        await using var _ = store;
        await using var __ = host;
        using var http = new HttpClient { BaseAddress = host.Address };
        var links = host.Services.GetRequiredService<FileLinks>();

        var png = await StoreAsync(store, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3], "image/png", TimeSpan.FromDays(1));
        var csv = await StoreAsync(store, "a,b\n1,2\n"u8.ToArray(), "text/csv", TimeSpan.FromDays(1), "pipeline.csv");

        var url = links.Url(png.Id)!;
        Assert.StartsWith("https://crm.example.com/files/", url);
        using var served = await http.GetAsync(links.Path(png.Id));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png.Content, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("private", served.Headers.CacheControl!.ToString());

        using var download = await http.GetAsync(links.Path(csv.Id));
        Assert.Equal(csv.Content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("pipeline.csv", download.Content.Headers.ContentDisposition.FileName?.Trim('"'));

        // Tampered: every character of the signed id changed in turn.
        var signed = links.Path(png.Id)["/files/".Length..];
        for (var i = 0; i < signed.Length; i++)
        {
            var tampered = signed[..i] + (signed[i] == 'A' ? 'B' : 'A') + signed[(i + 1)..];
            using var refused = await http.GetAsync("/files/" + tampered);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Empty(await refused.Content.ReadAsByteArrayAsync());
        }
        foreach (var junk in new[] { "x", "..%2f..%2fappsettings.json", png.Id.ToString("N"), signed + "A" })
        {
            using var refused = await http.GetAsync("/files/" + junk);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        // Signed with another key, or for a file that was never stored.
        var foreign = new FileLinkSigner(new byte[32]).Sign(png.Id, DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/files/" + foreign)).StatusCode);
        var unknown = links.Signer.Sign(Guid.NewGuid(), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/files/" + unknown)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AnExpiredLink_OrAnExpiredFile_IsGone(string provider)
    {
        var (store, host) = await StartAsync(provider);
        await using var _ = store;
        await using var __ = host;
        using var http = new HttpClient { BaseAddress = host.Address };
        var signer = host.Services.GetRequiredService<FileLinks>().Signer;

        var live = await StoreAsync(store, [1, 2, 3], "image/png", TimeSpan.FromDays(1));
        var expiredLink = signer.Sign(live.Id, DateTimeOffset.UtcNow.AddSeconds(-1));
        using (var gone = await http.GetAsync("/files/" + expiredLink))
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.Empty(await gone.Content.ReadAsByteArrayAsync());
        }

        var expiredFile = await StoreAsync(store, [4, 5, 6], "image/png", TimeSpan.FromSeconds(-1));
        var link = signer.Sign(expiredFile.Id, DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal(HttpStatusCode.Gone, (await http.GetAsync("/files/" + link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/files/" + signer.Sign(live.Id, DateTimeOffset.UtcNow.AddMinutes(1)))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task WithoutASigningKey_ALinkOneHostMade_OpensOnAnotherHost_AndAfterARestart(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var png = await StoreAsync(store, [0x89, 0x50, 0x4E, 0x47, 9], "image/png", TimeSpan.FromDays(1));
        string path;
        await using (var first = await StartHostAsync(store, null))
        {
            path = first.Services.GetRequiredService<FileLinks>().Path(png.Id);
            using var http = new HttpClient { BaseAddress = first.Address };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
        }

        // Another host on the same database (the first one gone): the key ring is the database's, not a process's.
        await using var second = await StartHostAsync(store, null);
        using var other = new HttpClient { BaseAddress = second.Address };
        using (var served = await other.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47, 9], await served.Content.ReadAsByteArrayAsync());
        }
        var signed = path[FileEndpoints.Prefix.Length..];
        var tampered = signed[..10] + (signed[10] == 'A' ? 'B' : 'A') + signed[11..];
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(FileEndpoints.Prefix + tampered)).StatusCode);
        var signer = second.Services.GetRequiredService<FileLinks>().Signer;
        Assert.IsType<ProtectedFileLinkSigner>(signer);
        Assert.Equal(HttpStatusCode.Gone, (await other.GetAsync(FileEndpoints.Prefix + signer.Sign(png.Id, DateTimeOffset.UtcNow.AddSeconds(-1)))).StatusCode);
        // An HMAC link (another way of signing) is not one of these.
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(FileEndpoints.Prefix + new FileLinkSigner(new byte[32]).Sign(png.Id, DateTimeOffset.UtcNow.AddDays(1)))).StatusCode);
    }
}
