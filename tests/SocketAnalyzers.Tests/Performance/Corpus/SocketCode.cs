using System;
using System.Text;

namespace SocketAnalyzers.Performance.Corpus;

/// <summary>
/// Socket-heavy code: a session type, a server with an accept loop, a client, classification helpers, retry
/// loops, nested try/catch, async and TLS clients, and (in some files) a large protocol dispatch method. Each file
/// mixes correct code with the bugs every rule describes (SOCK001..SOCK010), chosen per file by a seeded generator,
/// so the analyzers do their full work: build graphs, follow aliases and summaries, and report.
/// </summary>
internal static class SocketCode
{
    public static CorpusFile File(int index, int targetLines)
    {
        var random = new Prng(0x50C0000UL + (ulong)index);
        var text = new StringBuilder();
        text.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Net;
            using System.Net.Security;
            using System.Net.Sockets;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Corpus.Net.S{{index:D4}};

            """);

        // The first files of the set carry every bug for sure, so even a small corpus exercises every rule.
        bool everyBug = index < 2;
        text.Append('\n').Append(Session(random, everyBug));
        text.Append('\n').Append(Server(random, everyBug));
        text.Append('\n').Append(Client(random, everyBug));
        text.Append('\n').Append(Disconnects(random, everyBug));
        text.Append('\n').Append(RetryingSender(random));
        text.Append('\n').Append(NestedExchange(random));
        text.Append('\n').Append(AsyncClient(random, everyBug));
        // A protocol handler: in one file of three its dispatch method is large (60 to 100 cases, 400 to 650
        // lines), as hand-written protocol code is; any rest of the file's line budget makes it larger still.
        int lines = OrdinaryCode.CountLines(text);
        int cases = random.Chance(33) ? 60 + random.Next(41) : 4 + random.Next(9);
        cases += Math.Max(0, (targetLines - lines - 40 - (cases * 6)) / 6);
        text.Append('\n').Append(ProtocolHandler(random, cases));

        return new CorpusFile($"Net/S{index:D4}.cs", text.ToString(), CorpusFileKind.Socket);
    }

    private static string Session(Prng random, bool everyBug)
    {
        // SOCK001: the "send an error reply" pattern, a write into the connection whose I/O just failed.
        string errorReply = everyBug || random.Chance(50)
            ? """
                        lock (writeLock)
                        {
                            writer.WriteLine("ERR " + e.Message);
                        }

            """
            : string.Empty;

        // SOCK004: NetworkStream throws IOException, so a SocketException catch around it never fires.
        string greetCatch = everyBug || random.Chance(50) ? "SocketException" : "IOException";

        // SOCK002: one of the two "peer gone" codes of a failed write.
        string deliverFilter = everyBug || random.Chance(50)
            ? "e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }"
            : "e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown }";

        // SOCK009: an abortive close on purpose.
        string kick = everyBug || random.Chance(50)
            ? "socket.LingerState = new LingerOption(true, 0);"
            : "socket.Shutdown(SocketShutdown.Both);";

        return $$"""
            /// <summary>One connected client, served on its own thread.</summary>
            public sealed class Session
            {
                private readonly Socket socket;
                private readonly NetworkStream stream;
                private readonly StreamReader reader;
                private readonly StreamWriter writer;
                private readonly Server server;
                private readonly object writeLock = new object();

                public Session(Socket socket, Server server)
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
                            else if (line.Length > {{200 + random.Next(800)}})
                            {
                                lock (writeLock)
                                {
                                    writer.WriteLine("ERR line too long");
                                }
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
            {{errorReply}}            server.Remove(this);
                        stream.Dispose();
                        return;
                    }

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
                    catch ({{greetCatch}} e)
                    {
                        Console.WriteLine($"greeting failed: {e.Message}");
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
                    catch (IOException e) when ({{deliverFilter}})
                    {
                        return false;
                    }
                }

                public void SendFrame(byte[] payload)
                {
                    byte[] header = BitConverter.GetBytes(payload.Length);
                    lock (writeLock)
                    {
                        socket.Send(header);
                        socket.Send(payload);
                    }
                }

                /// <summary>Drops the client at once.</summary>
                public void Kick()
                {
                    {{kick}}
                    socket.Close();
                }
            }

            """;
    }

    private static string Server(Prng random, bool everyBug)
    {
        // SOCK005: the "server full" path never closes the accepted socket.
        string full = everyBug || random.Chance(50) ? string.Empty : "socket.Close();";

        // SOCK010: the failed accept's cleanup dereferences AcceptSocket, which a failed accept leaves null on Linux.
        string failedAccept = everyBug || random.Chance(50) ? "e.AcceptSocket.Close();" : "e.AcceptSocket?.Close();";
        return $$"""
            /// <summary>Accepts clients and relays each line to the others.</summary>
            public sealed class Server
            {
                private const int MaxClients = {{4 + random.Next(60)}};

                private void OnAcceptCompleted(object? sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError != SocketError.Success)
                    {
                        {{failedAccept}}
                        return;
                    }

                    e.AcceptSocket!.Close();
                }

                private readonly int port;
                private readonly List<Session> sessions = new List<Session>();

                public Server(int port)
                {
                    this.port = port;
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

                public void Run()
                {
                    var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    try
                    {
                        while (true)
                        {
                            Socket socket = listener.AcceptSocket();
                            if (Count >= MaxClients)
                            {
                                socket.Send(Encoding.UTF8.GetBytes("server full, try later\n"));
                                {{full}}
                                continue;
                            }

                            var session = new Session(socket, this);
                            lock (sessions)
                            {
                                sessions.Add(session);
                            }

                            new Thread(session.Run) { IsBackground = true, Name = "session" }.Start();
                        }
                    }
                    finally
                    {
                        listener.Stop();
                    }
                }

                public async Task RunEchoAsync(CancellationToken cancellationToken)
                {
                    var listener = new TcpListener(IPAddress.Loopback, port + 1);
                    listener.Start();
                    try
                    {
                        while (!cancellationToken.IsCancellationRequested)
                        {
                            TcpClient client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                            _ = Task.Run(() => EchoAsync(client, cancellationToken), cancellationToken);
                        }
                    }
                    finally
                    {
                        listener.Stop();
                    }
                }

                private static async Task EchoAsync(TcpClient client, CancellationToken cancellationToken)
                {
                    using (client)
                    {
                        NetworkStream stream = client.GetStream();
                        var buffer = new byte[{{1024 << random.Next(4)}}];
                        while (true)
                        {
                            int read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                            if (read == 0)
                            {
                                client.Client.Shutdown(SocketShutdown.Send);
                                break;
                            }

                            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                public void Broadcast(Session from, string line)
                {
                    Session[] others;
                    lock (sessions)
                    {
                        others = sessions.Where(session => session != from).ToArray();
                    }

                    foreach (Session other in others)
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
                    Session? target;
                    lock (sessions)
                    {
                        target = sessions.FirstOrDefault(session => session.Name == name);
                    }

                    target?.Kick();
                }

                public void Remove(Session session)
                {
                    lock (sessions)
                    {
                        sessions.Remove(session);
                    }
                }
            }

            """;
    }

    private static string Client(Prng random, bool everyBug)
    {
        // SOCK003: a native number (10054 is WSAECONNRESET on Windows only).
        string resetCheck = everyBug || random.Chance(50) ? "e.ErrorCode == 10054" : "e.SocketErrorCode == SocketError.ConnectionReset";

        // SOCK006: Receive returns 0 at once, forever, once the server has closed.
        string endOfStream = everyBug || random.Chance(50)
            ? string.Empty
            : """
                            if (received == 0)
                            {
                                break;
                            }

            """;

        // SOCK007: the send side is shut down before the last send.
        string quit = everyBug || random.Chance(50)
            ? """
                    socket.Shutdown(SocketShutdown.Send);
                    socket.Send(Encoding.UTF8.GetBytes("/quit\n"));
            """
            : """
                    socket.Send(Encoding.UTF8.GetBytes("/quit\n"));
                    socket.Shutdown(SocketShutdown.Send);
            """;

        string whoEnd = random.Chance(50) ? string.Empty : "client.Client.Shutdown(SocketShutdown.Both);";

        // SOCK008: closed after reading, without a shutdown: unread bytes turn the close into a reset.
        string probeEnd = everyBug || random.Chance(50) ? "socket.Close();" : "socket.Shutdown(SocketShutdown.Both);\n        socket.Close();";

        return $$"""
            /// <summary>The interactive client and a one-shot query.</summary>
            public static class Client
            {
                public static void Run(string host, int port, IEnumerable<string> lines)
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(host, port);
                    var printer = new Thread(() => PrintIncoming(socket)) { IsBackground = true, Name = "printer" };
                    printer.Start();
                    foreach (string line in lines)
                    {
                        try
                        {
                            socket.Send(Encoding.UTF8.GetBytes(line + "\n"));
                        }
                        catch (SocketException e) when ({{resetCheck}})
                        {
                            Console.WriteLine("The server reset the connection.");
                            return;
                        }
                    }

                    Quit(socket);
                }

                private static void PrintIncoming(Socket socket)
                {
                    var buffer = new byte[{{512 << random.Next(5)}}];
                    try
                    {
                        while (true)
                        {
                            int received = socket.Receive(buffer);
            {{endOfStream}}                Console.Write(Encoding.UTF8.GetString(buffer, 0, received));
                        }
                    }
                    catch (SocketException e) when (Disconnects.IsPeerGone(e))
                    {
                        Console.WriteLine("Disconnected.");
                    }
                    catch (ObjectDisposedException)
                    {
                        // The main thread closed the socket.
                    }
                }

                private static void Quit(Socket socket)
                {
            {{quit}}
                }

                public static int Probe(Socket socket, byte[] buffer)
                {
                    int received = socket.Receive(buffer);
                    socket.Send(buffer, 0, received, SocketFlags.None);
                    {{probeEnd}}
                    return received;
                }

                public static void Who(string host, int port)
                {
                    using var client = new TcpClient();
                    client.Connect(host, port);
                    NetworkStream stream = client.GetStream();
                    var reader = new StreamReader(stream, Encoding.UTF8);
                    var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
                    reader.ReadLine();
                    writer.WriteLine("probe-{{random.Next(100)}}");
                    writer.WriteLine("/who");
                    Console.WriteLine(reader.ReadLine());
                    {{whoEnd}}
                }
            }

            """;
    }

    private static string Disconnects(Prng random, bool everyBug)
    {
        // SOCK003: by message text and by native numbers.
        string peerGone = everyBug || random.Chance(50)
            ? """
                    return error.Message.Contains("Connection reset by peer")
                        || error.Message.Contains("Broken pipe")
                        || error is SocketException { ErrorCode: 10054 or 104 };
            """
            : """
                    return error is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown }
                        || error.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown };
            """;
        return $$"""
            /// <summary>Decides what an error means.</summary>
            public static class Disconnects
            {
                public static bool IsPeerGone(Exception error)
                {
            {{peerGone}}
                }

                public static bool IsTransient(SocketException error) =>
                    error.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted;

                public static void SendAll(Socket socket, byte[] data)
                {
                    int sent = 0;
                    while (sent < data.Length)
                    {
                        sent += socket.Send(data, sent, data.Length - sent, SocketFlags.None);
                    }
                }

                public static int ReadFully(Socket socket, byte[] buffer)
                {
                    int filled = 0;
                    while (filled < buffer.Length)
                    {
                        int received = socket.Receive(buffer, filled, buffer.Length - filled, SocketFlags.None);
                        if (received == 0)
                        {
                            return filled;
                        }

                        filled += received;
                    }

                    return filled;
                }
            }

            """;
    }

    private static string RetryingSender(Prng random) => $$"""
        /// <summary>Retries: a new connection per attempt, and one that keeps writing into the same stream.</summary>
        public sealed class RetryingSender
        {
            public int Send(string host, int port, byte[] payload, int attempts)
            {
                for (int attempt = 1; attempt <= attempts; attempt++)
                {
                    var client = new TcpClient();
                    try
                    {
                        client.Connect(host, port);
                        NetworkStream stream = client.GetStream();
                        stream.Write(payload, 0, payload.Length);
                        client.Client.Shutdown(SocketShutdown.Send);
                        return attempt;
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused || e.SocketErrorCode == SocketError.TimedOut)
                    {
                        Thread.Sleep(attempt * {{50 + random.Next(200)}});
                    }
                    finally
                    {
                        client.Dispose();
                    }
                }

                return -1;
            }

            public void SendWithRetry(NetworkStream stream, byte[] payload)
            {
                for (int attempt = 0; attempt < {{2 + random.Next(4)}}; attempt++)
                {
                    try
                    {
                        stream.Write(payload, 0, payload.Length);
                        return;
                    }
                    catch (IOException)
                    {
                        Thread.Sleep({{10 + random.Next(90)}});
                    }
                }
            }
        }

        """;

    private static string NestedExchange(Prng random) => $$"""
        /// <summary>Request and response with try/catch nested several levels deep.</summary>
        public static class NestedExchange
        {
            public static int Exchange(Socket socket, byte[] request, byte[] response)
            {
                int total = 0;
                try
                {
                    socket.Send(request);
                    try
                    {
                        int received = socket.Receive(response);
                        if (received == 0)
                        {
                            return total;
                        }

                        total += received;
                        try
                        {
                            socket.Send(response, 0, received, SocketFlags.None);
                        }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                        {
                            Thread.Sleep({{1 + random.Next(10)}});
                            socket.Send(response, 0, received, SocketFlags.None);
                        }

                        try
                        {
                            received = socket.Receive(response);
                            total += received;
                        }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
                        {
                            Console.WriteLine("no second answer: " + e.SocketErrorCode);
                        }
                    }
                    catch (SocketException e) when (Disconnects.IsTransient(e))
                    {
                        Console.WriteLine("transient: " + e.SocketErrorCode);
                    }
                }
                catch (SocketException e)
                {
                    Console.WriteLine("exchange failed: " + e.SocketErrorCode);
                    socket.Close();
                    return -1;
                }
                finally
                {
                    Console.WriteLine("exchanged " + total);
                }

                return total;
            }
        }

        """;

    private static string AsyncClient(Prng random, bool everyBug)
    {
        // SOCK001 in async code: the failure is reported into the stream that just failed.
        string failure = everyBug || random.Chance(50)
            ? "await ssl.WriteAsync(Encoding.UTF8.GetBytes(\"bye\\n\"), cancellationToken).ConfigureAwait(false);"
            : "Console.WriteLine(\"tls exchange failed\");";
        return $$"""
            /// <summary>Async request/response over TCP and TLS.</summary>
            public sealed class AsyncClient
            {
                public async Task<string> RequestAsync(string host, int port, string request, CancellationToken cancellationToken)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
                    NetworkStream stream = client.GetStream();
                    byte[] bytes = Encoding.UTF8.GetBytes(request);
                    await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    client.Client.Shutdown(SocketShutdown.Send);
                    using var response = new MemoryStream();
                    var buffer = new byte[{{1024 << random.Next(4)}}];
                    while (true)
                    {
                        int read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            break;
                        }

                        response.Write(buffer, 0, read);
                    }

                    return Encoding.UTF8.GetString(response.ToArray());
                }

