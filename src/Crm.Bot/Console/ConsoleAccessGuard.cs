namespace Crm.Bot.TryIt;

/// <summary>
/// Lets a console request through only with this start's key cookie (see <see cref="ConsoleAccessKey"/>);
/// the page at "/" trades the key from the start-up link for that cookie.
/// </summary>
internal sealed class ConsoleAccessGuard(ConsoleAccessKey key) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HasKey(http, key))
            return await next(context);
        return Refused();
    }

    internal static bool HasKey(HttpContext http, ConsoleAccessKey key) =>
        key.Matches(http.Request.Cookies[ConsoleAccessKey.CookieName(http.Request.Host.Port)]);

    internal static IResult Refused(string? why = null) => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "The try-it console needs this start's key.",
        detail: (why ?? "This request does not carry the console's key. ") +
                "Open the link the host printed when it started (http://localhost:…/?key=…); each start prints a new one.");
}
