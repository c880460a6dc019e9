using System.IO;
using System.Text;
using System.Threading;

namespace SocketAnalyzers.Demo;

/// <summary>
/// Stands in for the console while the replay runs the demo's code: it drops the demo's output and counts its
/// empty writes, which is what ChatClient.PrintIncoming writes for each 0-byte read.
/// </summary>
internal sealed class CountingWriter : TextWriter
{
    private int emptyWrites;

    public override Encoding Encoding => Encoding.UTF8;

    public int EmptyWrites => Volatile.Read(ref emptyWrites);

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Interlocked.Increment(ref emptyWrites);
        }
    }

    // A line is never a 0-byte read; without this, WriteLine("") would count as one.
    public override void WriteLine(string? value)
    {
    }

    public override void Write(char value)
    {
    }
}
