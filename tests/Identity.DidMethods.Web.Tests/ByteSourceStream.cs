namespace Identity.DidMethods.Web.Tests;

/// <summary>
/// A non-seekable stream that would produce <c>length</c> bytes of JSON whitespace on demand, counting what was read,
/// so a test can prove that a reader stopped early without the bytes ever existing in memory.
/// </summary>
internal sealed class ByteSourceStream(long length) : Stream
{
    private long _produced;

    public long Produced => Interlocked.Read(ref _produced);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - Produced);
        buffer[..n].Fill((byte)' ');
        Interlocked.Add(ref _produced, n);
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
