using Crm.Bot.TryIt;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Console;

/// <summary>HTTP clients for the console of a running host, with or without the start's key cookie.</summary>
public static class ConsoleClient
{
    /// <summary>A client that carries the key cookie, as the browser does after opening the start-up link.</summary>
    public static HttpClient WithKey(RealHost host, Uri? address = null)
    {
        var client = new HttpClient { BaseAddress = address ?? host.Address };
        var key = host.Services.GetRequiredService<ConsoleAccessKey>();
        client.DefaultRequestHeaders.Add("Cookie", $"{ConsoleAccessKey.CookieName(client.BaseAddress.Port)}={key.Value}");
        return client;
    }

    public static HttpClient WithoutKey(RealHost host) => new() { BaseAddress = host.Address };
}
