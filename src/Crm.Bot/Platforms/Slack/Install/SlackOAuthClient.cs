using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>
/// The OAuth side of the Web API, through <c>Slack:ApiBaseUrl</c> like every other call: <c>oauth.v2.access</c>
/// (an install's code, or a refresh token when the app rotates tokens) with the app's client id and secret,
/// and <c>auth.teams.list</c> (the workspaces an org-wide install serves). One attempt each.
/// </summary>
public sealed class SlackOAuthClient(HttpClient http, IOptions<SlackOptions> options)
{
    public const string AccessMethod = "oauth.v2.access";
    public const string TeamsListMethod = "auth.teams.list";

    public Task<SlackOAuthAccess> ExchangeCodeAsync(string code, string redirectUri, CancellationToken cancellationToken) =>
        AccessAsync([new("code", code), new("redirect_uri", redirectUri)], cancellationToken);

    public Task<SlackOAuthAccess> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        AccessAsync([new("grant_type", "refresh_token"), new("refresh_token", refreshToken)], cancellationToken);

    /// <summary>The workspaces an org-wide install's token serves.</summary>
    public async Task<IReadOnlyList<string>> TeamsOfAsync(string orgToken, CancellationToken cancellationToken)
    {
        var teams = new List<string>();
        string? cursor = null;
        do
        {
            var form = new List<KeyValuePair<string, string>> { new("limit", "1000") };
            if (cursor is not null) form.Add(new("cursor", cursor));
            var answer = await PostAsync(TeamsListMethod, form, orgToken, cancellationToken);
            if (answer.TryGetProperty("teams", out var list) && list.ValueKind == JsonValueKind.Array)
                teams.AddRange(list.EnumerateArray().Select(t => t.TryGetProperty("id", out var id) ? id.GetString() : null).OfType<string>());
            cursor = answer.TryGetProperty("response_metadata", out var meta) && meta.TryGetProperty("next_cursor", out var next) &&
                     next.ValueKind == JsonValueKind.String && next.GetString() is { Length: > 0 } c ? c : null;
        } while (cursor is not null);
        return teams;
    }

    private async Task<SlackOAuthAccess> AccessAsync(List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var o = options.Value;
        form.Add(new("client_id", o.ClientId ?? ""));
        form.Add(new("client_secret", o.ClientSecret ?? ""));
        return SlackOAuthAccess.Parse(await PostAsync(AccessMethod, form, token: null, cancellationToken));
    }

    private async Task<JsonElement> PostAsync(string method, List<KeyValuePair<string, string>> form, string? token, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(options.Value.ApiTimeoutMs));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.ApiBase, method)) { Content = new FormUrlEncodedContent(form) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        string text;
        HttpStatusCode status;
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlackApiException(method, "timeout", isPermanent: false, inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new SlackApiException(method, "connection_failed", isPermanent: false, inner: e);
        }
        if ((int)status >= 500 || status == HttpStatusCode.TooManyRequests)
            throw new SlackApiException(method, $"http_{(int)status}", isPermanent: false);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SlackApiException(method, "invalid_response", isPermanent: false, inner: e);
        }
        if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True) return root;
        var error = root.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.String ? err.GetString()! : "unknown_error";
        throw new SlackApiException(method, error, !SlackErrorCodes.IsTransient(error));
    }
}