                public async Task<int> SecureExchangeAsync(string host, int port, byte[] request, CancellationToken cancellationToken)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
                    using var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                    await ssl.AuthenticateAsClientAsync(host).ConfigureAwait(false);
                    var buffer = new byte[{{256 << random.Next(4)}}];
                    try
                    {
                        await ssl.WriteAsync(request, cancellationToken).ConfigureAwait(false);
                        return await ssl.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException)
                    {
                        {{failure}}
                        return -1;
                    }
                }
            }

            """;
    }

    private static string ProtocolHandler(Prng random, int cases)
    {
        var dispatch = new StringBuilder();
        for (int i = 0; i < cases; i++)
        {
            dispatch.Append($$"""
                                case "C{{i}}":
                                    counter += {{1 + random.Next(9)}};
                                    socket.Send(Encoding.ASCII.GetBytes("OK {{i}}\n"));
                                    last = "C{{i}}";
                                    break;

            """);
        }

        return $$"""
            /// <summary>A line protocol; its dispatch method is as large as the file's budget allows.</summary>
            public sealed class ProtocolHandler
            {
                private readonly Socket socket;
                private int counter;

                public ProtocolHandler(Socket socket)
                {
                    this.socket = socket;
                }

                public string Dispatch(IEnumerable<string> commands)
                {
                    string last = string.Empty;
                    foreach (string command in commands)
                    {
                        try
                        {
                            switch (command)
                            {
            {{dispatch}}                    default:
                                    socket.Send(Encoding.ASCII.GetBytes("ERR unknown\n"));
                                    break;
                            }
                        }
                        catch (SocketException e) when (Disconnects.IsTransient(e))
                        {
                            Console.WriteLine("retry later: " + e.SocketErrorCode);
                        }
                    }

                    return last + counter;
                }
            }

            """;
    }
}
