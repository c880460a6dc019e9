// Valid-code corpus: a blocking echo server over raw sockets. It reads until the peer's end of stream (0),
// shuts its own sending side down so the peer reads 0 instead of a reset, and closes every accepted socket.
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Corpus.EchoServer;

public sealed class EchoServer : System.IDisposable
{
    private readonly Socket _listener;

    public EchoServer(IPEndPoint endPoint)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
    }

    public void Run(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using (var client = _listener.Accept())
            {
                Echo(client);
            }
        }
    }

    /// <summary>Echoes everything until the peer has sent all it will send, then ends our side too.</summary>
    private static void Echo(Socket client)
    {
        var buffer = new byte[4096];
        try
        {
            int received;
            while ((received = client.Receive(buffer)) > 0)
            {
                var sent = 0;
                while (sent < received)
                {
                    sent += client.Send(buffer, sent, received - sent, SocketFlags.None);
                }
            }

            client.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            // The peer is gone (reset, or broken pipe on the echo); the caller closes the socket.
        }
    }

    public void Dispose() => _listener.Dispose();
}
