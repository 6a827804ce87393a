using System.Text;

namespace JobScheduler.Grains.Docker;

/// <summary>
/// Keeps the last <see cref="Capacity"/> bytes written to it in a ring buffer, so a container that
/// prints gigabytes costs a fixed amount of memory. Not thread-safe: one reader feeds it.
/// </summary>
public sealed class OutputTail
{
    private readonly byte[] _buffer;
    private int _next;

    /// <summary>Creates a tail that keeps the last <paramref name="capacity"/> bytes.</summary>
    public OutputTail(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _buffer = new byte[capacity];
    }

    /// <summary>How many bytes are kept at most.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>How many bytes were appended in total.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>True when more bytes were appended than are kept.</summary>
    public bool Truncated => TotalBytes > _buffer.Length;

    /// <summary>Appends bytes, dropping the oldest when the buffer is full.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        TotalBytes += bytes.Length;
        if (bytes.Length >= _buffer.Length)
        {
            bytes[^_buffer.Length..].CopyTo(_buffer);
            _next = 0;
            return;
        }

        var first = Math.Min(bytes.Length, _buffer.Length - _next);
        bytes[..first].CopyTo(_buffer.AsSpan(_next));
        bytes[first..].CopyTo(_buffer);
        _next = (_next + bytes.Length) % _buffer.Length;
    }

    /// <summary>The kept bytes, oldest first.</summary>
    public byte[] ToArray()
    {
        if (!Truncated)
        {
            return _buffer.AsSpan(0, (int)TotalBytes).ToArray();
        }

        var bytes = new byte[_buffer.Length];
        _buffer.AsSpan(_next).CopyTo(bytes);
        _buffer.AsSpan(0, _next).CopyTo(bytes.AsSpan(_buffer.Length - _next));
        return bytes;
    }

    /// <summary>
    /// The kept bytes as UTF-8. When the start was cut, the continuation bytes of a character split
    /// by the cut are skipped rather than shown as a replacement character.
    /// </summary>
    public override string ToString()
    {
        var bytes = ToArray();
        var start = 0;
        if (Truncated)
        {
            // A UTF-8 character has at most three continuation bytes (10xxxxxx).
            while (start < bytes.Length && start < 3 && (bytes[start] & 0xC0) == 0x80)
            {
                start++;
            }
        }

        return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
    }
}
