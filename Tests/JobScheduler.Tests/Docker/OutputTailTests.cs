using System.Text;
using JobScheduler.Grains.Docker;

namespace JobScheduler.Tests.Docker;

public sealed class OutputTailTests
{
    [Fact]
    public void Append_LessThanCapacity_KeepsEverything()
    {
        var tail = new OutputTail(16);

        tail.Append("hello "u8);
        tail.Append("world"u8);

        Assert.Equal("hello world", tail.ToString());
        Assert.False(tail.Truncated);
        Assert.Equal(11, tail.TotalBytes);
    }

    [Fact]
    public void Append_ExactlyCapacity_IsNotTruncated()
    {
        var tail = new OutputTail(4);

        tail.Append("ab"u8);
        tail.Append("cd"u8);

        Assert.Equal("abcd", tail.ToString());
        Assert.False(tail.Truncated);
    }

    [Fact]
    public void Append_ManyChunksPastCapacity_KeepsLastBytesInOrder()
    {
        var tail = new OutputTail(10);
        var all = new StringBuilder();

        for (var i = 0; i < 50; i++)
        {
            var chunk = new string((char)('a' + (i % 26)), (i % 7) + 1);
            all.Append(chunk);
            tail.Append(Encoding.ASCII.GetBytes(chunk));
        }

        Assert.Equal(all.ToString()[^10..], tail.ToString());
        Assert.True(tail.Truncated);
        Assert.Equal(all.Length, tail.TotalBytes);
    }

    [Fact]
    public void Append_SingleChunkLargerThanCapacity_KeepsItsEnd()
    {
        var tail = new OutputTail(4);
        tail.Append("xy"u8);

        tail.Append("0123456789"u8);

        Assert.Equal("6789", tail.ToString());
        Assert.True(tail.Truncated);
    }

    [Fact]
    public void ToString_CutInsideMultiByteCharacter_SkipsThePartialCharacter()
    {
        var tail = new OutputTail(5);

        // "€" is E2 82 AC; keeping 5 of "a€b€" (8 bytes) starts inside the first euro sign.
        tail.Append(Encoding.UTF8.GetBytes("a€b€"));

        Assert.Equal("b€", tail.ToString());
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OutputTail(0));
    }
}
