using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace SocketAnalyzers.Demo;

/// <summary>The interactive client and the one-shot "who" query.</summary>
internal static class ChatClient
{
    public static void Run(int port, string name)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, port);
        var printer = new Thread(() => PrintIncoming(socket)) { IsBackground = true, Name = "printer" };
        printer.Start();

        socket.Send(Encoding.UTF8.GetBytes(name + "\n"));
        string? line;
        while ((line = Console.ReadLine()) != null && line != "/quit")
        {
            try
            {
                socket.Send(Encoding.UTF8.GetBytes(line + "\n"));
            }
            catch (SocketException e) when (e.ErrorCode == 10054) // SOCK003: 10054 is WSAECONNRESET on Windows only; Linux reports 104, macOS 54
            {
                Console.WriteLine("The server reset the connection.");
                return;
            }
        }

        Quit(socket);
    }

    internal static void PrintIncoming(Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int received = socket.Receive(buffer); // SOCK006: after the server closes, Receive returns 0 at once, forever
                Console.Write(Encoding.UTF8.GetString(buffer, 0, received));
            }
        }
        catch (SocketException e) when (Disconnects.IsPeerGone(e))
        {
            Console.WriteLine("Disconnected.");
        }
        catch (ObjectDisposedException)
        {
            // The main thread closed the socket on /quit.
        }
    }

    internal static void Quit(Socket socket)
    {
        // Tell the server we are done sending...
        socket.Shutdown(SocketShutdown.Send);
        socket.Send(Encoding.UTF8.GetBytes("/quit\n")); // SOCK007: the send side is already shut down: this fails with SocketError.Shutdown
    }

    /// <summary>Connects, asks who is online, prints the answer and hangs up.</summary>
    public static void Who(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp); // SOCK008: closed after reading without Shutdown: chat lines still arriving turn the close into a reset
        socket.Connect(IPAddress.Loopback, port);
        socket.Send(Encoding.UTF8.GetBytes("who-probe\n/who\n"));
        var buffer = new byte[4096];
        var received = new StringBuilder();
        int count;
        while (!received.ToString().Contains("online:", StringComparison.Ordinal) && (count = socket.Receive(buffer)) > 0)
        {
            received.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }

        Console.Write(received);
    }
}
