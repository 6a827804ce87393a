using System.Text;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Tests.Execution;

public sealed class LogLineSplitterTests
{
    private static List<string> Feed(params string[] chunks)
    {
        var splitter = new LogLineSplitter(LogStream.Stdout);
        var lines = new List<LogLine>();
        foreach (var chunk in chunks)
            splitter.Append(Encoding.UTF8.GetBytes(chunk), lines);
        splitter.Flush(lines);
        return [.. lines.Select(l => l.Text)];
    }

    [Fact]
    public void Append_LinesSplitAcrossChunks_JoinedAndCutOnNewlines() =>
        Assert.Equal(["one", "two", "", "three"], Feed("o", "ne\ntw", "o\n\nthr", "ee"));

    [Fact]
    public void Append_CarriageReturnBeforeNewline_IsDropped() =>
        Assert.Equal(["dos", "unix"], Feed("dos\r\nunix\n"));

    [Fact]
    public void Append_LineOverEightKiB_ComesAsPiecesOfAtMostEightKiB()
    {
        var lines = Feed(new string('x', LogLine.MaxBytes * 2 + 10) + "\nnext\n");

        Assert.Equal([LogLine.MaxBytes, LogLine.MaxBytes, 10, 4], lines.Select(l => l.Length));
    }

    [Fact]
    public void Append_LongLineOfMultiByteCharacters_NeverCutInsideACharacter()
    {
        // 'é' is two bytes in UTF-8; an odd prefix makes the 8 KiB boundary fall inside one.
        var text = "a" + new string('é', LogLine.MaxBytes);
        var lines = Feed(text);

        Assert.Equal(text, string.Concat(lines));
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= LogLine.MaxBytes));
        Assert.DoesNotContain(lines, l => l.Contains('\uFFFD'));
    }

    [Fact]
    public void Split_StoredTail_TagsEveryLineAndKeepsThePartialLast()
    {
        var lines = LogLineSplitter.Split(LogStream.Stderr, "e1\ne2").ToList();

        Assert.Equal(["e1", "e2"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(LogStream.Stderr, l.Stream));
    }
}
