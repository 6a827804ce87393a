using System.Text;

namespace JobScheduler.Grains.Interfaces;

/// <summary>
/// Cuts one stream's bytes into <see cref="LogLine"/>s: on <c>\n</c>, and after <see cref="LogLine.MaxBytes"/> bytes
/// without one (at a UTF-8 character boundary). Bytes after the last <c>\n</c> wait for more, or for
/// <see cref="Flush"/>. Holds at most <see cref="LogLine.MaxBytes"/> bytes. Not thread-safe.
/// </summary>
/// <param name="stream">The stream the lines are tagged with.</param>
public sealed class LogLineSplitter(LogStream stream)
{
    private readonly byte[] _pending = new byte[LogLine.MaxBytes];
    private int _length;

    /// <summary>Appends <paramref name="bytes"/>, adding every line it completes to <paramref name="lines"/>.</summary>
    public void Append(ReadOnlySpan<byte> bytes, List<LogLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            var text = newline < 0 ? bytes : bytes[..newline];
            while (!text.IsEmpty)
            {
                if (_length == _pending.Length)
                    EmitLongLine(lines);
                var count = Math.Min(_pending.Length - _length, text.Length);
                text[..count].CopyTo(_pending.AsSpan(_length));
                _length += count;
                text = text[count..];
            }
            if (newline < 0)
                return;
            Emit(_length, lines, endOfLine: true);
            bytes = bytes[(newline + 1)..];
        }
    }

    /// <summary>Adds the bytes after the last <c>\n</c>, if any, as a last line: the stream ended.</summary>
    public void Flush(List<LogLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (_length > 0)
            Emit(_length, lines, endOfLine: true);
    }

    /// <summary>Every line of a whole text (a stored tail), the last one even without a final <c>\n</c>.</summary>
    public static IEnumerable<LogLine> Split(LogStream stream, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var splitter = new LogLineSplitter(stream);
        var lines = new List<LogLine>();
        splitter.Append(Encoding.UTF8.GetBytes(text), lines);
        splitter.Flush(lines);
        return lines;
    }

    // The buffer is full without a newline: cut it before a character that does not fit whole, keep the rest.
    private void EmitLongLine(List<LogLine> lines)
    {
        var start = _length - 1;
        while (start > 0 && (_pending[start] & 0xC0) == 0x80)
            start--;
        var width = _pending[start] switch
        {
            < 0x80 => 1,
            >= 0xF0 => 4,
            >= 0xE0 => 3,
            >= 0xC0 => 2,
            _ => 1,
        };
        var cut = start > 0 && start + width > _length ? start : _length;
        Emit(cut, lines, endOfLine: false);
    }

    private void Emit(int count, List<LogLine> lines, bool endOfLine)
    {
        var line = _pending.AsSpan(0, count);
        if (endOfLine && line.Length > 0 && line[^1] == (byte)'\r')
            line = line[..^1];
        lines.Add(new LogLine { Stream = stream, Text = Encoding.UTF8.GetString(line) });
        _pending.AsSpan(count, _length - count).CopyTo(_pending);
        _length -= count;
    }
}
