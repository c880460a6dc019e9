using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SocketAnalyzers.TestSupport.Loopback;

/// <summary>
/// Two connected TCP sockets on 127.0.0.1 (never another host). Receive and send timeouts are set on both,
/// so a blocking call in a test fails with <see cref="SocketError.TimedOut"/> instead of hanging.
/// </summary>
public sealed class LoopbackPair : IDisposable
{
    /// <summary>The bound on every wait in these tests: long enough for a loaded CI machine, short enough to fail fast.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private LoopbackPair(Socket client, Socket server)
    {
        Client = client;
        Server = server;
    }

    /// <summary>The side that called Connect.</summary>
    public Socket Client { get; }

    /// <summary>The side returned by Accept.</summary>
    public Socket Server { get; }

    public static async Task<LoopbackPair> OpenAsync(TimeSpan? timeout = null)
    {
        using var listener = Listen();
        var client = NewSocket();
        try
        {
            using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
            var accept = listener.AcceptAsync(cancellation.Token).AsTask();
            await client.ConnectAsync(listener.LocalEndPoint!, cancellation.Token).ConfigureAwait(false);
            var server = await accept.ConfigureAwait(false);
            SetTimeouts(server, timeout ?? DefaultTimeout);
            return new LoopbackPair(client, server);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A listening socket on 127.0.0.1 with an ephemeral port.</summary>
    public static Socket Listen(int backlog = 4)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(backlog);
        return listener;
    }

    /// <summary>A TCP socket with the default timeouts set.</summary>
    public static Socket NewSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        SetTimeouts(socket, DefaultTimeout);
        return socket;
    }

    public static void SetTimeouts(Socket socket, TimeSpan timeout)
    {
        socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        socket.SendTimeout = (int)timeout.TotalMilliseconds;
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
