using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack.Install;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary>How hard a call tries: interactive answers retry transient failures; outbox sends try once (the dispatcher retries).</summary>
public enum SlackCallMode
{
    Retry,
    Once,
}

/// <summary>
/// The Slack Web API over HTTP: JSON bodies with the bot token of the workspace the call acts in
/// (<see cref="SlackTokens"/>: its installation's, or <c>Slack:BotToken</c>), <c>ok:false</c> mapped to
/// <see cref="SlackApiException"/>, 429 waits exactly Retry-After (interactive calls). Posts are
/// not paced here: the caller sends a stored message in its channel's turn (Crm.Jobs' ChannelPacer).
/// </summary>
public sealed partial class SlackApiClient(HttpClient http, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackApiClient> log, SlackTokens? tokens = null)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>
    /// Calls <c>{ApiBaseUrl}{method}</c> with the bot token of workspace <paramref name="team"/> and returns the
    /// answer's JSON when <c>ok</c> is true. A rotating token Slack calls expired is refreshed once and the call made again.
    /// </summary>
    public Task<JsonElement> CallAsync(string team, string method, JsonObject body, SlackCallMode mode, CancellationToken cancellationToken)
    {
        var url = new Uri(options.Value.ApiBase, method);
        return WithTokenAsync(team, method, token => SendAsync(method, url, body, token, mode, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="call"/> with the bot token of workspace <paramref name="team"/> (or <c>Slack:BotToken</c> without
    /// installations); a rotating token Slack calls expired is refreshed once and the call made again.
    /// </summary>
    private async Task<JsonElement> WithTokenAsync(string team, string method, Func<string, Task<JsonElement>> call, CancellationToken cancellationToken)
    {
        if (tokens is null)
        {
            var configured = options.Value.BotToken;
            if (string.IsNullOrEmpty(configured))
                throw new SlackApiException(method, "not_configured (Slack:BotToken is not set)", isPermanent: true);
            return await call(configured);
        }
        var token = await tokens.ForTeamAsync(method, team, cancellationToken);
        try
        {
            return await call(token.Value);
        }
        catch (SlackApiException e) when (e.Error == "token_expired" && token.Rotates)
        {
            token = await tokens.RefreshAsync(method, team, token, cancellationToken);
            return await call(token.Value);
        }
    }

    /// <summary>Answers a slash command or button later through its response_url (no token: the URL is the credential).</summary>
    public Task PostToResponseUrlAsync(string responseUrl, JsonObject body, SlackCallMode mode, CancellationToken cancellationToken) =>
        SendAsync("response_url", new Uri(responseUrl, UriKind.Absolute), body, token: null, mode, cancellationToken);

    /// <summary>A Web API method that takes form-encoded arguments only (files.*), called once, with workspace <paramref name="team"/>'s token.</summary>
    private Task<JsonElement> CallFormAsync(string team, string method, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken) =>
        WithTokenAsync(team, method,
            token => SendOnceAsync(method, new Uri(options.Value.ApiBase, method), () => new FormUrlEncodedContent(form), token, cancellationToken),
            cancellationToken);

    /// <summary>The bytes of a file to the upload URL Slack gave (the URL is the credential; Slack answers "OK").</summary>
    private Task PostBytesAsync(string uploadUrl, string fileName, byte[] content, CancellationToken cancellationToken) =>
        SendOnceAsync("file_upload", new Uri(uploadUrl, UriKind.Absolute), () =>
        {
            var multipart = new MultipartFormDataContent();
            multipart.Add(new ByteArrayContent(content), "file", fileName);
            return multipart;
        }, token: null, cancellationToken);

    private async Task<JsonElement> SendAsync(string method, Uri url, JsonObject body, string? token, SlackCallMode mode, CancellationToken cancellationToken)
    {
        var attempts = mode == SlackCallMode.Once ? 1 : Math.Max(1, options.Value.ApiMaxAttempts);
        var payload = body.ToJsonString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(method, url, () =>
                {
                    var content = new StringContent(payload, Encoding.UTF8);
                    content.Headers.ContentType = Json;
                    return content;
                }, token, cancellationToken);
            }
            catch (SlackApiException e) when (!e.IsPermanent && attempt < attempts)
            {
                // Slack's Retry-After is exact; without one, back off 1 s, 2 s, 4 s…
                var wait = e.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));
                log.LogInformation("Slack {Method} transient failure {Error}; attempt {Attempt} of {Attempts}, waiting {Wait}", method, e.Error, attempt, attempts, wait);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    private async Task<JsonElement> SendOnceAsync(string method, Uri url, Func<HttpContent> content, string? token, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(options.Value.ApiTimeoutMs));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content() };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        HttpResponseMessage response;
        string text;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
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

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                throw new SlackApiException(method, "ratelimited", isPermanent: false, RetryAfterOf(response) ?? TimeSpan.FromSeconds(1));
            if ((int)response.StatusCode >= 500)
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}", isPermanent: false);
            if (!response.IsSuccessStatusCode)
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}", isPermanent: true);
            return Parse(method, text, response);
        }
    }

    private static JsonElement Parse(string method, string text, HttpResponseMessage response)
    {
        // response_url and an upload URL answer plain text; the Web API always answers JSON with "ok".
        if (method is "response_url" or "file_upload" && !text.TrimStart().StartsWith('{'))
            return default;
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SlackApiException(method, "invalid_response", isPermanent: false, inner: e);
        }
        if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
            return root;
        var error = root.TryGetProperty("error", out var e2) && e2.ValueKind == JsonValueKind.String ? e2.GetString()! : "unknown_error";
        throw new SlackApiException(method, error, !SlackErrorCodes.IsTransient(error), RetryAfterOf(response));
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta) return delta;
        return response.Headers.TryGetValues("Retry-After", out var values) &&
               int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
