using System.Buffers;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// A growable buffer for UTF-8 JSON, over arrays borrowed from the shared pool and given back when
/// disposed. Inbound activities are read into it and cards and outbound bodies written through it,
/// so a busy host does not allocate (and collect) a fresh buffer, and every buffer it outgrew, for
/// each activity.
/// </summary>
internal sealed class PooledUtf8Buffer(int initialSize = 4096) : IBufferWriter<byte>, IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(initialSize);

    public int WrittenCount { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, WrittenCount);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (WrittenCount + count > _array.Length) throw new InvalidOperationException("Advanced past the end of the buffer.");
        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsSpan(WrittenCount);
    }

    private void Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_array.Length == 0, this);
        var needed = Math.Max(sizeHint, 1);
        if (_array.Length - WrittenCount >= needed) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, WrittenCount + needed));
        WrittenSpan.CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = larger;
    }

    public void Dispose()
    {
        if (_array.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_array);
        _array = [];
    }
}
