using System.Text;
using Crm.Bot.Platforms.Slack;
using Crm.Testing.Slack;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Bot.Tests.Platforms.Slack;

public sealed class SlackSignatureVerifierTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Body = "token=x&team_id=T0DEMO&user_id=U0AVA&command=%2Fcrm&text=show+acme&trigger_id=1.2.3";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);
    private readonly FakeTimeProvider _time = new(Now);

    private SlackSignatureVerifier Verifier(string? secret = Secret) =>
        new(Options.Create(new SlackOptions { SigningSecret = secret }), _time);

    private static string Ts(int offsetSeconds = 0) => (Now.ToUnixTimeSeconds() + offsetSeconds).ToString();

    private static string Sign(string ts, string body = Body) => SlackSigner.Signature(Secret, long.Parse(ts), body);

    [Fact]
    public void Signature_IsAccepted_WhenComputedOverTheRawBody()
    {
        var ts = Ts();
        Assert.True(Verifier().Verify(ts, Sign(ts), Encoding.UTF8.GetBytes(Body)).IsValid);
    }

    [Fact]
    public void Signature_IsRefused_WhenTheBodyWasAlteredAfterSigning()
    {
        var ts = Ts();
        var altered = Body.Replace("show+acme", "show+globex");
        var result = Verifier().Verify(ts, Sign(ts), Encoding.UTF8.GetBytes(altered));
        Assert.False(result.IsValid);
        Assert.Contains("does not match", result.Problem);
    }

    [Fact]
    public void Signature_IsRefused_WhenMadeWithAnotherSecret()
    {
        var ts = Ts();
        var forged = SlackSigner.Signature("not-the-secret", long.Parse(ts), Body);
        Assert.False(Verifier().Verify(ts, forged, Encoding.UTF8.GetBytes(Body)).IsValid);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void Signature_IsRefused_OutsideTheFiveMinuteWindow(int offset)
    {
        var ts = Ts(offset);
        var result = Verifier().Verify(ts, Sign(ts), Encoding.UTF8.GetBytes(Body));
        Assert.False(result.IsValid);
        Assert.Contains("300 s", result.Problem);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Signature_IsAccepted_AtTheEdgeOfTheWindow(int offset)
    {
        var ts = Ts(offset);
        Assert.True(Verifier().Verify(ts, Sign(ts), Encoding.UTF8.GetBytes(Body)).IsValid);
    }

    [Theory]
    [InlineData(null, "v0=abc")]
    [InlineData("1790000000", null)]
    [InlineData("", "")]
    [InlineData("not-a-number", "v0=abc")]
    public void Signature_IsRefused_WhenAHeaderIsMissingOrMalformed(string? ts, string? signature)
    {
        Assert.False(Verifier().Verify(ts, signature, Encoding.UTF8.GetBytes(Body)).IsValid);
    }

    [Fact]
    public void Signature_IsRefused_WithAnotherVersionPrefix()
    {
        var ts = Ts();
        var v1 = "v1=" + Sign(ts)[3..];
        Assert.False(Verifier().Verify(ts, v1, Encoding.UTF8.GetBytes(Body)).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Signature_IsRefused_WhenNoSecretIsConfigured_EvenIfSignedWithAnEmptySecret(string? secret)
    {
        var ts = Ts();
        var signedWithEmpty = SlackSigner.Signature("", long.Parse(ts), Body);
        var result = Verifier(secret).Verify(ts, signedWithEmpty, Encoding.UTF8.GetBytes(Body));
        Assert.False(result.IsValid);
        Assert.Contains("not configured", result.Problem);
    }
}
