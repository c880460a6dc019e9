using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SocketAnalyzers.Demo;

/// <summary>A connected client and server socket on 127.0.0.1 for the replay, and the small socket chores around them.</summary>
internal sealed class LoopbackPair : IDisposable
{
    private LoopbackPair(Socket client, Socket server)
    {
        Client = client;
        Server = server;
    }

    public Socket Client { get; }

    public Socket Server { get; }

    public static LoopbackPair Open()
    {
        using TcpListener listener = Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            client.Connect(listener.LocalEndpoint);
            Socket server = listener.AcceptSocket();
            foreach (Socket socket in new[] { client, server })
            {
                socket.ReceiveTimeout = (int)Timeout.TotalMilliseconds;
                socket.SendTimeout = (int)Timeout.TotalMilliseconds;
            }

            return new LoopbackPair(client, server);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>How long any single receive or send of the replay may block.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The client leaves abortively: the server's next operation sees a connection reset.</summary>
    public void AbortClient()
    {
#pragma warning disable SOCK009 // The replay resets the connection on purpose: it is the misbehaving peer.
        Client.LingerState = new LingerOption(true, 0);
#pragma warning restore SOCK009
        Client.Close();
    }

    /// <summary>The client leaves gracefully: the server reads end of stream.</summary>
    public void CloseClient() => CloseGracefully(Client);

    /// <summary>The server leaves gracefully: the client reads end of stream.</summary>
    public void CloseServer() => CloseGracefully(Server);

    public void Dispose()
    {
        CloseGracefully(Client);
        CloseGracefully(Server);
    }

    public static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    /// <summary>A port nothing listens on right now, for the chat server, which takes a port number.</summary>
    public static int FreePort()
    {
        using TcpListener listener = Listen();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>, retrying while the server is still starting.</summary>
    public static Socket ConnectWhenListening(int port, TimeSpan patience)
    {
        DateTime deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            {
                ReceiveTimeout = (int)Timeout.TotalMilliseconds,
                SendTimeout = (int)Timeout.TotalMilliseconds,
            };
            try
            {
                socket.Connect(IPAddress.Loopback, port);
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused && DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                System.Threading.Thread.Sleep(20);
            }
        }
    }

    /// <summary>What arrives until <paramref name="marker"/> has, or until end of stream or the time runs out.</summary>
    public static string ReceiveUntil(Socket socket, string marker, TimeSpan patience)
    {
        socket.ReceiveTimeout = (int)patience.TotalMilliseconds;
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int count;
            while (!received.ToString().Contains(marker, StringComparison.Ordinal) && (count = socket.Receive(buffer)) > 0)
            {
                received.Append(Encoding.UTF8.GetString(buffer, 0, count));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            // What came so far is the answer.
        }

        return received.ToString();
    }

    /// <summary>
    /// The state of the IPv4 connection from 127.0.0.1:<paramref name="localPort"/> to port <paramref name="remotePort"/>
    /// as Linux lists it in /proc/net/tcp, or null where there is no such table or no such connection.
    /// </summary>
    public static string? TcpState(int localPort, int remotePort)
    {
        const string Table = "/proc/net/tcp";
        if (!File.Exists(Table))
        {
            return null;
        }

        foreach (string[] columns in File.ReadLines(Table).Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (columns.Length > 3 && Port(columns[1]) == localPort && Port(columns[2]) == remotePort)
            {
                // The kernel's numbering of TCP states (include/net/tcp_states.h).
                return columns[3] switch
                {
                    "01" => "ESTABLISHED",
                    "06" => "TIME_WAIT",
                    "07" => "CLOSE",
                    "08" => "CLOSE_WAIT",
                    "09" => "LAST_ACK",
                    string other => "state " + other,
                };
            }
        }

        return null;
    }

    private static int Port(string address) => int.Parse(address.Substring(address.IndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static void CloseGracefully(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset or never connected: there is nothing to finish.
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        socket.Close();
    }
}
