// Valid-code corpus: ending a connection gracefully. Everything buffered is flushed, our sending side is shut down
// (the peer reads 0), what the peer still sends is drained until its own end of stream, then the socket is closed:
// the peer never sees a reset, and the socket does not linger in CLOSE_WAIT.
using System;
using System.IO;
using System.Net.Sockets;

namespace Corpus.GracefulClose;

public static class GracefulClose
{
    public static void Close(Socket socket, TimeSpan drainTimeout)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            socket.ReceiveTimeout = (int)drainTimeout.TotalMilliseconds;
            var buffer = new byte[1024];
            while (socket.Receive(buffer) > 0)
            {
                // Discard: the conversation is over, we only wait for the peer's end of stream.
            }
        }
        catch (SocketException)
        {
            // Reset, or the drain timed out: close anyway.
        }
        finally
        {
            socket.Close();
        }
    }

    public static void Finish(TcpClient client, StreamWriter writer, TimeSpan drainTimeout)
    {
        try
        {
            writer.Flush();
            client.Client.Shutdown(SocketShutdown.Send);
            client.ReceiveTimeout = (int)drainTimeout.TotalMilliseconds;
            var stream = client.GetStream();
            var buffer = new byte[1024];
            while (stream.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        catch (IOException)
        {
            // The flush or the drain failed: the peer is gone, close anyway.
        }
        catch (SocketException)
        {
            // Shutdown found the connection reset already.
        }
        finally
        {
            client.Close();
        }
    }
}
