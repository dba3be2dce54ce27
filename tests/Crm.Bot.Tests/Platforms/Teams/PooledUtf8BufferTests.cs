using Crm.Bot.Platforms.Teams;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class PooledUtf8BufferTests
{
    [Fact]
    public void GrowsPastItsFirstArray_KeepingWhatWasWritten()
    {
        using var buffer = new PooledUtf8Buffer(16);
        var expected = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 251)).ToArray();
        foreach (var chunk in expected.Chunk(37))
        {
            chunk.CopyTo(buffer.GetSpan(chunk.Length));
            buffer.Advance(chunk.Length);
        }

        Assert.Equal(expected.Length, buffer.WrittenCount);
        Assert.True(buffer.WrittenSpan.SequenceEqual(expected));
    }

    [Fact]
    public void RefusesToAdvancePastWhatItHanded_AndToBeUsedAfterDisposal()
    {
        var buffer = new PooledUtf8Buffer(16);
        var room = buffer.GetSpan().Length;
        Assert.Throws<InvalidOperationException>(() => buffer.Advance(room + 1));

        buffer.Dispose();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.GetSpan());
    }
}
