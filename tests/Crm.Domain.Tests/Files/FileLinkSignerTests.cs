using Crm.Domain.Files;

namespace Crm.Domain.Tests.Files;

public sealed class FileLinkSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void ASignedId_VerifiesAsItsFile_UntilItExpires()
    {
        var signer = new FileLinkSigner(Key);
        var id = Guid.NewGuid();
        var signed = signer.Sign(id, Now.AddMinutes(10));

        Assert.Equal(FileLinkState.Valid, signer.Verify(signed, Now, out var read));
        Assert.Equal(id, read);
        Assert.Equal(FileLinkState.Valid, signer.Verify(signed, Now.AddMinutes(10).AddSeconds(-1), out _));
        Assert.Equal(FileLinkState.Expired, signer.Verify(signed, Now.AddMinutes(10), out read));
        Assert.Equal(Guid.Empty, read);
        Assert.Matches("^[A-Za-z0-9_-]+$", signed);
    }

    [Fact]
    public void EveryChangedCharacter_MakesTheIdInvalid_NeverAnotherFile()
    {
        var signer = new FileLinkSigner(Key);
        var signed = signer.Sign(Guid.NewGuid(), Now.AddDays(1));
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var i = 0; i < signed.Length; i++)
        {
            foreach (var c in alphabet)
            {
                if (c == signed[i]) continue;
                var tampered = signed[..i] + c + signed[(i + 1)..];
                Assert.Equal(FileLinkState.Invalid, signer.Verify(tampered, Now, out var id));
                Assert.Equal(Guid.Empty, id);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("../../etc/passwd")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%2e%2e")]
    public void Garbage_IsInvalid(string signed) =>
        Assert.Equal(FileLinkState.Invalid, new FileLinkSigner(Key).Verify(signed, Now, out _));

    [Fact]
    public void AnIdSignedWithAnotherKey_OrCutShort_OrExtended_IsInvalid()
    {
        var signed = new FileLinkSigner(Enumerable.Repeat((byte)7, 32).ToArray()).Sign(Guid.NewGuid(), Now.AddDays(1));
        var signer = new FileLinkSigner(Key);
        Assert.Equal(FileLinkState.Invalid, signer.Verify(signed, Now, out _));
        var own = signer.Sign(Guid.NewGuid(), Now.AddDays(1));
        Assert.Equal(FileLinkState.Invalid, signer.Verify(own[..^1], Now, out _));
        Assert.Equal(FileLinkState.Invalid, signer.Verify(own + "A", Now, out _));
        // An expired link that was tampered with is refused as invalid: only genuine links learn they expired.
        var old = signer.Sign(Guid.NewGuid(), Now.AddDays(-1));
        Assert.Equal(FileLinkState.Expired, signer.Verify(old, Now, out _));
        Assert.Equal(FileLinkState.Invalid, signer.Verify((old[0] == 'A' ? "B" : "A") + old[1..], Now, out _));
    }

    [Fact]
    public void AShortKey_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new FileLinkSigner(new byte[16]));
}
