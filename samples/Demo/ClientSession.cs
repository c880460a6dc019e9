using System;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace SocketAnalyzers.Demo;

/// <summary>One connected chat client, served on its own thread.</summary>
internal sealed class ClientSession
{
    private readonly Socket socket;
    private readonly NetworkStream stream;
    private readonly StreamReader reader;
    private readonly StreamWriter writer;
    private readonly ChatServer server;
    private readonly object writeLock = new object();

    public ClientSession(Socket socket, ChatServer server)
    {
        this.socket = socket;
        this.server = server;
        stream = new NetworkStream(socket, ownsSocket: true);
        reader = new StreamReader(stream, Encoding.UTF8);
        writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    public string Name { get; private set; } = "anonymous";

    public void Run()
    {
        try
        {
            Greet();
            server.Broadcast(this, $"* {Name} joined");
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line == "/who")
                {
                    lock (writeLock)
                    {
                        writer.WriteLine(server.Who());
                    }
                }
                else if (line.StartsWith("/kick ", StringComparison.Ordinal))
                {
                    server.Kick(line.Substring("/kick ".Length));
                }
                else
                {
                    server.Broadcast(this, $"{Name}: {line}");
                }
            }

            server.Broadcast(this, $"* {Name} left");
        }
        catch (IOException e)
        {
            Console.WriteLine($"{Name}: connection lost ({e.Message})");
            lock (writeLock)
            {
                writer.WriteLine("ERR " + e.Message); // SOCK001: the reply goes to the connection that just failed
            }

            server.Remove(this);
            stream.Dispose();
            return;
        }

        // The client finished sending (ReadLine returned null): finish our side too, so it reads end of stream, not a reset.
        server.Remove(this);
        socket.Shutdown(SocketShutdown.Send);
        stream.Dispose();
    }

    private void Greet()
    {
        try
        {
            writer.WriteLine("Welcome! Send your name.");
            Name = reader.ReadLine() ?? Name;
        }
        catch (SocketException e) // SOCK004: NetworkStream throws IOException (wrapping the SocketException), so this never fires
        {
            Console.WriteLine($"greeting failed: {e.SocketErrorCode}");
            throw;
        }
    }

    /// <summary>Called from other sessions' threads; false when this client is gone.</summary>
    public bool TryDeliver(string line)
    {
        try
        {
            lock (writeLock)
            {
                writer.WriteLine(line);
            }

            return true;
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }) // SOCK002: a peer that closed first fails this write with Shutdown (broken pipe), which escapes
        {
            return false;
        }
    }

    /// <summary>Drops the client at once, discarding whatever is still queued for it.</summary>
    public void Kick()
    {
        socket.LingerState = new LingerOption(true, 0); // SOCK009: the kicked client sees a connection reset
        socket.Close();
    }
}
