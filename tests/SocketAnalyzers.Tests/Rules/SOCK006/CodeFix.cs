using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ZeroByteReadNotEndOfStreamAnalyzer,
    SocketAnalyzers.CodeFixes.ZeroByteReadNotEndOfStreamCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK006;

/// <summary>The SOCK006 code fix, one diagnostic at a time and FixAll.</summary>
public sealed class CodeFix : ZeroByteReadNotEndOfStream
{
    [Fact]
    public Task Fix_DiscardedReceive_GetsAVariableAndTheSocketsNormalEnd() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer)
            {
                while (true)
                {
                    [|s.Receive(buffer)|];
                    Console.WriteLine(buffer[0]);
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer)
            {
                while (true)
                {
                    var n = s.Receive(buffer);
                    if (n == 0)
                        break;
                    Console.WriteLine(buffer[0]);
                }
            }
        }
        """);

    /// <summary>The method accepted the socket and nothing after the loop uses it: the end of the stream closes it too.</summary>
    [Fact]
    public Task Fix_OwnedAcceptedSocket_IsDisposedBeforeTheBreak() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Serve(Socket listener, byte[] buffer)
            {
                var s = listener.Accept();
                while (true)
                {
                    [|s.Receive(buffer)|];
                    Console.WriteLine(buffer[0]);
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Serve(Socket listener, byte[] buffer)
            {
                var s = listener.Accept();
                while (true)
                {
                    var n = s.Receive(buffer);
                    if (n == 0)
                    {
                        s.Dispose();
                        break;
                    }
                    Console.WriteLine(buffer[0]);
                }
            }
        }
        """);

    /// <summary>
    /// Owned but closed elsewhere, or no longer the method's alone: a using closes it; a socket registered with the
    /// server or used after the loop belongs to that code. Only the break is added.
    /// </summary>
    [Fact]
    public Task Fix_OwnedButUsingHandedOffOrUsedAfter_OnlyBreaks() => Verify.VerifyCodeFixAsync(Usings + """
        using System.Collections.Generic;

        class Server
        {
            readonly List<Socket> _sessions = new List<Socket>();

            void InUsing(Socket listener, byte[] b)
            {
                using var s = listener.Accept();
                while (true) { [|s.Receive(b)|]; }
            }

            void Registered(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                _sessions.Add(s);
                while (true) { [|s.Receive(b)|]; }
            }

            void UsedAfter(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                while (true) { [|s.Receive(b)|]; }
                s.Send(b);
                s.Close();
            }
        }
        """, Usings + """
        using System.Collections.Generic;

        class Server
        {
            readonly List<Socket> _sessions = new List<Socket>();

            void InUsing(Socket listener, byte[] b)
            {
                using var s = listener.Accept();
                while (true) { var n = s.Receive(b); if (n == 0) break; }
            }

            void Registered(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                _sessions.Add(s);
                while (true) { var n = s.Receive(b); if (n == 0) break; }
            }

            void UsedAfter(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                while (true) { var n = s.Receive(b); if (n == 0) break; }
                s.Send(b);
                s.Close();
            }
        }
        """);

    [Fact]
    public Task Fix_AssignedCount_TcpClientStreamAsync() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Echo(TcpClient client, byte[] buffer)
            {
                var stream = client.GetStream();
                while (true)
                {
                    int count = await [|stream.ReadAsync(buffer, 0, buffer.Length)|].ConfigureAwait(false);
                    await stream.WriteAsync(buffer, 0, count);
                }
            }
        }
        """, Usings + """
        class Server
        {
            async Task Echo(TcpClient client, byte[] buffer)
            {
                var stream = client.GetStream();
                while (true)
                {
                    int count = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                    if (count == 0)
                        break;
                    await stream.WriteAsync(buffer, 0, count);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ReadLine_FlushesTheWriterThenEndsTheClient() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Chat(TcpClient client)
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream);
                var writer = new StreamWriter(stream);
                while (true)
                {
                    string line;
                    line = [|reader.ReadLine()|];
                    writer.WriteLine(line.ToUpperInvariant());
                    writer.Flush();
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Chat(TcpClient client)
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream);
                var writer = new StreamWriter(stream);
                while (true)
                {
                    string line;
                    line = reader.ReadLine();
                    if (line == null)
                        break;
                    writer.WriteLine(line.ToUpperInvariant());
                    writer.Flush();
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ResultInsideAnExpression_IsReadFirst() => Verify.VerifyCodeFixAsync(Usings + """
        class Framing
        {
            void ReadFrame(NetworkStream ns, byte[] frame)
            {
                var offset = 0;
                while (offset < frame.Length)
                {
                    // Fill the frame.
                    offset += [|ns.Read(frame, offset, frame.Length - offset)|];
                }
            }
        }
        """, Usings + """
        class Framing
        {
            void ReadFrame(NetworkStream ns, byte[] frame)
            {
                var offset = 0;
                while (offset < frame.Length)
                {
                    // Fill the frame.
                    var n = ns.Read(frame, offset, frame.Length - offset);
                    if (n == 0)
                        break;
                    offset += n;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ReadByteConverted_IsReadFirstAndTestedForMinusOne() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Bytes(NetworkStream ns, MemoryStream sink)
            {
                while (true) { sink.WriteByte((byte)[|ns.ReadByte()|]); }
            }
        }
        """, Usings + """
        class Server
        {
            void Bytes(NetworkStream ns, MemoryStream sink)
            {
                while (true) { var value = ns.ReadByte(); if (value == -1) break; sink.WriteByte((byte)value); }
            }
        }
        """);

    [Fact]
    public Task Fix_EmbeddedStatement_GetsABlock_AndNamesDoNotCollide() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer, int n)
            {
                while (n > 0)
                    [|s.Receive(buffer)|];
            }
        }
        """, Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer, int n)
            {
                while (n > 0)
                {
                    var n2 = s.Receive(buffer);
                    if (n2 == 0)
                        break;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_SessionField() => Verify.VerifyCodeFixAsync(Usings + """
        class Session
        {
            private readonly NetworkStream _stream;
            private readonly byte[] _buffer = new byte[4096];

            public Session(TcpClient client) { _stream = client.GetStream(); }

            public void Run()
            {
                while (true)
                {
                    var read = [|_stream.Read(_buffer, 0, _buffer.Length)|];
                    Console.WriteLine(read);
                }
            }
        }
        """, Usings + """
        class Session
        {
            private readonly NetworkStream _stream;
            private readonly byte[] _buffer = new byte[4096];

            public Session(TcpClient client) { _stream = client.GetStream(); }

            public void Run()
            {
                while (true)
                {
                    var read = _stream.Read(_buffer, 0, _buffer.Length);
                    if (read == 0)
                        break;
                    Console.WriteLine(read);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_TwoReadsInOneLoop_FixAllGivesEachItsOwnName() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Frames(Socket s, byte[] header, byte[] body)
                {
                    while (true)
                    {
                        [|s.Receive(header)|];
                        [|s.Receive(body)|];
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Frames(Socket s, byte[] header, byte[] body)
                {
                    while (true)
                    {
                        var n = s.Receive(header);
                        if (n == 0)
                            break;
                        var n2 = s.Receive(body);
                        if (n2 == 0)
                            break;
                    }
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_DiscardedReadLine_OnCSharp73AndNetStandard20() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                async Task SkipHeaders(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    while (true)
                    {
                        await [|reader.ReadLineAsync()|].ConfigureAwait(false);
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                async Task SkipHeaders(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    while (true)
                    {
                        var line = await reader.ReadLineAsync().ConfigureAwait(false);
                        if (line == null)
                            break;
                    }
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();

    [Fact]
    public Task NoFix_WhereBreakWouldNotLeaveTheLoop()
    {
        var source = Usings + """
            class Server
            {
                void InSwitch(Socket s, byte[] b, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                [|s.Receive(b)|];
                                break;
                        }
                    }
                }

                void InFinally(Socket s, byte[] b)
                {
                    while (true)
                    {
                        try { Console.WriteLine(); }
                        finally { [|s.Receive(b)|]; }
                    }
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    [Fact]
    public Task NoFix_WhereReadingFirstWouldChangeTheOrder()
    {
        var source = Usings + """
            class Server
            {
                int Next() => 1;
                void Process(int a, int b) { }

                void SideEffectBefore(Socket s, byte[] b)
                {
                    while (true) { Process(Next(), [|s.Receive(b)|]); }
                }

                void Conditional(Socket s, byte[] b, bool flag)
                {
                    while (true) { var n = flag ? [|s.Receive(b)|] : 0; Console.WriteLine(n); }
                }

                void InACondition(Socket s, byte[] b)
                {
                    while (true) { if ([|s.Receive(b)|] > 100) Console.WriteLine(); }
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    [Fact]
    public Task NoFix_WhereALoopThatCouldNotEndBeforeWouldBreakTheBuild()
    {
        var source = Usings + """
            class Server
            {
                int NeedsAValueAtTheEnd(Socket s, byte[] b)
                {
                    while (true) { [|s.Receive(b)|]; }
                }

                void SectionWouldFallThrough(Socket s, byte[] b, int mode)
                {
                    switch (mode)
                    {
                        case 1:
                            while (true) { [|s.Receive(b)|]; }
                        default:
                            return;
                    }
                }

                void LocalOnlyTheLoopAssigns(Socket s, byte[] b)
                {
                    int last;
                    while (true) { last = b[0]; [|s.Receive(b)|]; }
                    Console.WriteLine(last);
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    [Fact]
    public Task Fix_LoopThatCouldNotEndBefore_WhenWhatFollowsStillCompiles() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                int Pump(Socket s, byte[] b)
                {
                    using (s)
                    {
                        while (true) { [|s.Receive(b)|]; }
                    }
                    return 0;
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                int Pump(Socket s, byte[] b)
                {
                    using (s)
                    {
                        while (true) { var n = s.Receive(b); if (n == 0) break; }
                    }
                    return 0;
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_TopLevelStatements_ShareOneScopeForNewNames() => new Verify.Test
    {
        TestCode = """
            using System.Net.Sockets;

            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var buffer = new byte[16];
            while (buffer.Length > 0) { [|s.Receive(buffer)|]; }
            var n = 0;
            while (n >= 0) { [|s.Receive(buffer)|]; }
            """,
        FixedCode = """
            using System.Net.Sockets;

            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var buffer = new byte[16];
            while (buffer.Length > 0) { var n2 = s.Receive(buffer); if (n2 == 0) break; }
            var n = 0;
            while (n >= 0) { var n3 = s.Receive(buffer); if (n3 == 0) { s.Dispose(); break; } }
            """,
        TestState = { OutputKind = OutputKind.ConsoleApplication },
    }.RunAsync();
}
