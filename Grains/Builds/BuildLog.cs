using System.Text;
using JobScheduler.Grains.Execution;
using JobScheduler.Grains.Interfaces;

namespace JobScheduler.Grains.Builds;

/// <summary>
/// The build phase's output: each line goes to the attempt's live output (as <see cref="LogStream.Build"/>, for log
/// followers) and into a tail of at most <see cref="JobLogs.CapBytes"/> characters kept for the attempt's final logs.
/// </summary>
/// <param name="live">The attempt's live output, or null when nobody may follow.</param>
public sealed class BuildLog(LiveOutput? live)
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _tail = new();

    /// <summary>True when earlier output was dropped to keep the tail within the cap.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Adds text (one or more lines; a missing final newline is added).</summary>
    public void Write(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            return;
        if (!text.EndsWith('\n'))
            text += "\n";
        lock (_lock)
        {
            live?.Append(LogStream.Build, Encoding.UTF8.GetBytes(text));
            _tail.Append(text);
            if (_tail.Length > JobLogs.CapBytes)
            {
                _tail.Remove(0, _tail.Length - JobLogs.CapBytes);
                Truncated = true;
            }
        }
    }

    /// <summary>The tail kept so far.</summary>
    public string Text
    {
        get
        {
            lock (_lock)
                return _tail.ToString();
        }
    }
}
