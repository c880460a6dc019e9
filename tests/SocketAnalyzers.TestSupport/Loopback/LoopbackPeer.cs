using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace SocketAnalyzers.TestSupport.Loopback;

/// <summary>
/// The other end of the program's connection, scripted by the test: send bytes, end its sending side (FIN),
/// close, abort (RST), and read everything the program sends until a clean end, a reset or a deadline.
/// </summary>
public sealed class LoopbackPeer : IDisposable
{
    public LoopbackPeer(Socket socket)
    {
        Socket = socket;
    }

    public Socket Socket { get; }

    /// <summary>Bytes sent so far (the harness waits until they have reached the program's side).</summary>
    public int BytesSent { get; private set; }

    /// <summary>The peer sent RST (<see cref="Abort"/>).</summary>
    public bool Aborted { get; private set; }

    /// <summary>The peer's socket is closed (<see cref="Close"/> or <see cref="Abort"/>); it can no longer be read.</summary>
    public bool Closed { get; private set; }

    public void Send(string text) => Send(Encoding.UTF8.GetBytes(text));

    public void Send(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += Socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
        }

        BytesSent += bytes.Length;
    }

    /// <summary>Ends the peer's sending side (FIN); it can still read what the program sends.</summary>
    public void ShutdownSend() => Socket.Shutdown(SocketShutdown.Send);

    /// <summary>Closes the peer: FIN, or RST when bytes the program sent are still unread here.</summary>
    public void Close()
    {
        Socket.Close();
        Closed = true;
    }

    /// <summary>Abortive close: linger on with timeout 0, then close, which sends RST.</summary>
    public void Abort()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
        Aborted = true;
        Closed = true;
    }

    /// <summary>Reads until a read returns 0 (clean end), fails (reset or other error), or <paramref name="timeout"/> passes.</summary>
    public PeerObservation ReadToEnd(TimeSpan? timeout = null)
    {
        if (Closed)
        {
            return PeerObservation.NotObserved;
        }

        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? LoopbackPair.DefaultTimeout;
        while (true)
        {
            var remaining = limit - clock.Elapsed;
            if (remaining <= TimeSpan.Zero || !Socket.Poll(ToMicroseconds(remaining), SelectMode.SelectRead))
            {
                return new PeerObservation(received.ToArray(), PeerEnd.StillOpen, null);
            }

            int count;
            try
            {
                count = Socket.Receive(buffer);
            }
            catch (SocketException e)
            {
                var end = e.SocketErrorCode == SocketError.ConnectionReset ? PeerEnd.Reset : PeerEnd.Failed;
                return new PeerObservation(received.ToArray(), end, e.SocketErrorCode);
            }

            if (count == 0)
            {
                return new PeerObservation(received.ToArray(), PeerEnd.EndOfStream, null);
            }

            received.Write(buffer, 0, count);
        }
    }

    public void Dispose() => Socket.Dispose();

    private static int ToMicroseconds(TimeSpan span) => (int)Math.Min(int.MaxValue, Math.Ceiling(span.TotalMilliseconds * 1000));
}
