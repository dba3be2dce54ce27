using System.Collections.Concurrent;

namespace Crm.Fakes.Faults;

/// <summary>Every post the fakes received, in arrival order, refused ones included.</summary>
public sealed class PostJournal
{
    private readonly ConcurrentQueue<ReceivedPost> _posts = new();
    private long _seq;

    public long NextSeq() => Interlocked.Increment(ref _seq);

    public void Add(ReceivedPost post) => _posts.Enqueue(post);

    public IReadOnlyList<ReceivedPost> Since(long seq) =>
        _posts.Where(p => p.Seq > seq).OrderBy(p => p.Seq).ToArray();
}
