// Valid-code corpus: a line-based chat server. A broadcast that fails for one client drops that client
// (closing it) and goes on with the others; nothing is ever written to the client that failed.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace Corpus.ChatHub;

public sealed class ChatClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;
    private readonly object _writeGate = new object();

    public ChatClient(TcpClient tcp, string name)
    {
        _tcp = tcp;
        Name = name;
        var stream = tcp.GetStream();
        _reader = new StreamReader(stream, new UTF8Encoding(false));
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
    }

    public string Name { get; }

    public string? ReadLine() => _reader.ReadLine();

    public void Send(string line)
    {
        lock (_writeGate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _tcp.Close();
}

public sealed class ChatHub
{
    private readonly object _gate = new object();
    private readonly List<ChatClient> _clients = new List<ChatClient>();

    public void Join(ChatClient client)
    {
        lock (_gate)
        {
            _clients.Add(client);
        }
    }

    /// <summary>Reads the client's lines until it disconnects, relaying each to everybody else.</summary>
    public void Serve(ChatClient client)
    {
        try
        {
            string? line;
            while ((line = client.ReadLine()) != null)
            {
                Broadcast(client.Name + ": " + line, client);
            }
        }
        catch (IOException)
        {
            // Reset by the peer: it is gone, like after an end of stream.
        }
        finally
        {
            Drop(client);
        }
    }

    public void Broadcast(string line, ChatClient from)
    {
        ChatClient[] recipients;
        lock (_gate)
        {
            recipients = _clients.ToArray();
        }

        foreach (var recipient in recipients)
        {
            if (recipient == from)
            {
                continue;
            }

            try
            {
                recipient.Send(line);
            }
            catch (IOException)
            {
                // This recipient is gone: drop it, and go on with the others.
                Drop(recipient);
            }
        }
    }

    private void Drop(ChatClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }

        client.Dispose();
    }
}
