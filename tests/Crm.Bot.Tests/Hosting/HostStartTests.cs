using System.Net;
using Crm.Domain.Customers;
using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Hosting;

public sealed class HostStartTests
{
    private static WebApplicationFactory<Program> HostOn(SqliteDatabase database, params (string Key, string Value)[] settings)
    {
        HangfireStatics.ForgetDisposedHostLogger();
        return new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Storage:SqlitePath", database.Path);
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        });
    }

    [Fact]
    public async Task FirstStart_OnEmptyEmbeddedDatabase_SeedsTheDemo_AndIsReady()
    {
        await using var database = await SqliteDatabase.CreateAsync(migrate: false);
        await using var factory = HostOn(database);
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        Assert.False(db.IsPostgres);
        Assert.Equal(201, await db.Customers.CountAsync());
        var hit = (await scope.ServiceProvider.GetRequiredService<ICustomerSearch>().SearchAsync("acme", 5, default))[0];
        Assert.Equal(("C-1001", "Acme Corporation"), (hit.HumanId, hit.Name));
    }

    [Fact]
    public async Task Start_WithMigrationsOff_OnAnEmptyDatabase_IsAliveButNotReady()
    {
        await using var database = await SqliteDatabase.CreateAsync(migrate: false);
        await using var factory = HostOn(database, ("Storage:MigrateOnStart", "false"));
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Start_OnADatabaseWithData_DoesNotSeedAgain()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            db.Customers.Add(new Customer(1001, "Only Customer", null, null, null));
            await db.SaveChangesAsync();
        }
        await using var factory = HostOn(database);
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        await using var check = database.CreateContext();
        Assert.Equal(1, await check.Customers.CountAsync());
    }

    [Fact]
    public async Task InvalidStorageOptions_StopTheHost_NamingTheKey()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var factory = HostOn(database, ("Storage:DemoCustomers", "-5"));
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("DemoCustomers", error.ToString());
    }
}
