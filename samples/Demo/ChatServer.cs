using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace SocketAnalyzers.Demo;

/// <summary>Accepts chat clients and relays each line to the others.</summary>
internal sealed class ChatServer
{
    private const int MaxClients = 8;

    private readonly int port;
    private readonly List<ClientSession> sessions = new List<ClientSession>();
    private Socket? listenSocket;

    public ChatServer(int port)
    {
        this.port = port;
    }

    public void Run()
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Console.WriteLine($"chat server listening on 127.0.0.1:{port}");
        try
        {
            while (true)
            {
                Socket socket = listener.AcceptSocket(); // SOCK005: the "server full" path below never closes it
                if (Count >= MaxClients)
                {
                    socket.Send(Encoding.UTF8.GetBytes("server full, try later\n"));
                    continue;
                }

                var session = new ClientSession(socket, this);
                Register(session);
                new Thread(session.Run) { IsBackground = true, Name = "session" }.Start();
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The same server on SocketAsyncEventArgs: one accept pending at a time, completions on the thread pool.</summary>
    public void RunWithEventArgs()
    {
        listenSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listenSocket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listenSocket.Listen(MaxClients);
        Console.WriteLine($"chat server (event args) listening on 127.0.0.1:{port}");
        var args = new SocketAsyncEventArgs();
        args.Completed += OnAcceptCompleted;
        StartAccept(args);
        Thread.Sleep(Timeout.Infinite);
    }

    private void StartAccept(SocketAsyncEventArgs args)
    {
        args.AcceptSocket = null;
        if (!listenSocket!.AcceptAsync(args))
        {
            OnAcceptCompleted(listenSocket, args);
        }
    }

    private void OnAcceptCompleted(object? sender, SocketAsyncEventArgs e)
    {
        if (e.SocketError != SocketError.Success)
        {
            Console.WriteLine($"accept failed: {e.SocketError}");
            e.AcceptSocket!.Close(); // SOCK010: a failed accept leaves AcceptSocket null on Linux, so this ends the process
            return;
        }

        var session = new ClientSession(e.AcceptSocket!, this);
        Register(session);
        new Thread(session.Run) { IsBackground = true, Name = "session" }.Start();
        StartAccept(e);
    }

    private void Register(ClientSession session)
    {
        lock (sessions)
        {
            sessions.Add(session);
        }
    }

    private int Count
    {
        get
        {
            lock (sessions)
            {
                return sessions.Count;
            }
        }
    }

    public void Broadcast(ClientSession from, string line)
    {
        ClientSession[] others;
        lock (sessions)
        {
            others = sessions.Where(session => session != from).ToArray();
        }

        foreach (ClientSession other in others)
        {
            if (!other.TryDeliver(line))
            {
                Remove(other);
            }
        }
    }

    public string Who()
    {
        lock (sessions)
        {
            return "online: " + string.Join(", ", sessions.Select(session => session.Name));
        }
    }

    public void Kick(string name)
    {
        ClientSession? target;
        lock (sessions)
        {
            target = sessions.FirstOrDefault(session => session.Name == name);
        }

        target?.Kick();
    }

    public void Remove(ClientSession session)
    {
        lock (sessions)
        {
            sessions.Remove(session);
        }
    }
}
